// The player: the video fills the screen (the <video> under a transparent canvas) with a large overlay —
// title, a thick progress bar with elapsed / total time, and the three keys that matter shown as big
// labelled controls — that hides a few seconds after the last key while playing.
// OK pauses and plays; ← → jump 10 s, 30 s when pressed again and again or held; Back leaves.
// Loading, buffering and errors are said in words; on an error the viewer gets 重试 and 换一个清晰度.
// Never a black screen: the poster shows whenever no picture is playing.
import { Lightning, Router } from '@lightningjs/sdk';
import { Button, BUTTON_W } from '../components/Button.ts';
import { plate, roundRect } from '../components/focus.ts';
import { text } from '../components/Text.ts';
import { ApiError, loadItem, mediaUrl } from '../data/api.ts';
import { clockText, wrapCjk } from '../data/format.ts';
import { progressOf, resumable, saveProgress } from '../data/progress.ts';
import { installHlsLoader, player } from '../player/hls-player.ts';
import { APPLY_AFTER_MS, SeekGatherer } from '../player/seek.ts';
import { report } from '../observe.ts';
import { settings, updateSettings } from '../settings.ts';
import { colors, contentWidth, layout, plateColor } from '../theme/index.ts';

const OVERLAY_H = layout.overlayH;
const BAR_W = contentWidth;
const BAR_H = layout.progressH;
const KNOB = BAR_H * 2;
const HIDE_AFTER_MS = 5000;
/** Buffering longer than this is treated as a problem the viewer can act on. */
const STALL_MS = 15_000;
const PILL_W = 300;
const PILL_H = 96;
const MSG = layout.message;

/** Names people use for renditions (from the height). */
export const qualityName = (height: number) => (height >= 720 ? '高清' : height >= 480 ? '标清' : '流畅');

type PlayerState = 'loading' | 'playing' | 'paused' | 'buffering' | 'error' | 'ended';

/** One of the three big controls: the key and what it does ("← 后退"). */
function pill(label: string) {
  return { ...plate(PILL_W, PILL_H), Label: { x: PILL_W / 2, y: PILL_H / 2 + 4, mount: 0.5, ...text(label, { role: 'heading', bold: true }) } };
}

