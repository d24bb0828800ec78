// A QR code drawn as an image: qrcode-generator (MIT, no dependencies, its own types) makes the modules and a GIF of
// them, whole pixels per module with the standard quiet zone of four modules in white, at the largest module size
// that fits `size` — never scaled on the 1920×1080 stage, so its edges stay sharp for a phone's camera.
import { Lightning } from '@lightningjs/sdk';
import qrcode from 'qrcode-generator';

/** Modules of white around the code (the standard's quiet zone). */
const QUIET = 4;

export interface QrImage {
  src: string;
  /** Its side in pixels (≤ the size asked for). */
  side: number;
}

/** The GIF (a data: URL, which the TV pages' content policy allows for images) of `data`, at most `size` wide. */
export function qrImage(data: string, size: number): QrImage {
  const qr = qrcode(0, 'M'); // the smallest version that holds the address; M: 15 % of it may be unreadable
  qr.addData(data);
  qr.make();
  const n = qr.getModuleCount();
  const cell = Math.max(1, Math.floor(size / (n + 2 * QUIET)));
  return { src: qr.createDataURL(cell, cell * QUIET), side: cell * (n + 2 * QUIET) };
}

/** A square of `size` showing a QR code of whatever `show` is given, centred in it. */
export class QrCode extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private shown = '';

  static override _template() {
    return { Image: { mount: 0.5 } };
  }

  show(data: string, size: number): void {
    if (data === this.shown) return;
    this.shown = data;
    const img = qrImage(data, size);
    this.patch({ w: size, h: size });
    this.tag('Image')!.patch({ x: size / 2, y: size / 2, w: img.side, h: img.side, src: img.src });
  }

  /** What the code holds ('' when nothing is shown). */
  get data(): string {
    return this.shown;
  }
}
