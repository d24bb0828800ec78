// Home's 正在直播 banner, in the place of the title while a broadcast is on air: "● 正在直播：<title>" and what OK
// does, on the party red at rest and the shared focus look when focused (OK opens the live view).
import { colors, contentWidth, layout } from '../theme/index.ts';
import { FocusPlate } from './FocusPlate.ts';
import { glyphsCentredAt, text } from './Text.ts';

const B = layout.home.live;
const ACTION = '按 OK 键观看';

export class LiveBanner extends FocusPlate {
  private title = '';
  protected override focusTexts = ['Title', 'Action'];

  get announce(): string {
    return this.title ? `正在直播：${this.title}，${ACTION}` : '';
  }

  static override _template() {
    return {
      ...FocusPlate.frame(contentWidth, B.h),
      Title: { x: B.padX, y: glyphsCentredAt(B.h / 2, 'title'), mountY: 0.5, ...text('', { role: 'title', bold: true, width: contentWidth * 0.7, maxLines: 1 }) },
      Action: { x: contentWidth - B.padX, y: glyphsCentredAt(B.h / 2, 'heading'), mountX: 1, mountY: 0.5, ...text(ACTION, { role: 'heading', bold: true }) },
    };
  }

  override _init(): void {
    this.highlight(false);
  }

  setTitle(title: string): void {
    this.title = title;
    this.tag('Title')!.text!.text = `● 正在直播：${title}`;
  }

  /** At rest the banner is party red (white on it is a checked pair), not a tile's navy. */
  override highlight(on: boolean): void {
    super.highlight(on);
    if (!on) this.tag('Plate')?.setSmooth('color', colors.accent, { duration: 0.15 });
  }
}
