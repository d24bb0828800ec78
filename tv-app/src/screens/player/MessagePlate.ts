// What the player says in words on a dark plate over the picture: how it is going (正在加载 / 正在缓冲 /
// 播放完了) in the middle, and each jump ("→ 前进 10 秒") under the top margin.
import { Lightning } from '@lightningjs/sdk';
import { centredLabel, roundRect } from '../../components/focus.ts';
import { text } from '../../components/Text.ts';
import { layout, plateColor } from '../../theme/index.ts';

const M = layout.player.message;
const J = layout.player.jump;

export class MessagePlate extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: (layout.screenW - M.w) / 2,
      y: M.y,
      alpha: 0,
      ...roundRect(M.w, M.h),
      color: plateColor('message'),
      Text: { x: M.w / 2, y: M.textY, mountX: 0.5, ...text('', { role: 'heading', width: M.w - 2 * M.padX, align: 'center' }) },
    };
  }

  /** Shows `message`, or hides the plate for ''. */
  say(message: string): void {
    this.alpha = message ? 1 : 0;
    this.tag('Text')!.text!.text = message;
  }
}

export class JumpNote extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: layout.screenW / 2,
      y: J.y,
      mountX: 0.5,
      alpha: 0,
      ...roundRect(J.w, J.h),
      color: plateColor('message'),
      Text: { ...centredLabel(J.w, J.h), ...text('', { role: 'title', bold: true }) },
    };
  }

  show(words: string): void {
    this.tag('Text')!.text!.text = words;
    this.alpha = 1;
  }

  /** Fades out once the jump is made. */
  fade(): void {
    this.setSmooth('alpha', 0, { duration: 0.4 });
  }

  hide(): void {
    this.alpha = 0;
  }
}
