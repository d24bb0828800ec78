// The player's overlay along the bottom of the picture: the title; what plays (清晰度, and 字幕 with its
// key); a thick progress bar with elapsed / total time; and the three keys that matter as big labelled
// controls, each lit for a moment when its key is used. It hides a few seconds after the last key while the
// video plays, and stays while anything else is going on.
import { Lightning } from '@lightningjs/sdk';
import { centredLabel, plate, roundRect } from '../../components/focus.ts';
import { text } from '../../components/Text.ts';
import { clockText } from '../../data/format.ts';
import { report } from '../../observe.ts';
import { player } from '../../player/hls-player.ts';
import { settings } from '../../settings.ts';
import { colors, contentWidth, layout, plateColor } from '../../theme/index.ts';
import type { PlayerState } from './Player.ts';
import { qualityName } from './renditions.ts';

const O = layout.player.overlay;
const C = layout.player.controls;
const BAR_W = contentWidth;
const BAR_H = layout.player.progressH;
const KNOB = BAR_H * 2;
const HIDE_AFTER_MS = 5000;
/** How long a control stays lit after its key. */
const FLASH_MS = 700;

export type Control = 'Back' | 'Play' | 'Fwd';
const CONTROLS: Control[] = ['Back', 'Play', 'Fwd'];

/** One of the three big controls: the key and what it does ("← 后退"). */
function pill(label: string) {
  return { ...plate(C.w, C.h), Label: { ...centredLabel(C.w, C.h), ...text(label, { role: 'heading', bold: true }) } };
}

export class PlayerOverlay extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private playing = false;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      y: layout.screenH - O.h,
      w: layout.screenW,
      h: O.h,
      rect: true,
      color: plateColor('overlay'),
      Title: { x: layout.safeX, y: O.titleY, ...text('', { role: 'heading', bold: true, width: contentWidth - O.titleRoom, maxLines: 1 }) },
      Quality: { x: layout.screenW - layout.safeX, y: O.qualityY, mountX: 1, ...text('', { role: 'caption', color: colors.textSecondary }) },
      Track: {
        x: layout.safeX,
        y: O.trackY,
        ...roundRect(BAR_W, BAR_H, BAR_H / 2),
        color: colors.trackBar,
        Fill: { ...roundRect(BAR_W, BAR_H, BAR_H / 2), w: 0, color: colors.progress },
        Knob: { x: 0, y: BAR_H / 2, mount: 0.5, ...roundRect(KNOB, KNOB, KNOB / 2), color: colors.ring },
      },
      Time: { x: layout.safeX, y: O.timeY, ...text('00:00 / 00:00', { role: 'title', bold: true }) },
      Controls: {
        x: layout.screenW - layout.safeX - 3 * C.w - 2 * C.gap,
        y: C.y,
        Back: { x: 0, ...pill('← 后退') },
        Play: { x: C.w + C.gap, ...pill('OK 暂停') },
        Fwd: { x: 2 * (C.w + C.gap), ...pill('→ 前进') },
      },
    };
  }

  setTitle(title: string): void {
    this.tag('Title')!.text!.text = title;
  }

  setProgress(current: number, duration: number): void {
    const ratio = duration > 0 ? Math.min(1, Math.max(0, current / duration)) : 0;
    this.tag('Track.Fill')!.w = Math.max(BAR_H, BAR_W * ratio);
    this.tag('Track.Knob')!.x = BAR_W * ratio;
    this.tag('Time')!.text!.text = `${clockText(current)} / ${clockText(duration)}`;
  }

  /** The rendition playing now, in words (hls.js may change it as the network changes), and the caption key. */
  showQuality(): void {
    const h = player.levels[player.level];
    const subs = player.hasCaptions ? `字幕：${settings().captions ? '开' : '关'}（按↓）   ` : '';
    const label = `${subs}${h ? `清晰度：${qualityName(h)}` : ''}`;
    const el = this.tag('Quality')!;
    if (el.text!.text !== label) el.text!.text = label;
  }

  /** Follows the player's state: what OK does now, and whether the controls mean anything. */
  showState(state: PlayerState): void {
    this.playing = state === 'playing';
    this.tag('Controls.Play.Label')!.text!.text = state === 'paused' || state === 'ended' ? 'OK 播放' : 'OK 暂停';
    // The keys do something else while a question is on screen: do not show them then.
    this.tag('Controls')!.alpha = state === 'error' || state === 'loading' ? 0 : 1;
  }

  /** Shows the overlay; with `autoHide`, it hides a few seconds later if the video is playing by then. */
  show(autoHide = true): void {
    this.setSmooth('alpha', 1, { duration: 0.2 });
    report({ overlay: true });
    clearTimeout(this.hideTimer);
    if (autoHide) {
      this.hideTimer = setTimeout(() => {
        if (!this.playing) return; // paused, loading or stuck: keep telling
        this.setSmooth('alpha', 0, { duration: 0.4 });
        report({ overlay: false });
      }, HIDE_AFTER_MS);
    }
  }

  /** Hides it at once (a question covers the screen: 谁在看). */
  hide(): void {
    clearTimeout(this.hideTimer);
    this.alpha = 0;
    report({ overlay: false });
  }

  get isUp(): boolean {
    return this.alpha > 0.5;
  }

  /** Lights up the control that the key just used, so the viewer sees what happened. */
  flash(control: Control | null): void {
    for (const c of CONTROLS) {
      const on = c === control;
      this.tag(`Controls.${c}`)!.color = on ? colors.surfaceFocused : colors.surface;
      this.tag(`Controls.${c}.Label`)!.color = on ? colors.textOnFocused : colors.text;
    }
    clearTimeout(this.flashTimer);
    if (control) this.flashTimer = setTimeout(() => this.flash(null), FLASH_MS);
  }

  /** Stops its timers, as the player is left. */
  stop(): void {
    clearTimeout(this.hideTimer);
    clearTimeout(this.flashTimer);
  }
}
