// A section: its items as a vertical list of large rows; ↑↓ move a row, ←→ (and the page keys) a page of rows,
// OK opens (video → player, everything else → reader). The header says where the focus is (第 51 条，共 1,000 条).
//
// A list may hold years of items, so only the rows on screen exist, plus one row just outside each end of the
// window (drawn ahead, clipped away): a handful of ItemRows that take the item of the place they are on as the
// window moves. The items themselves come a page at a time (data/store.ts), the next page asked for well before
// the viewer reaches the end of what is loaded. The window shows whole rows only: it moves a row at a time
// without a scrolling animation, and its clip region stops inside the gaps between rows.
import { Lightning, Router } from '@lightningjs/sdk';
import { ItemRow, ROW_H } from '../components/ItemRow.ts';
import { screenFrame } from '../components/ScreenFrame.ts';
import { text } from '../components/Text.ts';
import { countText, positionText } from '../data/format.ts';
import { holdPosition, progressOf } from '../data/progress.ts';
import { catalog, listById, refreshCatalog, rememberSection, type ItemList } from '../data/store.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';

const LIST_Y = layout.contentY;
const STEP = layout.row.h + layout.row.gap;
/** Whole rows on screen: one page. */
const PAGE = layout.section.rows;
/** Room left and right of the list for the focused row's ring and scale. */
const BLEED = layout.focusBleed;
/** Room above and below: less than the gap between rows, so the rows outside the window never show. */
const RING_ROOM = layout.section.ringRoom;
/** Rows kept: the page, and one beyond each end of it (drawn ahead, outside the clip region). */
const POOL = PAGE + 2;

/** What the Router keeps in the way back (historyState): the section and the item the focus was on. */
interface Kept {
  sectionId: string;
  index: number;
  itemId: string | null;
}

