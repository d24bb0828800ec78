// An urgent notice (紧急通知) over whatever is on screen: a red band, the notice's title and summary, large,
// and what the keys do. It holds the remote until OK (read it in full) or Back (put it away); the App decides
// what each does (App.ts).
import { Lightning } from '@lightningjs/sdk';
import { URGENT_LABEL } from '../../../cms-server/src/domain/labels.ts';
import type { ItemSummary } from '../data/api.ts';
import { wrapCjk } from '../data/format.ts';
import { colors, layout, plateColor } from '../theme/index.ts';
import { roundRect } from './focus.ts';
import { fullScreen } from './ScreenFrame.ts';
import { glyphsCentredAt, text } from './Text.ts';

const U = layout.urgent;
const INNER_W = U.w - 2 * U.padX;
export const URGENT_HINT = '按 OK 键 看全文　·　按 返回 键 关闭';

export interface UrgentSpec {
  item: ItemSummary;
  read(): void;
  dismiss(): void;
}

export class UrgentNotice extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private spec?: UrgentSpec;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      ...fullScreen,
      rect: true,
      color: plateColor('scrim'),
      visible: false,
      Box: {
        x: (layout.screenW - U.w) / 2,
        y: (layout.screenH - U.h) / 2,
        ...roundRect(U.w, U.h),
        color: colors.background,
        Band: {
          ...roundRect(U.w, U.bandH),
          color: colors.accent,
          Label: { x: U.padX, y: glyphsCentredAt(U.bandH / 2, 'title'), mountY: 0.5, ...text(URGENT_LABEL, { role: 'title', bold: true }) },
        },
        Title: { x: U.padX, y: U.titleY, ...text('', { role: 'display', bold: true, width: INNER_W, maxLines: 2 }) },
        Summary: { x: U.padX, y: U.summaryY, ...text('', { role: 'body', width: INNER_W, maxLines: 3, color: colors.textSecondary }) },
        Hint: { x: U.w / 2, y: U.hintY, mountX: 0.5, ...text(URGENT_HINT, { role: 'heading', color: colors.textSecondary }) },
      },
    };
  }

  /** What the announcer reads when the notice takes the focus (nothing when voice read-out is off). */
  get announce(): string {
    const item = this.spec?.item;
    return item ? `${URGENT_LABEL}：${item.title}。${item.summary}。按 OK 键看全文，按返回键关闭。` : '';
  }

  get isOpen(): boolean {
    return this.visible;
  }

  /** The notice shown now, if any. */
  get itemId(): string | undefined {
    return this.visible ? this.spec?.item.id : undefined;
  }

  open(spec: UrgentSpec): void {
    this.spec = spec;
    this.tag('Box.Title')!.text!.text = wrapCjk(spec.item.title);
    this.tag('Box.Summary')!.text!.text = wrapCjk(spec.item.summary);
    this.visible = true;
  }

  close(): void {
    this.visible = false;
  }

  override _handleEnter(): boolean {
    const spec = this.spec;
    this.close();
    spec?.read();
    return true;
  }

  override _handleBack(): boolean {
    const spec = this.spec;
    this.close();
    spec?.dismiss();
    return true;
  }

  // It holds the remote: nothing behind it reacts until OK or Back.
  override _handleKey(): boolean {
    return true;
  }
}
