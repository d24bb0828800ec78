// 谁在看？— asked over the whole screen as a lesson starts on a paired box: the household's members, each beside
// the digit that picks them, in big type. The digits tick and untick (several may watch together); OK confirms,
// and with nobody ticked OK plays without recording (the line under the names says so); Back plays without
// recording too. It holds the remote while open (App.ts), and nothing is typed. Logic in data/watchers.ts.
import { Lightning } from '@lightningjs/sdk';
import { askable, chosenLine, spokenQuestion, spokenToggle, toggleMember, type TvMember } from '../data/watchers.ts';
import { activeKeyMap, digitOf } from '../keymap.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';
import { FocusPlate } from './FocusPlate.ts';
import { roundRect } from './focus.ts';
import { screenFrame, tellApp } from './ScreenFrame.ts';
import { glyphsCentredAt, text } from './Text.ts';

const W = layout.who;
const CELL_W = (contentWidth - (W.cols - 1) * W.gapX) / W.cols;
const NAME_X = W.padX + W.badge + W.padX;
const NAME_W = CELL_W - NAME_X - W.tickW;

export interface WhoSpec {
  members: TvMember[];
  /** The digits chosen (empty: 不记录), or null when the viewer pressed Back (plays without recording). */
  answer(chosen: number[] | null): void;
}

/** One member: the digit on a red badge, the name, and a tick on the yellow plate once chosen. */
class WhoCell extends FocusPlate {
  protected override focusTexts = ['Name', 'Tick'];

  static override _template() {
    return {
      ...FocusPlate.frame(CELL_W, W.cellH),
      Badge: {
        x: W.padX,
        y: (W.cellH - W.badge) / 2,
        ...roundRect(W.badge, W.badge),
        color: colors.accent,
        Digit: { x: W.badge / 2, y: glyphsCentredAt(W.badge / 2, 'display'), mount: 0.5, ...text('', { role: 'display', bold: true }) },
      },
      Name: { x: NAME_X, y: glyphsCentredAt(W.cellH / 2, 'display'), mountY: 0.5, ...text('', { role: 'display', bold: true, width: NAME_W, maxLines: 1 }) },
      Tick: { x: CELL_W - W.tickW / 2, y: glyphsCentredAt(W.cellH / 2, 'display'), mount: 0.5, alpha: 0, ...text('✓', { role: 'display', bold: true }) },
    };
  }

  set member(m: TvMember) {
    this.tag('Badge.Digit')!.text!.text = String(m.position);
    this.tag('Name')!.text!.text = m.name;
  }

  set chosen(on: boolean) {
    this.highlight(on);
    this.tag('Tick')!.alpha = on ? 1 : 0;
  }
}

export class WhoIsWatching extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private spec?: WhoSpec;
  private members: TvMember[] = [];
  private chosen: number[] = [];

  get announce(): string {
    return this.visible ? spokenQuestion(this.members) : '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      ...screenFrame(
        {
          title: '谁在看？',
          sub: '请按遥控器上的数字键选人，几位一起看就按几个数字，选好后按 OK 键',
          hint: '数字键 选人 / 取消　　OK 确定，开始播放　　返回 不记录，直接播放',
        },
        {
          Grid: { x: layout.safeX, y: W.gridY },
          Status: { x: layout.safeX, y: W.statusY, ...text('', { role: 'heading', bold: true, color: colors.textSecondary, width: contentWidth, maxLines: 1 }) },
        },
      ),
      visible: false,
    };
  }

  get isOpen(): boolean {
    return this.visible;
  }

  private get cells(): WhoCell[] {
    return (this.tag('Grid')?.children ?? []) as WhoCell[];
  }

  open(spec: WhoSpec): void {
    this.spec = spec;
    this.members = askable(spec.members);
    this.chosen = [];
    this.tag('Grid')!.children = this.members.map((_, i) => ({
      type: WhoCell,
      x: (i % W.cols) * (CELL_W + W.gapX),
      y: Math.floor(i / W.cols) * (W.cellH + W.gapY),
    }));
    this.cells.forEach((c, i) => (c.member = this.members[i]!));
    this.visible = true;
    this.show();
  }

  /** Closes it unanswered (the player was left meanwhile). */
  close(): void {
    if (!this.visible) return;
    this.visible = false;
    this.spec = undefined;
    report({ who: null });
  }

  private show(): void {
    this.cells.forEach((c, i) => (c.chosen = this.chosen.includes(this.members[i]!.position)));
    const status = chosenLine(this.chosen, this.members);
    this.tag('Status')!.text!.text = status;
    report({ who: { members: this.members.map((m) => `${m.position} ${m.name}`), chosen: [...this.chosen], status } });
  }

  private finish(chosen: number[] | null): boolean {
    const spec = this.spec;
    this.close();
    spec?.answer(chosen);
    return true;
  }

  override _handleEnter(): boolean {
    return this.finish([...this.chosen]);
  }

  override _handleBack(): boolean {
    return this.finish(null);
  }

  /** The digits tick and untick; every other key is held while the question is open. */
  override _handleKey(e: KeyboardEvent): boolean {
    const digit = Number(digitOf(activeKeyMap()[e.keyCode]));
    if (Number.isInteger(digit) && this.members.some((m) => m.position === digit)) {
      this.chosen = toggleMember(this.chosen, digit, this.members);
      this.show();
      tellApp(this, '$announce', spokenToggle(digit, this.chosen, this.members));
    }
    return true;
  }
}
