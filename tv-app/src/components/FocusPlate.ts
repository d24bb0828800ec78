// The focus treatment every focusable thing shares (home tiles, list rows, buttons, settings rows): a plate
// that turns warm yellow, a thick white ring around it, and a small scale — visible to weak eyes even
// without noticing the scale. A focusable thing extends FocusPlate and starts its template with `frame`.
import { Lightning } from '@lightningjs/sdk';
import { colors, layout } from '../theme/index.ts';
import { plate } from './focus.ts';

function ring(w: number, h: number) {
  const r = layout.ringWidth;
  return {
    x: -r * 1.5,
    y: -r * 1.5,
    alpha: 0,
    texture: Lightning.Tools.getRoundRect(w + r * 3, h + r * 3, layout.radius + r, r, colors.ring, false, 0),
  };
}

export class FocusPlate extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  /** The size, the ring and the plate: what a focusable thing's template starts with. */
  static frame(w: number, h: number) {
    return { w, h, Ring: ring(w, h), Plate: plate(w, h) };
  }

  /** The texts on the plate (tag names), which turn dark on the focused yellow. */
  protected focusTexts: readonly string[] = [];

  /** Shows (or removes) the focus look without holding Lightning's focus (e.g. the one button of a screen). */
  highlight(on: boolean): void {
    this.tag('Plate')?.setSmooth('color', on ? colors.surfaceFocused : colors.surface, { duration: 0.15 });
    this.tag('Ring')?.setSmooth('alpha', on ? 1 : 0, { duration: 0.15 });
    this.setSmooth('scale', on ? layout.focusScale : 1, { duration: 0.15 });
    for (const t of this.focusTexts) {
      const el = this.tag(t);
      if (el) el.color = on ? colors.textOnFocused : colors.text;
    }
  }

  /** Ends the focus look's animation at once (a list row taken out of sight while its look was changing). */
  settle(): void {
    this.transition('scale').finish();
    this.tag('Ring')?.transition('alpha').finish();
    this.tag('Plate')?.transition('color').finish();
  }

  override _focus(): void {
    this.highlight(true);
  }

  override _unfocus(): void {
    this.highlight(false);
  }
}
