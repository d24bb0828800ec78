// A home-screen tile: the section's remote digit, its name and how many items it holds.
import type { HomeSection } from '../data/api.ts';
import { countText } from '../data/format.ts';
import { colors, layout } from '../theme/index.ts';
import { FocusPlate } from './FocusPlate.ts';
import { centredLabel, roundRect } from './focus.ts';
import { text } from './Text.ts';

export const TILE_W = layout.tile.w;
export const TILE_H = layout.tile.h;
const BADGE = layout.tile.badge;

export class SectionTile extends FocusPlate {
  section?: HomeSection;
  position = 0;
  total = 0;
  protected override focusTexts = ['Title', 'Count'];

  /** What the announcer says when this tile gets focus: "党员教育，第2个，共10个". */
  get announce(): string {
    return this.section ? `${this.section.title}，第${this.position + 1}个，共${this.total}个` : '';
  }

  static override _template() {
    return {
      ...FocusPlate.frame(TILE_W, TILE_H),
      Badge: {
        x: (TILE_W - BADGE) / 2,
        y: 36,
        ...roundRect(BADGE, BADGE, BADGE / 2),
        color: colors.accent,
        Digit: { ...centredLabel(BADGE, BADGE), ...text('', { role: 'display', bold: true }) },
      },
      Title: { x: TILE_W / 2, y: 176, mountX: 0.5, ...text('', { role: 'heading', bold: true }) },
      Count: { x: TILE_W / 2, y: 248, mountX: 0.5, ...text('', { role: 'caption' }) },
    };
  }

  setSection(s: HomeSection, position: number, total: number): void {
    this.section = s;
    this.position = position;
    this.total = total;
    this.tag('Badge.Digit')!.text!.text = s.key;
    this.tag('Title')!.text!.text = s.title;
    this.tag('Count')!.text!.text = s.count > 0 ? `${countText(s.count)} 条` : '暂无内容';
  }
}
