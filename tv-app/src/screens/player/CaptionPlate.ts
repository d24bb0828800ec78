// Captions, drawn by the app from the theme (not by the browser under the canvas): large, bold, on a dark
// plate that fits the words, near the bottom — or just above the overlay while it shows, so neither hides
// the other.
import { Lightning } from '@lightningjs/sdk';
import { text } from '../../components/Text.ts';
import { wrapCjk } from '../../data/format.ts';
import { report } from '../../observe.ts';
import { contentWidth, layout, plateColor } from '../../theme/index.ts';

const { padX: PAD_X, padY: PAD_Y, aboveOverlay: ABOVE_OVERLAY } = layout.player.caption;

export class CaptionPlate extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private shown = '';

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: layout.screenW / 2,
      y: layout.screenH - layout.safeY,
      mountX: 0.5,
      mountY: 1,
      alpha: 0,
      rect: true,
      color: plateColor('message'),
      Text: { x: PAD_X, y: PAD_Y, ...text('', { role: 'title', bold: true, width: contentWidth - 2 * PAD_X, align: 'center' }) },
    };
  }

  override _init(): void {
    this.tag('Text')!.on('txLoaded', () => this.fit());
  }

  /** Shows `caption` ('' for none), above the overlay when `overlayUp`. */
  show(caption: string, overlayUp: boolean): void {
    if (caption !== this.shown) {
      this.shown = caption;
      this.tag('Text')!.text!.text = wrapCjk(caption);
      report({ caption: caption || null });
    }
    this.y = overlayUp ? layout.screenH - layout.player.overlay.h - ABOVE_OVERLAY : layout.screenH - layout.safeY;
    this.alpha = caption ? 1 : 0;
  }

  /** The plate around the laid-out words. */
  private fit(): void {
    const t = this.tag('Text')!;
    this.patch({ w: Math.min(contentWidth, t.renderWidth + 2 * PAD_X), h: t.renderHeight + 2 * PAD_Y });
    t.x = PAD_X;
  }
}
