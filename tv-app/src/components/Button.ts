// A big labelled button (dialog answers, 朗读…) on the shared focusable plate.
import { layout } from '../theme/index.ts';
import { FocusPlate } from './FocusPlate.ts';
import { centredLabel } from './focus.ts';
import { text } from './Text.ts';

export const BUTTON_W = layout.button.w;
export const BUTTON_H = layout.button.h;

export class Button extends FocusPlate {
  label = '';
  /** Says nothing as it gains focus (the first answer of a quiet question: the screen says what matters). */
  quiet = false;
  protected override focusTexts = ['Label'];

  get announce(): string {
    return this.quiet ? '' : this.label;
  }

  static override _template() {
    return {
      ...FocusPlate.frame(BUTTON_W, BUTTON_H),
      Label: { ...centredLabel(BUTTON_W, BUTTON_H), ...text('', { role: 'heading', bold: true }) },
    };
  }

  setLabel(label: string): void {
    this.label = label;
    this.tag('Label')!.text!.text = label;
  }
}