export class Player extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private itemId = '';
  private url = '';
  private title = '';
  private phase: PlayerState = 'loading';
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private seekTimer: ReturnType<typeof setTimeout> | undefined;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingSeek = 0;
  private lastSaved = 0;
  private lastPosition = 0;
  /** Bumped whenever the page starts or leaves, so a load finishing after the viewer left is dropped. */
  private visit = 0;
  /** The pinned rendition (index, lowest first) or -1 for automatic. */
  private level = -1;
  private levels: number[] = [];
  private choice = 0;
  private seeker = new SeekGatherer();

  get announce(): string {
    return this.title ? `正在播放：${this.title}` : '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      // Shown whenever no picture plays (loading, errors, the end): never a black screen.
      Poster: { w: layout.screenW, h: layout.screenH, rect: true, color: colors.background, Image: { w: layout.screenW, h: layout.screenH, alpha: 0 } },
      Overlay: {
        y: layout.screenH - OVERLAY_H,
        w: layout.screenW,
        h: OVERLAY_H,
        rect: true,
        color: plateColor('overlay'),
        Title: { x: layout.safeX, y: 20, ...text('', { role: 'heading', bold: true, width: contentWidth - 260, maxLines: 1 }) },
        Quality: { x: layout.screenW - layout.safeX, y: 26, mountX: 1, ...text('', { role: 'caption', color: colors.textSecondary }) },
        Track: {
          x: layout.safeX,
          y: 104,
          ...roundRect(BAR_W, BAR_H, BAR_H / 2),
          color: colors.trackBar,
          Fill: { ...roundRect(BAR_W, BAR_H, BAR_H / 2), w: 0, color: colors.progress },
          Knob: { x: 0, y: BAR_H / 2, mount: 0.5, ...roundRect(KNOB, KNOB, KNOB / 2), color: colors.ring },
        },
        Time: { x: layout.safeX, y: 156, ...text('00:00 / 00:00', { role: 'title', bold: true }) },
        Controls: {
          x: layout.screenW - layout.safeX - 3 * PILL_W - 2 * 24,
          y: 150,
          Back: { x: 0, ...pill('← 后退') },
          Play: { x: PILL_W + 24, ...pill('OK 暂停') },
          Fwd: { x: 2 * (PILL_W + 24), ...pill('→ 前进') },
        },
      },
      // Captions, drawn by the app from the theme: large, on a plate, above the overlay when it shows.
      Caption: {
        x: layout.screenW / 2,
        y: layout.screenH - layout.safeY,
        mountX: 0.5,
        mountY: 1,
        alpha: 0,
        rect: true,
        color: plateColor('message'),
        Text: { x: 32, y: 12, ...text('', { role: 'title', bold: true, width: contentWidth - 64, align: 'center' }) },
      },
      Jump: {
        x: layout.screenW / 2,
        y: layout.safeY + 40,
        mountX: 0.5,
        alpha: 0,
        ...roundRect(760, 110),
        color: plateColor('message'),
        Text: { x: 380, y: 59, mount: 0.5, ...text('', { role: 'title', bold: true }) },
      },
      Message: {
        x: (layout.screenW - MSG.w) / 2,
        y: 300,
        alpha: 0,
        ...roundRect(MSG.w, MSG.h),
        color: plateColor('message'),
        Text: { x: MSG.w / 2, y: 40, mountX: 0.5, ...text('', { role: 'heading', width: MSG.w - 100, align: 'center' }) },
        Buttons: { y: MSG.h - layout.button.h - 36 },
      },
    };
  }

  override set params(p: { itemId?: string }) {
    this.itemId = p.itemId ?? '';
  }

  override _active(): void {
    report({ route: `play/${this.itemId}`, focused: null, message: null, player: null });
    installHlsLoader((why) => this.fail(why));
    this.level = -1;
    this.lastPosition = 0;
    void this.start();
  }

  override _inactive(): void {
    this.visit++;
    [this.hideTimer, this.flashTimer, this.seekTimer, this.stallTimer].forEach(clearTimeout);
    this.seeker.reset();
    this.save(true);
    player.close();
    report({ player: null });
  }

  /** Remembers where the viewer is, so reopening offers to continue from there; `now` reports it at once. */
  private save(now = false): void {
    const duration = player.duration;
    if (!this.title || !(duration > 0)) return;
    saveProgress({ itemId: this.itemId, title: this.title, position: player.currentTime, duration }, { now });
    this.lastSaved = Date.now();
  }

  /** Calls an App method ($ask, $announce…). Not named `fire`: Lightning's state machine owns that name. */
  private tellApp(name: string, ...args: unknown[]): void {
    (this.fireAncestors as unknown as (n: string, ...a: unknown[]) => void).call(this, name, ...args);
  }

  private setState(state: PlayerState): void {
    this.phase = state;
    const showPoster = state === 'loading' || state === 'error' || state === 'ended';
    this.tag('Poster')!.setSmooth('alpha', showPoster ? 1 : 0, { duration: 0.3 });
    const playLabel = state === 'paused' || state === 'ended' ? 'OK 播放' : 'OK 暂停';
    this.tag('Overlay.Controls.Play.Label')!.text!.text = playLabel;
    // The keys do something else while a question is on screen: do not show them then.
    this.tag('Overlay.Controls')!.alpha = state === 'error' || state === 'loading' ? 0 : 1;
    report({ player: state });
  }

  private async start(): Promise<void> {
    const visit = ++this.visit;
    this.setState('loading');
    this.say('正在加载视频，请稍候…');
    this.tag('Overlay.Title')!.text!.text = '';
    this.setProgress(0, 0);
    try {
      const item = await loadItem(this.itemId);
      if (visit !== this.visit) return; // the viewer has already left
      if (!item.video) throw new ApiError('no_video', '这条内容没有视频。');
      this.title = item.title;
      this.tag('Overlay.Title')!.text!.text = item.title;
      this.tag('Poster.Image')!.patch({ src: mediaUrl(item.video.poster), alpha: 1 });
      this.url = mediaUrl(item.video.hls);
      const saved = progressOf(this.itemId);
      if (this.lastPosition > 0) {
        this.play(this.lastPosition); // a retry carries on where it stopped
      } else if (resumable(saved)) {
        this.say('');
        this.tellApp('$ask', `从上次 ${clockText(saved.position)} 继续播放？`, ['继续播放', '从头开始'], (i: number) => {
          this.play(i === 0 ? saved.position : 0);
        }, () => Router.back()); // Back on the question: one step back, out of the player
      } else {
        this.play(0);
      }
    } catch (e) {
      if (visit === this.visit) this.fail(e instanceof ApiError ? e.message : '这个视频暂时无法播放。');
    }
  }

  private play(from: number): void {
    this.pendingSeek = from;
    this.setState('loading');
    this.say(this.level >= 0 ? `正在换成${qualityName(this.levels[this.level] ?? 0)}，请稍候…` : '正在加载视频，请稍候…');
    player.open(this.url, this, this.level);
    this.showOverlay();
  }

  private fail(why: string): void {
    if (player.currentTime > 0) this.lastPosition = player.currentTime;
    this.levels = player.levels.length ? player.levels : this.levels;
    player.close();
    [this.stallTimer, this.seekTimer].forEach(clearTimeout);
    this.seeker.reset();
    this.tag('Jump')!.alpha = 0;
    this.setState('error');
    this.offerChoices(why);
    report({ message: why });
    this.tellApp('$announce', `${why}按 OK 键重试`);
  }

  /** The error (or stall) message with 重试 and, when there is more than one rendition, 换一个清晰度. */
  private offerChoices(why: string): void {
    const choices = ['重试', ...(this.levels.length > 1 ? ['换一个清晰度'] : [])];
    this.say(`${why}\n按 返回 键回到上一页。`);
    const gap = 60;
    const total = choices.length * BUTTON_W + (choices.length - 1) * gap;
    this.tag('Message.Buttons')!.children = choices.map((_, i) => ({ type: Button, x: (MSG.w - total) / 2 + i * (BUTTON_W + gap) }));
    this.buttons.forEach((b, i) => b.setLabel(choices[i]!));
    this.choice = 0;
    this.highlightChoice();
    this.showOverlay(false);
  }

  private get buttons(): Button[] {
    return (this.tag('Message.Buttons')?.children ?? []) as Button[];
  }

  private highlightChoice(): void {
    this.buttons.forEach((b, i) => b.highlight(i === this.choice));
    report({ focused: this.buttons[this.choice]?.label ?? null });
  }

  private clearChoices(): void {
    this.tag('Message.Buttons')!.children = [];
    report({ focused: null });
  }

  private say(message: string): void {
    this.tag('Message')!.alpha = message ? 1 : 0;
    this.tag('Message.Text')!.text!.text = message;
    if (!message) this.clearChoices();
  }

  private setProgress(current: number, duration: number): void {
    const ratio = duration > 0 ? Math.min(1, Math.max(0, current / duration)) : 0;
    this.tag('Overlay.Track.Fill')!.w = Math.max(BAR_H, BAR_W * ratio);
    this.tag('Overlay.Track.Knob')!.x = BAR_W * ratio;
    this.tag('Overlay.Time')!.text!.text = `${clockText(current)} / ${clockText(duration)}`;
  }

  private showOverlay(autoHide = true): void {
    this.tag('Overlay')!.setSmooth('alpha', 1, { duration: 0.2 });
    report({ overlay: true });
    clearTimeout(this.hideTimer);
    if (autoHide) {
      this.hideTimer = setTimeout(() => {
        if (this.phase !== 'playing') return; // paused, loading or stuck: keep telling
        this.tag('Overlay')!.setSmooth('alpha', 0, { duration: 0.4 });
        report({ overlay: false });
      }, HIDE_AFTER_MS);
    }
  }

  /** Lights up the control that the key just used, so the viewer sees what happened. */
  private flash(control: 'Back' | 'Play' | 'Fwd' | null): void {
    for (const c of ['Back', 'Play', 'Fwd']) {
      const on = c === control;
      this.tag(`Overlay.Controls.${c}`)!.color = on ? colors.surfaceFocused : colors.surface;
      this.tag(`Overlay.Controls.${c}.Label`)!.color = on ? colors.textOnFocused : colors.text;
    }
    clearTimeout(this.flashTimer);
    if (control) this.flashTimer = setTimeout(() => this.flash(null), 700);
  }

  private captionText = '';
  private showCaption(): void {
    const on = settings().captions && this.phase !== 'error' && this.phase !== 'ended';
    const caption = on ? player.captionAt(player.currentTime) : '';
    const box = this.tag('Caption')!;
    if (caption !== this.captionText) {
      this.captionText = caption;
      box.tag('Text')!.text!.text = wrapCjk(caption);
      report({ caption: caption || null });
    }
    // Above the overlay while it shows, so neither hides the other.
    const overlayUp = this.tag('Overlay')!.alpha > 0.5;
    box.y = overlayUp ? layout.screenH - OVERLAY_H - 16 : layout.screenH - layout.safeY;
    box.alpha = caption ? 1 : 0;
  }

  private onCaptionTxLoaded(): void {
    const t = this.tag('Caption.Text')!;
    this.tag('Caption')!.patch({ w: Math.min(contentWidth, t.renderWidth + 64), h: t.renderHeight + 24 });
    t.x = 32;
  }

  override _init(): void {
    this.tag('Caption.Text')!.on('txLoaded', () => this.onCaptionTxLoaded());
  }

  /** The rendition playing now, in words (hls.js may change it as the network changes). */
  private showQuality(): void {
    const h = player.levels[player.level];
    const subs = player.hasCaptions ? `字幕：${settings().captions ? '开' : '关'}（按↓）   ` : '';
    const label = `${subs}${h ? `清晰度：${qualityName(h)}` : ''}`;
    const el = this.tag('Overlay.Quality')!;
    if (el.text!.text !== label) el.text!.text = label;
  }

  // Events the SDK's VideoPlayer fires on its consumer.
  $videoPlayerPlaying(): void {
    clearTimeout(this.stallTimer);
    this.say('');
    this.setState('playing');
    this.showOverlay();
    report({ message: null });
  }

  $videoPlayerWaiting(): void {
    if (this.phase === 'error') return;
    this.setState('buffering');
    this.say('正在缓冲，请稍候…');
    this.showOverlay(false);
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (this.phase !== 'buffering') return;
      this.levels = player.levels;
      this.lastPosition = player.currentTime;
      this.offerChoices('网络太慢，视频一直在缓冲。');
    }, STALL_MS);
  }

  $videoPlayerTimeUpdate(): void {
    if (this.seeker.pending === undefined) this.setProgress(player.currentTime, player.duration);
    this.showQuality();
    this.showCaption();
    if (player.currentTime > 0) this.lastPosition = player.currentTime;
    if (Date.now() - this.lastSaved > 5000) this.save();
  }

  $videoPlayerLoadedMetadata(): void {
    this.levels = player.levels;
    this.showQuality();
    if (this.pendingSeek > 0) {
      player.seek(this.pendingSeek);
      this.pendingSeek = 0;
    }
  }

  $videoPlayerPause(): void {
    if (this.phase === 'playing' || this.phase === 'buffering') this.setState('paused');
    this.save(true);
    this.showOverlay(false);
  }

  $videoPlayerEnded(): void {
    this.setState('ended');
    this.lastPosition = 0;
    this.say('播放完了。按 OK 键从头再看，按 返回 键回到上一页。');
    this.showOverlay(false);
  }

  $videoPlayerError(): void {
    if (this.phase !== 'error') this.fail('这个视频暂时无法播放。');
  }

  private get choosing(): boolean {
    return this.buttons.length > 0;
  }

  private togglePlay(): void {
    if (this.phase === 'paused') {
      player.play();
      this.setState('playing');
      this.tellApp('$announce', '继续播放');
    } else if (this.phase === 'playing' || this.phase === 'buffering') {
      player.pause();
      this.setState('paused');
      this.tellApp('$announce', '已暂停');
    }
    this.flash('Play');
    this.showOverlay();
  }

  private seek(dir: -1 | 1): boolean {
    if (this.choosing || !(player.duration > 0)) return true;
    const { target, step } = this.seeker.press(dir, Date.now(), player.currentTime, player.duration);
    if (step !== 0) {
      const word = dir > 0 ? '前进' : '后退';
      this.tag('Jump.Text')!.text!.text = `${dir > 0 ? '→' : '←'} ${word} ${Math.abs(Math.round(step))} 秒`;
      this.tag('Jump')!.alpha = 1;
      report({ message: `${word}${Math.abs(Math.round(step))}秒` });
    }
    this.setProgress(target, player.duration);
    this.flash(dir > 0 ? 'Fwd' : 'Back');
    this.showOverlay();
    clearTimeout(this.seekTimer);
    this.seekTimer = setTimeout(() => {
      const to = this.seeker.take();
      if (to !== undefined) player.seek(to);
      this.tag('Jump')!.setSmooth('alpha', 0, { duration: 0.4 });
    }, APPLY_AFTER_MS);
    return true;
  }

  override _handleEnter(): boolean {
    if (this.choosing) {
      const label = this.buttons[this.choice]?.label;
      this.clearChoices();
      if (label === '换一个清晰度') {
        // One step lower each time; after the lowest, back to automatic.
        const current = this.level >= 0 ? this.level : this.levels.length - 1;
        this.level = current > 0 ? current - 1 : -1;
      }
      if (this.phase === 'error' || this.phase === 'buffering') {
        player.close();
        if (this.url) this.play(this.lastPosition);
        else void this.start();
      }
      return true;
    }
    if (this.phase === 'ended') {
      this.play(0);
      return true;
    }
    this.togglePlay();
    return true;
  }

  override _handleLeft(): boolean {
    if (this.choosing) {
      this.choice = Math.max(0, this.choice - 1);
      this.highlightChoice();
      return true;
    }
    return this.seek(-1);
  }

  override _handleRight(): boolean {
    if (this.choosing) {
      this.choice = Math.min(this.buttons.length - 1, this.choice + 1);
      this.highlightChoice();
      return true;
    }
    return this.seek(1);
  }

  override _handleUp(): boolean {
    this.showOverlay(this.phase === 'playing');
    return true;
  }

  /** ↓ switches captions on and off (when the video has them). */
  override _handleDown(): boolean {
    if (player.hasCaptions && !this.choosing) {
      const on = !settings().captions;
      updateSettings({ captions: on });
      this.tellApp('$announce', on ? '字幕已打开' : '字幕已关闭');
      this.showQuality();
      this.showCaption();
    }
    this.showOverlay(this.phase === 'playing');
    return true;
  }

  // Media keys of remotes that have them.
  _handlePlayPause(): boolean {
    return this._handleEnter();
  }
  _handlePlay(): boolean {
    if (this.phase === 'paused') this.togglePlay();
    return true;
  }
  _handlePause(): boolean {
    if (this.phase === 'playing') this.togglePlay();
    return true;
  }
  _handleRewind(): boolean {
    return this.seek(-1);
  }
  _handleFastForward(): boolean {
    return this.seek(1);
  }
  _handleStop(): boolean {
    Router.back();
    return true;
  }
}
