// The focus treatment every focusable thing shares: a plate that turns warm yellow, a thick white ring
// around it, and a small scale — visible to weak eyes even without noticing the scale.
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

export function ring(w: number, h: number) {
  const r = layout.ringWidth;
  return {
    x: -r * 1.5,
    y: -r * 1.5,
    alpha: 0,
    texture: Lightning.Tools.getRoundRect(w + r * 3, h + r * 3, layout.radius + r, r, colors.ring, false, 0),
  };
}

type Focusable = Lightning.Component & { tag(name: string): Lightning.Element | undefined };

/** Applies (or removes) the focus look on a component made of `Plate`, `Ring` and texts. */
export function setFocusLook(c: Focusable, focused: boolean, texts: string[]): void {
  c.tag('Plate')?.setSmooth('color', focused ? colors.surfaceFocused : colors.surface, { duration: 0.15 });
  c.tag('Ring')?.setSmooth('alpha', focused ? 1 : 0, { duration: 0.15 });
  c.setSmooth('scale', focused ? layout.focusScale : 1, { duration: 0.15 });
  for (const t of texts) {
    const el = c.tag(t);
    if (el) el.color = focused ? colors.textOnFocused : colors.text;
  }
}
