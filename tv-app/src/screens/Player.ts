// The player: the video fills the screen (the <video> under a transparent canvas) with a large overlay —
// title, progress bar, elapsed / total time and the keys — that hides after a few seconds.
// OK pauses and plays, ← → jump 10 s, Back leaves. Loading and errors are said in words.
import { Lightning } from '@lightningjs/sdk';
import { roundRect } from '../components/focus.ts';
import { text } from '../components/Text.ts';
import { ApiError, loadItem, mediaUrl } from '../data/api.ts';
import { clockText } from '../data/format.ts';
import { progressOf, resumable, saveProgress } from '../data/progress.ts';
import { installHlsLoader, player } from '../player/hls-player.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, layout, plateColor } from '../theme/index.ts';

const OVERLAY_H = layout.overlayH;
const BAR_W = contentWidth;
const HIDE_AFTER_MS = 5000;
const SEEK_S = 10;

export class Player extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private itemId = '';
  private url = '';
  private failed = false;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private title = '';
  private pendingSeek = 0;
  private lastSaved = 0;
  /** Bumped whenever the page starts or leaves, so a load finishing after the viewer left is dropped. */
  private visit = 0;

  get announce(): string {
    return this.title ? `正在播放：${this.title}` : '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      // No background: the video shows through the transparent stage.
      Overlay: {
        y: layout.screenH - OVERLAY_H,
        w: layout.screenW,
        h: OVERLAY_H,
        rect: true,
        color: plateColor('overlay'),
        Title: { x: layout.safeX, y: 28, ...text('', { role: 'heading', bold: true, width: contentWidth, maxLines: 1 }) },
        Track: {
          x: layout.safeX,
          y: 116,
          w: BAR_W,
          h: 20,
          rect: true,
          color: colors.trackBar,
          Fill: { w: 0, h: 20, rect: true, color: colors.surfaceFocused },
        },
        Time: { x: layout.safeX, y: 150, ...text('00:00 / 00:00', { role: 'heading', bold: true }) },
        Keys: {
          x: layout.screenW - layout.safeX,
          y: 158,
          mountX: 1,
          ...text('OK 暂停/播放 · ←→ 快退/快进10秒 · 返回 退出', { role: 'caption', color: colors.textSecondary }),
        },
      },
      Message: {
        x: layout.screenW / 2,
        y: 420,
        mount: 0.5,
        alpha: 0,
        ...roundRect(1300, 260),
        color: plateColor('message'),
        Text: { x: 650, y: 130, mount: 0.5, ...text('', { role: 'heading', width: 1200, align: 'center' }) },
      },
    };
  }

  override set params(p: { itemId?: string }) {
    this.itemId = p.itemId ?? '';
  }

  override _active(): void {
    report({ route: `play/${this.itemId}`, focused: null, message: null });
    installHlsLoader((why) => this.fail(why));
    void this.start();
  }

  override _inactive(): void {
    this.visit++;
    clearTimeout(this.hideTimer);
    this.save();
    player.close();
  }

  /** Remembers where the viewer is, so reopening offers to continue from there. */
  private save(): void {
    const duration = player.duration;
    if (!this.title || !Number.isFinite(duration) || duration <= 0) return;
    saveProgress({ itemId: this.itemId, title: this.title, position: player.currentTime, duration });
    this.lastSaved = Date.now();
  }

  private ask(question: string, choices: string[], answer: (i: number) => void): void {
    (this.fireAncestors as unknown as (n: string, q: string, c: string[], a: (i: number) => void) => void).call(
      this, '$ask', question, choices, answer,
    );
  }

  private async start(): Promise<void> {
    this.failed = false;
    const visit = ++this.visit;
    this.say('正在加载视频，请稍候…');
    this.tag('Overlay.Title')!.text!.text = '';
    this.setProgress(0, 0);
    try {
      const item = await loadItem(this.itemId);
      if (visit !== this.visit) return; // the viewer has already left
      if (!item.video) throw new ApiError('no_video', '这条内容没有视频。');
      this.title = item.title;
      this.tag('Overlay.Title')!.text!.text = item.title;
      this.url = mediaUrl(item.video.hls);
      const saved = progressOf(this.itemId);
      if (resumable(saved)) {
        this.say('');
        this.ask(`从上次 ${clockText(saved.position)} 继续播放？`, ['继续播放', '从头开始'], (i) => {
          this.play(i === 0 ? saved.position : 0);
        });
      } else {
        this.play(0);
      }
    } catch (e) {
      if (visit === this.visit) this.fail(e instanceof ApiError ? e.message : '这个视频暂时无法播放。');
    }
  }

  private play(from: number): void {
    this.pendingSeek = from;
    this.say('正在加载视频，请稍候…');
    player.open(this.url, this);
    this.showOverlay();
  }

  private fail(why: string): void {
    this.failed = true;
    player.close();
    this.say(`${why}\n按 OK 键重试，按 返回 键回到上一页。`);
    report({ message: why });
    this.showOverlay(false);
  }

  private say(message: string): void {
    this.tag('Message')!.alpha = message ? 1 : 0;
    this.tag('Message.Text')!.text!.text = message;
  }

  private setProgress(current: number, duration: number): void {
    const ratio = duration > 0 ? Math.min(1, current / duration) : 0;
    this.tag('Overlay.Track.Fill')!.w = BAR_W * ratio;
    this.tag('Overlay.Time')!.text!.text = `${clockText(current)} / ${clockText(duration)}`;
  }

  private showOverlay(autoHide = true): void {
    this.tag('Overlay')!.setSmooth('alpha', 1, { duration: 0.2 });
    clearTimeout(this.hideTimer);
    if (autoHide) {
      this.hideTimer = setTimeout(() => {
        if (player.playing) this.tag('Overlay')!.setSmooth('alpha', 0, { duration: 0.4 });
      }, HIDE_AFTER_MS);
    }
  }

  // Events the SDK's VideoPlayer fires on its consumer.
  $videoPlayerPlaying(): void {
    this.say('');
    this.showOverlay();
    report({ message: null });
  }

  $videoPlayerWaiting(): void {
    this.say('正在缓冲…');
  }

  $videoPlayerTimeUpdate(): void {
    this.setProgress(player.currentTime, player.duration);
    if (Date.now() - this.lastSaved > 5000) this.save();
  }

  $videoPlayerLoadedMetadata(): void {
    if (this.pendingSeek > 0) {
      player.seek(this.pendingSeek);
      this.pendingSeek = 0;
    }
  }

  $videoPlayerPause(): void {
    this.showOverlay(false);
  }

  $videoPlayerEnded(): void {
    this.say('播放完了。按 OK 键从头再看，按 返回 键回到上一页。');
    this.failed = true; // OK restarts
    this.showOverlay(false);
  }

  $videoPlayerError(): void {
    if (!this.failed) this.fail('这个视频暂时无法播放。');
  }

  override _handleEnter(): boolean {
    if (this.failed) {
      void this.start();
    } else {
      player.playPause();
      this.showOverlay();
    }
    return true;
  }

  override _handleLeft(): boolean {
    player.skip(-SEEK_S);
    this.showOverlay();
    return true;
  }

  override _handleRight(): boolean {
    player.skip(SEEK_S);
    this.showOverlay();
    return true;
  }

  override _handleUp(): boolean {
    this.showOverlay();
    return true;
  }

  override _handleDown(): boolean {
    this.showOverlay();
    return true;
  }
}
