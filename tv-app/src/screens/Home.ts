// Home: the ten sections as big numbered tiles (5 × 2). Arrows move, OK opens, a digit opens directly.
import { Lightning, Router } from '@lightningjs/sdk';
import { ApiError } from '../data/api.ts';
import { boxStatus, onBoxStatus } from '../data/boxes.ts';
import { air, onAir, type AirState } from '../data/broadcasts.ts';
import { catalog, isFromCache, lastSectionId, refreshCatalog } from '../data/store.ts';
import { LiveBanner } from '../components/LiveBanner.ts';
import { SectionTile, TILE_H, TILE_W } from '../components/SectionTile.ts';
import { screenFrame } from '../components/ScreenFrame.ts';
import { glyphsCentredAt, text } from '../components/Text.ts';
import { markInteractive, report } from '../observe.ts';
import { preloadHls } from '../player/hls-player.ts';
import { keepSession, takeSession } from '../session.ts';
import { settings } from '../settings.ts';
import { colors, contentWidth, layout, plateColor } from '../theme/index.ts';

const COLS = 5;
const GAP_X = (contentWidth - COLS * TILE_W) / (COLS - 1);
const { gridY: GRID_Y, gridGapY: GAP_Y, banner: BANNER } = layout.home;
/** Tianjin's TV reform: after 20 s idle on the start screen, show something playing. */
const IDLE_PLAY_MS = 20_000;
/** hls.js loads this long after home is interactive, so it does not slow the start. */
const PRELOAD_AFTER_MS = 1500;
/** When the CMS cannot be reached: retry after 5 s, then 10, 20, 40, at most every 60 s. */
const RETRY_MS = [5_000, 10_000, 20_000, 40_000, 60_000];
const SUB = '用遥控器选一个栏目，按 OK 键进入；也可以直接按栏目的数字键';
/**
 * On a box the CMS says is not paired to a household: the caption line says so, and where to pair it, on the first
 * home screen after the box is switched on (a settings restart is not one), until the viewer leaves home. Never
 * asked, never in the way: the viewer cannot pair a box alone (staff do, in the admin), so it is said once.
 */
const PAIRING_OFFER = '这台电视还没有绑定家庭。工作人员请按蓝键进入设置，选「绑定家庭」';
const OFFER_KEY = 'keting.pairingOffer';
/** Whether this is the first home of this power-on (the page's first, and no reload of it said so before). */
let offerWindow: boolean | undefined;
function firstHomeOfPowerOn(): boolean {
  if (offerWindow === undefined) {
    offerWindow = takeSession<boolean>(OFFER_KEY) === undefined;
    keepSession(OFFER_KEY, true);
  }
  return offerWindow;
}

