// Home: the ten sections as big numbered tiles (5 × 2). Arrows move, OK opens, a digit opens directly.
import { Lightning, Router } from '@lightningjs/sdk';
import { ApiError } from '../data/api.ts';
import { catalog, isFromCache, lastSectionId, refreshCatalog } from '../data/store.ts';
import { SectionTile, TILE_H, TILE_W } from '../components/SectionTile.ts';
import { hintBar } from '../components/HintBar.ts';
import { glyphsCentredAt, text } from '../components/Text.ts';
import { markInteractive, report } from '../observe.ts';
import { preloadHls } from '../player/hls-player.ts';
import { settings } from '../settings.ts';
import { colors, layout, plateColor } from '../theme/index.ts';

const COLS = 5;
const GAP_X = (layout.screenW - 2 * layout.safeX - COLS * TILE_W) / (COLS - 1);
const GAP_Y = 48;
const GRID_Y = 236;
/** Tianjin's TV reform: after 20 s idle on the start screen, show something playing. */
const IDLE_PLAY_MS = 20_000;
/** hls.js loads this long after home is interactive, so it does not slow the start. */
const PRELOAD_AFTER_MS = 1500;
/** When the CMS cannot be reached: retry after 5 s, then 10, 20, 40, at most every 60 s. */
const RETRY_MS = [5_000, 10_000, 20_000, 40_000, 60_000];

export class Home extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private index = 0;
  private failed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      rect: true,
      color: colors.background,
      Header: {
        x: layout.safeX,
        y: layout.safeY + 8,
        Title: text('客厅 · 街道党建与便民服务', { role: 'display', bold: true }),
        Sub: { y: 96, ...text('用遥控器选一个栏目，按 OK 键进入；也可以直接按栏目的数字键', { role: 'caption', color: colors.textSecondary }) },
        // In the Sub line's place while the CMS cannot be reached (the bottom of the screen is the key hints').
        Banner: {
          y: 84,
          w: layout.screenW - 2 * layout.safeX,
          h: 72,
          rect: true,
          alpha: 0,
          color: plateColor('hint'),
          Text: { x: 24, y: glyphsCentredAt(36, 'caption'), mountY: 0.5, ...text('暂时连不上服务器，先显示上次的内容。', { role: 'caption', color: colors.textSecondary }) },
        },
      },
      Grid: { x: layout.safeX, y: GRID_Y },
      Message: {
        x: layout.screenW / 2,
        y: 520,
        mount: 0.5,
        ...text('正在加载，请稍候…', { role: 'heading', width: 1400, align: 'center' }),
      },
      Hint: hintBar('←↑→↓ 选择 · OK 打开 · 数字键 进栏目 · 绿键 通知 · 黄键 继续看 · 蓝键 设置'),
    };
  }

  override _firstActive(): void {
    void this.load();
  }

  override _active(): void {
    if (catalog()) void this.load(); // each return to home picks up what was published meanwhile
    const last = lastSectionId();
    if (last) {
      this.focusSection(last); // a digit or colour key may have opened it: come back to its tile
      this._refocus();
    }
    report({ route: 'home', message: null });
    this.reportFocus();
    this.restartIdle();
  }

  override _inactive(): void {
    clearTimeout(this.idleTimer);
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
    const s = this.tiles[this.index]?.section;
    report({ focused: s ? `${s.key} ${s.title}` : null });
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.tiles[this.index];
  }

  override _handleLeft(): boolean {
    return this.index % COLS === 0 ? true : this.move(this.index - 1);
  }

  override _handleRight(): boolean {
    return this.index % COLS === COLS - 1 ? true : this.move(this.index + 1);
  }

  override _handleUp(): boolean {
    return this.move(this.index - COLS);
  }

  override _handleDown(): boolean {
    return this.move(this.index + COLS);
  }

  override _handleEnter(): boolean {
    if (this.failed) {
      void this.load();
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
