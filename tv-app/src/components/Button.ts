// A big labelled button (dialog answers, 朗读, 重试…): the shared plate, ring and focus look.
import { Lightning } from '@lightningjs/sdk';
import { layout } from '../theme/index.ts';
import { plate, ring, setFocusLook } from './focus.ts';
import { text } from './Text.ts';

export const BUTTON_W = layout.button.w;
export const BUTTON_H = layout.button.h;

export class Button extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  label = '';

  get announce(): string {
    return this.label;
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: BUTTON_W,
      h: BUTTON_H,
      Ring: ring(BUTTON_W, BUTTON_H),
      Plate: plate(BUTTON_W, BUTTON_H),
      Label: { x: BUTTON_W / 2, y: BUTTON_H / 2 + 4, mount: 0.5, ...text('', { role: 'heading', bold: true }) },
    };
  }

  setLabel(label: string): void {
    this.label = label;
    this.tag('Label')!.text!.text = label;
  }

  /** Shows the focus look without holding Lightning's focus (e.g. the one button of a screen). */
  highlight(on: boolean): void {
    setFocusLook(this, on, ['Label']);
  }

  override _focus(): void {
    this.highlight(true);
  }

  override _unfocus(): void {
    this.highlight(false);
  }
}