export class Home extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private index = 0;
  private failed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The focus is on the 正在直播 banner (shown only while something is on air). */
  private onBanner = false;
  private liveTitle: string | null = null;
  private unwatch = () => {};
  private unwatchBox = () => {};

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return screenFrame(
      {
        title: '客厅 · 街道党建与便民服务',
        sub: SUB,
        header: {
          // In the Sub line's place while the CMS cannot be reached (the bottom of the screen is the key hints').
          Banner: {
            y: BANNER.y,
            w: contentWidth,
            h: BANNER.h,
            rect: true,
            alpha: 0,
            color: plateColor('hint'),
            Text: { x: BANNER.padX, y: glyphsCentredAt(BANNER.h / 2, 'caption'), mountY: 0.5, ...text('暂时连不上服务器，先显示上次的内容。', { role: 'caption', color: colors.textSecondary }) },
          },
          // While a broadcast is on air: in the title's place, focusable, OK opens the live view.
          Live: { type: LiveBanner, alpha: 0 },
        },
        hint: '←↑→↓ 选择 · OK 打开 · 数字键 进栏目 · 绿键 通知 · 黄键 继续看 · 蓝键 设置',
      },
      {
        Grid: { x: layout.safeX, y: GRID_Y },
        Message: {
          x: layout.screenW / 2,
          y: layout.notice.y,
          mount: 0.5,
          ...text('正在加载，请稍候…', { role: 'heading', width: layout.notice.w, align: 'center' }),
        },
      },
    );
  }

  override _firstActive(): void {
    void this.load();
  }

  override _active(): void {
    if (catalog()) void this.load(); // each return to home picks up what was published meanwhile
    const last = lastSectionId();
    if (last) {
      this.onBanner = false;
      this.focusSection(last); // a digit or colour key may have opened it: come back to its tile
      this._refocus();
    }
    this.liveTitle = null;
    this.showLive(air(), !last);
    this.unwatch = onAir((s) => this.showLive(s, true));
    if (firstHomeOfPowerOn()) {
      this.offerPairing();
      this.unwatchBox = onBoxStatus(() => this.offerPairing()); // the first hello may answer while home is up
    }
    report({ route: 'home', message: null });
    this.reportFocus();
    this.restartIdle();
  }

  override _inactive(): void {
    clearTimeout(this.idleTimer);
    this.unwatch();
    this.unwatchBox();
    if (offerWindow) {
      offerWindow = false; // the first home is over: never again until the box is switched on again
      this.tag('Header.Sub')!.text!.text = SUB;
    }
  }

  /** Says in the caption line that this box is not paired and where to pair it (PAIRING_OFFER). */
  private offerPairing(): void {
    if (!offerWindow || boxStatus()?.paired !== false) return;
    this.unwatchBox();
    this.tag('Header.Sub')!.text!.text = PAIRING_OFFER;
  }

  private get banner(): LiveBanner {
    return this.tag('Header.Live') as unknown as LiveBanner;
  }

  /**
   * Shows the 正在直播 banner while something is on air, in the title's place; a broadcast that comes on air (or is
   * on as home opens fresh) takes the focus, so OK alone opens it.
   */
  private showLive(s: AirState, takeFocus: boolean): void {
    const title = s.onAir?.programme.title ?? null;
    if (title === this.liveTitle) return;
    this.liveTitle = title;
    if (title) this.banner.setTitle(title);
    this.banner.alpha = title ? 1 : 0;
    this.tag('Header.Title')!.alpha = title ? 0 : 1;
    if (!isFromCache()) this.tag('Header.Sub')!.alpha = title ? 0 : 1;
    const focusBanner = title !== null && (takeFocus || this.onBanner);
    if (focusBanner !== this.onBanner) {
      this.onBanner = focusBanner;
      this._refocus();
      this.reportFocus();
    }
  }

  /** Any key on home restarts the idle clock (returning false lets the key go on to its handler). */
  override _captureKey(): boolean {
    this.restartIdle();
    return false;
  }

  private restartIdle(): void {
    clearTimeout(this.idleTimer);
    if (!settings().idlePlay) return;
    this.idleTimer = setTimeout(() => {
      const featured = catalog()?.sections.flatMap((s) => s.items).find((i) => i.kind === 'video');
      if (featured && Router.getActiveHash() === 'home') Router.navigate(`play/${featured.id}`);
    }, IDLE_PLAY_MS);
  }

  private async load(): Promise<void> {
    this.failed = false;
    clearTimeout(this.retryTimer);
    if (!catalog()) this.tag('Message')!.patch({ alpha: 1, text: { text: '正在加载，请稍候…' } });
    try {
      const before = catalog()?.version;
      await refreshCatalog();
      if (catalog()!.version !== before || this.tiles.length === 0) this.build();
      this.showOffline(isFromCache());
      if (isFromCache()) this.scheduleRetry();
      else this.retries = 0;
    } catch (e) {
      if (catalog()) {
        this.showOffline(true); // keep showing what we have
        this.scheduleRetry();
        return;
      }
      this.failed = true;
      const why = e instanceof ApiError ? e.message : '加载失败。';
      this.tag('Message')!.patch({ alpha: 1, text: { text: `${why}\n按 OK 键重试，或稍等一会儿` } });
      report({ ready: true, message: why });
      this.scheduleRetry();
    }
  }

  private showOffline(offline: boolean): void {
    this.tag('Header.Banner')!.setSmooth('alpha', offline ? 1 : 0, { duration: 0.3 });
    this.tag('Header.Sub')!.setSmooth('alpha', offline ? 0 : 1, { duration: 0.3 });
    report({ offline });
  }

  /** Retries on its own with growing pauses, so the TV recovers without anyone pressing a key. */
  private scheduleRetry(): void {
    const wait = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)]!;
    this.retries++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.load(), wait);
  }

  private build(): void {
    const c = catalog()!;
    this.tag('Grid')!.children = c.sections.map((s, i) => ({
      type: SectionTile,
      x: (i % COLS) * (TILE_W + GAP_X),
      y: Math.floor(i / COLS) * (TILE_H + GAP_Y),
    }));
    (this.tag('Grid')!.children as SectionTile[]).forEach((tile, i) => tile.setSection(c.sections[i]!, i, c.sections.length));
    this.tag('Message')!.alpha = 0;

    this._refocus();
    report({ ready: true });
    this.reportFocus();
    markInteractive();
    // The player's hls.js is not needed to show home: fetch it once home is up.
    setTimeout(() => void preloadHls().catch(() => undefined), PRELOAD_AFTER_MS);
  }

  /** New content came in (App.ts): the counts change in place, the focus stays on its tile. */
  $catalogChanged(): void {
    const c = catalog();
    if (!c) return;
    if (this.tiles.length !== c.sections.length) {
      this.build();
      return;
    }
    this.tiles.forEach((tile, i) => tile.setSection(c.sections[i]!, i, c.sections.length));
  }

  private get tiles(): SectionTile[] {
    return (this.tag('Grid')?.children ?? []) as SectionTile[];
  }

  private move(to: number): boolean {
    if (to < 0 || to >= this.tiles.length) return true; // stay; never wrap unexpectedly
    this.index = to;
    this._refocus();
    this.reportFocus();
    return true;
  }

  private reportFocus(): void {
    if (this.onBanner) {
      report({ focused: `正在直播：${this.liveTitle}` });
      return;
    }
    const s = this.tiles[this.index]?.section;
    report({ focused: s ? `${s.key} ${s.title}` : null });
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.onBanner ? this.banner : this.tiles[this.index];
  }

  private toBanner(on: boolean): boolean {
    this.onBanner = on;
    this._refocus();
    this.reportFocus();
    return true;
  }

  override _handleLeft(): boolean {
    if (this.onBanner) return true;
    return this.index % COLS === 0 ? true : this.move(this.index - 1);
  }

  override _handleRight(): boolean {
    if (this.onBanner) return true;
    return this.index % COLS === COLS - 1 ? true : this.move(this.index + 1);
  }

  override _handleUp(): boolean {
    if (this.onBanner) return true;
    if (this.index < COLS && this.liveTitle) return this.toBanner(true);
    return this.move(this.index - COLS);
  }

  override _handleDown(): boolean {
    if (this.onBanner) return this.toBanner(false);
    return this.move(this.index + COLS);
  }

  /** The play key opens the live channel from home, whether or not a broadcast is on (README: the remote). */
  _handlePlay(): boolean {
    Router.navigate('live');
    return true;
  }
  _handlePlayPause(): boolean {
    return this._handlePlay();
  }

  override _handleEnter(): boolean {
    if (this.failed) {
      void this.load();
      return true;
    }
    if (this.onBanner) {
      Router.navigate('live');
      return true;
    }
    const s = this.tiles[this.index]?.section;
    if (s) Router.navigate(`section/${s.id}`);
    return true;
  }

  /** Focus the tile of a section (used when a digit opened it, so Back lands on it). */
  focusSection(id: string): void {
    const i = this.tiles.findIndex((t) => t.section?.id === id);
    if (i >= 0) this.index = i;
  }
}
