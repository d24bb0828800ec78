// The line at the bottom of every screen that says which keys do what, in plain words.
import { colors, hintTop, layout, plateColor } from '../theme/index.ts';
import { glyphsCentredAt, text } from './Text.ts';

export const HINT_H = layout.hintH;

export function hintBar(hint: string) {
  return {
    x: 0,
    y: hintTop,
    w: layout.screenW,
    h: HINT_H,
    rect: true,
    color: plateColor('hint'),
    Text: { x: layout.safeX, y: glyphsCentredAt(HINT_H / 2, 'caption'), mountY: 0.5, ...text(hint, { role: 'caption', color: colors.textSecondary }) },
  };
}
