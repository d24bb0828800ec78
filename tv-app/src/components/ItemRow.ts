// One item in a section's list: its title, and below it what kind it is and when (or how long).
import { Lightning } from '@lightningjs/sdk';
import type { ItemSummary } from '../data/api.ts';
import { KIND_LABEL, dateTimeText, deadlineText, durationText } from '../data/format.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';
import { plate, ring, roundRect, setFocusLook } from './focus.ts';
import { text } from './Text.ts';

export const ROW_W = contentWidth;
export const ROW_H = layout.row.h;
const ICON = layout.row.icon;

export function itemMeta(item: ItemSummary): string {
  const parts = [item.urgent ? '紧急通知' : KIND_LABEL[item.kind] ?? ''];
  if (item.kind === 'video' && item.durationSec) parts.push(`时长 ${durationText(item.durationSec)}`);
  if (item.deadline) parts.push(deadlineText(item.deadline));
  else parts.push(dateTimeText(item.publishedAt));
  return parts.join(' · ');
}

export class ItemRow extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  item?: ItemSummary;
  position = 0;
  total = 0;

  get announce(): string {
    if (!this.item) return '';
    const kind = this.item.urgent ? '紧急通知' : KIND_LABEL[this.item.kind] ?? '';
    return `${this.item.title}，${kind}，第${this.position + 1}个，共${this.total}个`;
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: ROW_W,
      h: ROW_H,
      Ring: ring(ROW_W, ROW_H),
      Plate: plate(ROW_W, ROW_H),
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

  override _focus(): void {
    setFocusLook(this, true, ['Title', 'Meta']);
  }

  override _unfocus(): void {
    setFocusLook(this, false, ['Title', 'Meta']);
  }
}