export class Section extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private index = 0;
  /** The place of the window's first row. */
  private first = 0;
  private sectionId = '';
  private list?: ItemList;
  private stopListening = () => {};
  /** Where to go once the items up to there are loaded (a move past the end of what is loaded). */
  private pending: number | undefined;
  /** An item to put the focus back on (the way back, a new catalog) once it is loaded. */
  private restoreItem: string | null = null;
  /** The way back arrived before the list could be shown. */
  private backTo: { index: number; itemId: string | null } | undefined;

  /** Said once when the section opens, before the focused item. */
  get announce(): string {
    const l = this.list;
    if (!l) return '';
    return l.total > 0 ? `${l.title}栏目，共${l.total}条` : `${l.title}栏目，暂时还没有内容`;
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return screenFrame(
      {
        title: '',
        sub: '',
        subStyle: { width: layout.header.subW, maxLines: 1 },
        header: {
          Position: { x: contentWidth, y: layout.section.positionY, mountX: 1, ...text('', { role: 'heading', bold: true, color: colors.textSecondary }) },
        },
        hint: '↑↓ 选择 · ←→ 翻页 · OK 打开 · 返回 上一页 · 数字键 换栏目 · 红键 回首页',
      },
      {
        Viewport: {
          x: layout.safeX - BLEED,
          y: LIST_Y - RING_ROOM,
          w: contentWidth + 2 * BLEED,
          h: PAGE * STEP - layout.row.gap + 2 * RING_ROOM,
          clipping: true,
          List: { x: BLEED, y: RING_ROOM },
        },
        // Under the last whole row: how many more there are below (the list goes on past the screen's bottom).
        More: { x: layout.safeX, y: LIST_Y + PAGE * STEP, ...text('', { role: 'caption', color: colors.textSecondary }) },
        Empty: { x: layout.screenW / 2, y: layout.notice.y, mount: 0.5, alpha: 0, ...text('这个栏目暂时还没有内容。', { role: 'heading' }) },
      },
    );
  }

  override _init(): void {
    this.tag('List')!.children = Array.from({ length: POOL }, () => ({ type: ItemRow, alpha: 0 }));
    this.rows.forEach((r, i) => (r.place = -POOL - i)); // no place yet (places run from -1)
  }

  override set params(p: { sectionId?: string }) {
    // A section opened anew starts at its top; the way back puts the focus back (historyState, after this).
    this.sectionId = p.sectionId ?? '';
    this.index = 0;
    this.first = 0;
    this.pending = undefined;
    this.restoreItem = null;
    this.backTo = undefined;
    void this.show();
  }

  /** The Router's way back: asked what to keep when the viewer leaves, given it back when they return. */
  override historyState(state?: Record<string, unknown> | null): Record<string, unknown> | undefined {
    if (state === undefined || state === null) {
      const kept: Kept = { sectionId: this.sectionId, index: this.index, itemId: this.focusedItem()?.id ?? null };
      return { ...kept };
    }
    const kept = state as Partial<Kept>;
    if (kept.sectionId === this.sectionId && typeof kept.index === 'number') this.goBackTo(kept.index, kept.itemId ?? null);
    return undefined;
  }

  private async show(): Promise<void> {
    const id = this.sectionId;
    if (!catalog()) await refreshCatalog().catch(() => undefined);
    if (id !== this.sectionId) return; // another section was asked for meanwhile
    rememberSection(id);
    this.take(listById(id));
    report({ route: `section/${id}`, ready: true });
    this.reportFocus();
  }

  /** Shows `list` (or says there is no such section) from the current index. */
  private take(list: ItemList | undefined): void {
    this.stopListening();
    this.list = list;
    this.stopListening = list ? list.onGrow(() => this.grown()) : () => {};
    this.tag('Header.Title')!.text!.text = list ? `${list.key ? `${list.key}  ` : ''}${list.title}` : '找不到这个栏目';
    this.tag('Header.Sub')!.text!.text = list ? list.description : '按 返回 键回到首页';
    if (list && this.backTo) {
      const { index, itemId } = this.backTo;
      this.backTo = undefined;
      this.goBackTo(index, itemId);
      return;
    }
    this.index = Math.min(this.index, Math.max(0, this.count - 1));
    this.draw();
  }

  /** More items came in (a page, or the yellow list's items found by id). */
  private grown(): void {
    if (this.restoreItem) {
      const at = this.items.findIndex((i) => i.id === this.restoreItem);
      if (at >= 0) {
        this.restoreItem = null;
        this.pending = undefined; // its place was only the way to it
        this.index = at;
      }
    }
    const to = this.pending;
    if (to !== undefined && (to < this.count || this.list?.complete)) {
      this.pending = undefined;
      this.restoreItem = null; // the item was not found up to its place (withdrawn): the place it is then
      this.index = Math.min(to, this.count - 1);
    }
    this.draw();
    this.reportFocus();
  }

  /** Back from an item: the focus goes to the item it was on (found again, or at the same place). */
  private goBackTo(index: number, itemId: string | null): void {
    if (!this.list) {
      this.backTo = { index, itemId }; // not shown yet (home was still loading): take() comes back here
      return;
    }
    this.pending = undefined;
    this.index = index;
    const at = itemId ? this.items.findIndex((i) => i.id === itemId) : -1;
    if (at >= 0) this.index = at;
    else if (index >= this.count && this.list && !this.list.complete) {
      this.pending = index;
      this.restoreItem = itemId;
      void this.list.ensure(index).catch(() => undefined);
    }
    this.index = Math.min(this.index, Math.max(0, this.count - 1));
    this.draw();
    this.reportFocus();
  }

  /** New content came in (App.ts): the list starts again from the new home, the focus stays on its item. */
  $catalogChanged(): void {
    const itemId = this.focusedItem()?.id ?? null;
    const index = this.index;
    this.take(listById(this.sectionId));
    this.goBackTo(index, itemId);
  }

  override _active(): void {
    if (this.list) {
      report({ route: `section/${this.sectionId}`, message: null });
      this.reportFocus();
    }
  }

  override _inactive(): void {
    this.pending = undefined;
  }

  private get items() {
    return this.list?.items ?? [];
  }

  /** How many items are loaded (rows the focus can reach now). */
  private get count(): number {
    return this.items.length;
  }

  private get rows(): ItemRow[] {
    return (this.tag('List')?.children ?? []) as ItemRow[];
  }

  private focusedItem() {
    return this.items[this.index];
  }

  /**
   * Puts the window where the focus is and gives each row the item of its place: the window keeps one row above
   * the focused one where there is one, and never ends in empty places when the list has more.
   */
  private draw(): void {
    const count = this.count;
    this.first = Math.max(0, Math.min(this.index - 1, count - PAGE));
    // Places first-1 … first+PAGE; a row whose place is still wanted keeps its item (its texts are drawn already).
    const wanted = new Set<number>();
    for (let p = this.first - 1; p <= this.first + PAGE; p++) wanted.add(p);
    const rows = this.rows;
    const free = rows.filter((r) => !wanted.has(r.place));
    for (const r of rows) if (wanted.has(r.place)) wanted.delete(r.place);
    for (const p of wanted) free.pop()!.place = p;
    for (const r of rows) {
      const onScreen = r.place >= this.first && r.place < this.first + PAGE;
      // A row beyond either end is clipped away: it takes its item after this frame (bindAhead), so a key's frame
      // only moves rows whose texts are drawn already.
      if (onScreen) this.bind(r);
      r.y = (r.place - this.first) * STEP;
    }
    this.tag('Empty')!.patch({
      alpha: this.list && count === 0 && this.list.complete && this.list.settled ? 1 : 0,
      text: { text: this.sectionId === 'continue' ? '还没有看到一半的视频。' : '这个栏目暂时还没有内容。' },
    });
    this.tag('Header.Position')!.text!.text = this.list && count > 0 ? positionText(this.index, this.list.total) : '';
    const below = this.list ? this.list.total - (this.first + PAGE) : 0;
    this.tag('More')!.text!.text = count > 0 && below > 0 ? `↓ 下面还有 ${countText(below)} 条` : '';
    this._refocus();
    // A row that had the focus and went out of sight (a page key) does not fade out over the clip region's edge.
    for (const r of rows) if (r.place < this.first || r.place >= this.first + PAGE) r.settle();
    this.afterFrame();
  }

  /** Gives a row the item of its place (or hides it where there is none). */
  private bind(r: ItemRow): void {
    const item = r.place >= 0 ? this.items[r.place] : undefined;
    if (item && this.list) {
      if (r.item !== item || r.position !== r.place || r.total !== this.list.total) r.setItem(item, r.place, this.list.total);
      r.alpha = 1;
    } else {
      r.alpha = 0;
    }
  }

  private afterFrameQueued = false;
  /**
   * Once the frame that shows a key's effect is drawn: the rows beyond the ends take their items (drawn ahead,
   * clipped away), and the next page is asked for if the focus is near the end of what is loaded (a real section
   * opened from home has only home's newest items: its first page is asked for at once). Neither the texts nor the
   * request and its answer delay that frame.
   */
  private afterFrame(): void {
    if (this.afterFrameQueued) return;
    this.afterFrameQueued = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.afterFrameQueued = false;
        for (const r of this.rows) if (r.place < this.first || r.place >= this.first + PAGE) this.bind(r);
        if (this.list && !this.list.complete) this.list.prefetch(this.index);
      }),
    );
  }

  /** Moves the focus `by` rows (keys pressed while a page is coming count from where they were headed). */
  private move(by: number): boolean {
    if (!this.list || this.count === 0) return true;
    const from = this.pending ?? this.index;
    const target = Math.max(0, Math.min(from + by, this.list.total - 1));
    if (target === from) return true;
    if (target >= this.count) {
      // Not loaded yet (the viewer outran the prefetch): go as far as there is, and on once the page is in.
      this.pending = target;
      void this.list.ensure(target).catch(() => (this.pending = undefined)); // offline: stay at the end of what there is
      if (this.index === this.count - 1) return true;
      this.index = this.count - 1;
    } else {
      this.pending = undefined;
      this.index = target;
    }
    this.draw();
    this.reportFocus();
    return true;
  }

  private reportFocus(): void {
    const item = this.focusedItem();
    report({ focused: item ? item.title : null, position: item && this.list ? positionText(this.index, this.list.total) : null });
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.rows.find((r) => r.place === this.index && r.item !== undefined);
  }

  override _handleUp(): boolean {
    return this.move(-1);
  }

  override _handleDown(): boolean {
    return this.move(1);
  }

  /** ← and → move a page (the rows on screen) at a time; so do the remote's page keys. */
  override _handleLeft(): boolean {
    return this.move(-PAGE);
  }

  override _handleRight(): boolean {
    return this.move(PAGE);
  }

  _handlePageUp(): boolean {
    return this._handleLeft();
  }

  _handlePageDown(): boolean {
    return this._handleRight();
  }

  override _handleEnter(): boolean {
    const item = this.focusedItem();
    if (!item) return true;
    // The 继续观看 list is there to continue: OK resumes at once, no question (← then starts over).
    const saved = this.sectionId === 'continue' ? progressOf(item.id) : undefined;
    if (saved && item.kind === 'video') holdPosition(item.id, saved.position);
    Router.navigate(item.kind === 'video' ? `play/${item.id}` : `item/${item.id}`);
    return true;
  }
}
