// The countdown before a broadcast with takeover, over whatever screen is on, under the top margin:
// "直播预告：「全区党员大会」2 分 05 秒后开始" on the party red, counting down each second until it starts.
import { Lightning } from '@lightningjs/sdk';
import { airingKey, leftText, serverNow, type Airing } from '../data/broadcasts.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';
import { roundRect } from './focus.ts';
import { glyphsCentredAt, text } from './Text.ts';

const C = layout.live.countdown;

export class Countdown extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private airing: Airing | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: layout.safeX,
      y: C.y,
      alpha: 0,
      ...roundRect(contentWidth, C.h),
      color: colors.accent,
      Text: { x: C.padX, y: glyphsCentredAt(C.h / 2, 'title'), mountY: 0.5, ...text('', { role: 'title', bold: true, width: contentWidth - 2 * C.padX, maxLines: 1 }) },
    };
  }

  get key(): string | null {
    return airingKey(this.airing);
  }

  /** Shows the countdown to `a` (again: nothing changes); answers whether it is new. */
  show(a: Airing): boolean {
    const fresh = airingKey(a) !== this.key;
    this.airing = a;
    this.alpha = 1;
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(), 1000);
    this.tick();
    return fresh;
  }

  hide(): void {
    if (!this.airing) return;
    this.airing = null;
    clearInterval(this.ticker);
    this.alpha = 0;
    report({ countdown: null });
  }

  /** Milliseconds until the start. */
  get left(): number {
    return this.airing ? Date.parse(this.airing.programme.startsAt) - serverNow() : 0;
  }

  private tick(): void {
    if (!this.airing) return;
    const words = `直播预告：「${this.airing.programme.title}」${leftText(this.left)}后开始`;
    this.tag('Text')!.text!.text = words;
    report({ countdown: words });
  }
}
