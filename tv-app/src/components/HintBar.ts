// The line at the bottom of every screen that says which keys do what, in plain words.
import { layout, colors, plateColor } from '../theme/tokens.ts';
import { text } from './Text.ts';

export const HINT_H = 84;

export function hintBar(hint: string) {
  return {
    x: 0,
    y: layout.screenH - layout.safeY - HINT_H,
    w: layout.screenW,
    h: HINT_H,
    rect: true,
    color: plateColor(0.55),
    Text: { x: layout.safeX, y: HINT_H / 2, mountY: 0.5, ...text(hint, { role: 'caption', color: colors.textSecondary }) },
  };
}
