// After a lesson, each watching member's month, one line each — 「张建国 本月已学习 3 小时 20 分」 — on an opaque
// plate under the top margin (nothing of the screen under it shows through the words), over whatever screen comes next, for a few seconds. It never takes the focus:
// Back and every other key work as if it were not there.
import { Lightning } from '@lightningjs/sdk';
import { report } from '../observe.ts';
import { colors, layout } from '../theme/index.ts';
import { roundRect } from './focus.ts';
import { text } from './Text.ts';

const N = layout.studyNote;
/** How long the lines stay. */
export const STUDY_NOTE_MS = 8000;

export class StudyNote extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private timer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: (layout.screenW - N.w) / 2,
      y: N.y,
      alpha: 0,
      Plate: { ...roundRect(N.w, N.lineH + 2 * N.padY), color: colors.surface },
      Lines: { x: N.w / 2, y: N.padY, mountX: 0.5, ...text('', { role: 'heading', bold: true, align: 'center', color: colors.text }) },
    };
  }

  show(lines: string[]): void {
    if (!lines.length) return;
    const h = lines.length * N.lineH + 2 * N.padY;
    this.tag('Plate')!.patch(roundRect(N.w, h));
    const t = this.tag('Lines')!;
    t.text!.lineHeight = N.lineH;
    t.text!.text = lines.join('\n');
    this.setSmooth('alpha', 1, { duration: 0.2 });
    report({ study: [...lines] });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), STUDY_NOTE_MS);
  }

  hide(): void {
    clearTimeout(this.timer);
    this.setSmooth('alpha', 0, { duration: 0.4 });
    report({ study: null });
  }
}
