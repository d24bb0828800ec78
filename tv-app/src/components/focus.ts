// The shapes plates are drawn with: a rounded rectangle, and the plate a focusable thing (or a player
// control) rests on. The focus look itself is FocusPlate's.
import { Lightning } from '@lightningjs/sdk';
import { colors, layout } from '../theme/index.ts';

/**
 * A filled rounded rectangle, tinted by the element's `color`. A texture rather than the
 * RoundedRectangle shader, which the Canvas2D renderer does not implement.
 */
export function roundRect(w: number, h: number, radius: number = layout.radius) {
  return { w, h, texture: Lightning.Tools.getRoundRect(w, h, radius, 0, 0, true, 0xffffffff) };
}

export function plate(w: number, h: number) {
  return { ...roundRect(w, h), color: colors.surface };
}

/** A label centred on a plate of this size (its glyphs, not its text box, in the middle). */
export function centredLabel(w: number, h: number) {
  return { x: w / 2, y: h / 2 + layout.labelDrop, mount: 0.5 };
}
