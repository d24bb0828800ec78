// One item in a section's list: its title, and below it what kind it is and when (or how long). A section screen
// keeps a few of these and gives each the item of the place it is on (setItem) as the list moves.
import { URGENT_LABEL } from '../../../cms-server/src/domain/labels.ts';
import type { ItemSummary } from '../data/api.ts';
import { KIND_LABEL, dateTimeText, deadlineText, durationText, spokenPosition } from '../data/format.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';
import { FocusPlate } from './FocusPlate.ts';
import { roundRect } from './focus.ts';
import { text } from './Text.ts';

export const ROW_W = contentWidth;
export const ROW_H = layout.row.h;
const ICON = layout.row.icon;

export function itemMeta(item: ItemSummary): string {
  const parts = [item.urgent ? URGENT_LABEL : KIND_LABEL[item.kind] ?? ''];
  if (item.kind === 'video' && item.durationSec) parts.push(`时长 ${durationText(item.durationSec)}`);
  if (item.deadline) parts.push(deadlineText(item.deadline));
  else parts.push(dateTimeText(item.publishedAt));
  return parts.join(' · ');
}

export class ItemRow extends FocusPlate {
  item?: ItemSummary;
  /** The place in its list this row stands for (a section screen moves a few rows along a long list). */
  place = Number.NEGATIVE_INFINITY;
  position = 0;
  total = 0;
  protected override focusTexts = ['Title', 'Meta'];

  get announce(): string {
    if (!this.item) return '';
    const kind = this.item.urgent ? URGENT_LABEL : KIND_LABEL[this.item.kind] ?? '';
    return `${this.item.title}，${kind}，${spokenPosition(this.position, this.total)}`;
  }

  static override _template() {
    return {
      ...FocusPlate.frame(ROW_W, ROW_H),
      Kind: {
        x: 32,
        y: (ROW_H - ICON) / 2,
        ...roundRect(ICON, ICON, 16),
        color: colors.accent,
        Label: { x: ICON / 2, y: ICON / 2 + 2, mount: 0.5, ...text('', { role: 'caption', bold: true }) },
      },
      Title: { x: 164, y: 22, ...text('', { role: 'heading', bold: true, width: ROW_W - 200, maxLines: 1 }) },
      Meta: { x: 164, y: 96, ...text('', { role: 'caption', width: ROW_W - 200, maxLines: 1 }) },
    };
  }

  setItem(item: ItemSummary, position: number, total: number): void {
    this.item = item;
    this.position = position;
    this.total = total;
    const icon: Record<string, string> = { video: '▶', article: '文', notice: '告', guide: '办', recruitment: '聘' };
    this.tag('Kind.Label')!.text!.text = icon[item.kind] ?? '';
    this.tag('Title')!.text!.text = item.title;
    this.tag('Meta')!.text!.text = itemMeta(item);
  }
}
