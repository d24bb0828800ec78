// A question with two or three big answers, e.g. "要退出客厅吗？" — 留在这里 / 退出.
// Left/right choose, OK answers, Back answers with the safe choice (the first one).
import { Lightning } from '@lightningjs/sdk';
import { colors, layout, plateColor } from '../theme/index.ts';
import { Button, BUTTON_W as BTN_W } from './Button.ts';
import { roundRect } from './focus.ts';
import { text } from './Text.ts';
import { report } from '../observe.ts';

const W = layout.dialog.w;
const H = layout.dialog.h;

export interface DialogSpec {
  question: string;
  /** The first choice is the safe one: Back picks it. */
  choices: string[];
  answer(index: number): void;
  /**
   * What Back does, when it is not "the first choice": e.g. the resume question steps back out of the
   * player, because the question is the first step of playing.
   */
  back?(): void;
}

export class Dialog extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private spec?: DialogSpec;
  private index = 0;

  get announce(): string {
    return this.spec?.question ?? '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      rect: true,
      color: plateColor('scrim'),
      visible: false,
      Box: {
        x: (layout.screenW - W) / 2,
        y: (layout.screenH - H) / 2,
        ...roundRect(W, H),
        color: colors.background,
        Question: { x: W / 2, y: 130, mount: 0.5, ...text('', { role: 'title', bold: true, width: W - 120, align: 'center' }) },
        Buttons: { y: 270 },
      },
    };
  }

  get isOpen(): boolean {
    return this.visible;
  }

  open(spec: DialogSpec): void {
    this.spec = spec;
    this.index = 0;
    this.tag('Box.Question')!.text!.text = spec.question;
    const gap = 60;
    const total = spec.choices.length * BTN_W + (spec.choices.length - 1) * gap;
    this.tag('Box.Buttons')!.children = spec.choices.map((_, i) => ({ type: Button, x: (W - total) / 2 + i * (BTN_W + gap) }));
    this.buttons.forEach((b, i) => b.setLabel(spec.choices[i]!));
    this.visible = true;
    report({ dialog: spec.question, focused: spec.choices[0] ?? null });
  }

  close(): void {
    this.visible = false;
    report({ dialog: null });
  }

  private get buttons(): Button[] {
    return (this.tag('Box.Buttons')?.children ?? []) as Button[];
  }

  private choose(i: number): boolean {
    const spec = this.spec;
    this.close();
    spec?.answer(i);
    return true;
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.buttons[this.index];
  }

  private move(d: number): boolean {
    const next = this.index + d;
    if (next >= 0 && next < this.buttons.length) {
      this.index = next;
      this._refocus();
      report({ focused: this.spec?.choices[next] ?? null });
    }
    return true;
  }

  override _handleLeft(): boolean {
    return this.move(-1);
  }
  override _handleRight(): boolean {
    return this.move(1);
  }
  override _handleEnter(): boolean {
    return this.choose(this.index);
  }
  override _handleBack(): boolean {
    const spec = this.spec;
    if (spec?.back) {
      this.close();
      spec.back();
      return true;
    }
    return this.choose(0);
  }
  // A dialog holds the remote: nothing behind it reacts until it is answered.
  override _handleKey(): boolean {
    return true;
  }
}
