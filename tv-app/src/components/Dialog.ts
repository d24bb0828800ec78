// A question with two or three big answers, e.g. "要退出客厅吗？" — 留在这里 / 退出.
// Left/right choose, OK answers, Back answers with the safe choice (the first one).
import { Lightning } from '@lightningjs/sdk';
import { colors, layout, plateColor } from '../theme/index.ts';
import { Button, BUTTON_W as BTN_W } from './Button.ts';
import { roundRect } from './focus.ts';
import { fullScreen } from './ScreenFrame.ts';
import { text } from './Text.ts';
import { report } from '../observe.ts';

const { w: W, h: H, questionY, buttonsY, buttonGap } = layout.dialog;

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
  /**
   * Opens without reading out the question and its first answer: the screen that asks says what matters
   * itself (the player's error: why, and that OK retries).
   */
  quiet?: boolean;
  /**
   * False when digits and colour keys still work while it is open (the player's error question: the
   * viewer may go anywhere instead of answering; the player withdraws it as it is left).
   */
  modal?: boolean;
}

export class Dialog extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private spec?: DialogSpec;
  private index = 0;

  get announce(): string {
    return this.spec?.quiet ? '' : (this.spec?.question ?? '');
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      ...fullScreen,
      rect: true,
      color: plateColor('scrim'),
      visible: false,
      Box: {
        x: (layout.screenW - W) / 2,
        y: (layout.screenH - H) / 2,
        ...roundRect(W, H),
        color: colors.background,
        Question: { x: W / 2, y: questionY, mount: 0.5, ...text('', { role: 'title', bold: true, width: W - 120, align: 'center' }) },
        Buttons: { y: buttonsY },
      },
    };
  }

  get isOpen(): boolean {
    return this.visible;
  }

  /** Whether it keeps every key to itself (the app's own keys too) until it is answered. */
  get holdsRemote(): boolean {
    return this.visible && this.spec?.modal !== false;
  }

  open(spec: DialogSpec): void {
    this.spec = spec;
    this.index = 0;
    this.tag('Box.Question')!.text!.text = spec.question;
    const total = spec.choices.length * BTN_W + (spec.choices.length - 1) * buttonGap;
    this.tag('Box.Buttons')!.children = spec.choices.map((_, i) => ({ type: Button, x: (W - total) / 2 + i * (BTN_W + buttonGap) }));
    this.buttons.forEach((b, i) => b.setLabel(spec.choices[i]!));
    this.buttons[0]!.quiet = spec.quiet === true; // a quiet question's first answer is not read out either
    this.visible = true;
    report({ dialog: spec.question, focused: spec.choices[0] ?? null });
  }

  close(): void {
    this.visible = false;
    report({ dialog: null });
  }

  /** Closes the question unanswered if it is still the one open; says whether it was. */
  withdraw(spec: DialogSpec): boolean {
    if (!this.visible || this.spec !== spec) return false;
    this.close();
    return true;
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
      this.buttons.forEach((b) => (b.quiet = false));
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
