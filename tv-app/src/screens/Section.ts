// A section: its items as a vertical list of large rows; up/down move, OK opens (video → player,
// everything else → reader). The list scrolls so the focused row is always on screen.
import { Lightning, Router } from '@lightningjs/sdk';
import { ItemRow, ROW_H } from '../components/ItemRow.ts';
import { hintBar } from '../components/HintBar.ts';
import { text } from '../components/Text.ts';
import { catalog, refreshCatalog, rememberSection, sectionById } from '../data/store.ts';
import type { SectionWithItems } from '../data/api.ts';
import { report } from '../observe.ts';
import { colors, layout } from '../theme/index.ts';

const LIST_Y = layout.contentY;
const ROW_GAP = layout.row.gap;
const VISIBLE_ROWS = 3;
/** Room around the list for the focused row's ring and scale, so the viewport does not clip them. */
const BLEED = 64;

export class Section extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private index = 0;
  private sectionId = '';
  private section?: SectionWithItems;

  /** Said once when the section opens, before the focused item. */
  get announce(): string {
    if (!this.section) return '';
    const n = this.section.items.length;
    return n > 0 ? `${this.section.title}栏目，共${n}条` : `${this.section.title}栏目，暂时还没有内容`;
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      rect: true,
      color: colors.background,
      Header: {
        x: layout.safeX,
        y: layout.safeY + 8,
        Title: text('', { role: 'display', bold: true }),
        Sub: { y: 96, ...text('', { role: 'caption', color: colors.textSecondary, width: 1700, maxLines: 1 }) },
      },
      Viewport: {
        x: layout.safeX - BLEED,
        y: LIST_Y - BLEED,
        w: layout.screenW - 2 * layout.safeX + 2 * BLEED,
        h: VISIBLE_ROWS * (ROW_H + ROW_GAP) - ROW_GAP + 2 * BLEED,
        clipping: true,
        List: { x: BLEED, y: BLEED },
      },
      Empty: { x: layout.screenW / 2, y: 520, mount: 0.5, alpha: 0, ...text('这个栏目暂时还没有内容。', { role: 'heading' }) },
      Hint: hintBar('↑↓ 选择 · OK 打开 · 返回 回到上一页 · 数字键 换栏目 · 红键 回首页'),
    };
  }

  override set params(p: { sectionId?: string }) {
    const id = p.sectionId ?? '';
    if (id !== this.sectionId) {
      this.sectionId = id;
      this.index = 0;
    }
    void this.show();
  }

  private async show(): Promise<void> {
    if (!catalog()) await refreshCatalog().catch(() => undefined);
    this.section = sectionById(this.sectionId);
    rememberSection(this.sectionId);
    const s = this.section;
    this.tag('Header.Title')!.text!.text = s ? `${s.key ? `${s.key}  ` : ''}${s.title}` : '找不到这个栏目';
    this.tag('Header.Sub')!.text!.text = s ? s.description : '按 返回 键回到首页';
    const items = s?.items ?? [];
    this.tag('List')!.children = items.map((_, i) => ({ type: ItemRow, y: i * (ROW_H + ROW_GAP) }));
    this.rows.forEach((row, i) => row.setItem(items[i]!, i, items.length));
    this.tag('Empty')!.patch({
      alpha: s && items.length === 0 ? 1 : 0,
      text: { text: this.sectionId === 'continue' ? '还没有看到一半的视频。' : '这个栏目暂时还没有内容。' },
    });
    if (this.index >= items.length) this.index = 0;
    this.scroll(false);
    this._refocus();
    report({ route: `section/${this.sectionId}`, ready: true });
    this.reportFocus();
  }

  override _active(): void {
    if (this.section) {
      report({ route: `section/${this.sectionId}`, message: null });
      this.reportFocus();
    }
  }

  private get rows(): ItemRow[] {
    return (this.tag('List')?.children ?? []) as ItemRow[];
  }

  private scroll(smooth = true): void {
    // Keep one row of context above the focused row where there is one.
    const first = Math.max(0, Math.min(this.index - 1, this.rows.length - VISIBLE_ROWS));
    const y = BLEED - first * (ROW_H + ROW_GAP);
    if (smooth) this.tag('List')!.setSmooth('y', y, { duration: 0.2 });
    else this.tag('List')!.y = y;
  }

  private move(to: number): boolean {
    if (to < 0 || to >= this.rows.length) return true;
    this.index = to;
    this.scroll();
    this._refocus();
    this.reportFocus();
    return true;
  }

  private reportFocus(): void {
    const item = this.rows[this.index]?.item;
    report({ focused: item ? item.title : null });
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.rows[this.index];
  }

  override _handleUp(): boolean {
    return this.move(this.index - 1);
  }

  override _handleDown(): boolean {
    return this.move(this.index + 1);
  }

  override _handleLeft(): boolean {
    return true;
  }

  override _handleRight(): boolean {
    return true;
  }

  override _handleEnter(): boolean {
    const item = this.rows[this.index]?.item;
    if (item) Router.navigate(item.kind === 'video' ? `play/${item.id}` : `item/${item.id}`);
    return true;
  }
}
