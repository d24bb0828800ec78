// Reading an article, notice, service-guide entry or recruitment post in large text, a page at a time:
// up/down turn the page, with "第 1 页 / 共 3 页" so the viewer knows there is more.
import { Lightning } from '@lightningjs/sdk';
import { hintBar } from '../components/HintBar.ts';
import { itemMeta } from '../components/ItemRow.ts';
import { text } from '../components/Text.ts';
import { ApiError, loadItem, type ItemDetail } from '../data/api.ts';
import { deadlineText, wrapCjk } from '../data/format.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, hintTop, layout, type } from '../theme/index.ts';

const BODY_Y = 272;
/** Whole lines only, so no line is cut in half; as many as fit above the key hints. */
const PAGE_H = Math.floor((hintTop - BODY_Y - layout.gap / 2) / type.body.lineHeight) * type.body.lineHeight;

/** The full text of an item as the viewer reads it, kind by kind. */
export function readingText(item: ItemDetail): string {
  const parts: string[] = [];
  const list = (xs: string[], numbered: boolean) => xs.map((x, i) => `${numbered ? `${i + 1}. ` : '· '}${x}`).join('\n');
  if (item.guide) {
    const g = item.guide;
    parts.push(`办理部门：${g.department}`);
    parts.push(`部门职责：\n${list(g.duties, false)}`);
    parts.push(`办理步骤：\n${list(g.steps, true)}`);
    parts.push(`需要带的材料：\n${list(g.materials, false)}`);
    parts.push(`办公时间：${g.hours}\n联系电话：${g.phone}\n地址：${g.address}`);
  }
  if (item.recruitment) {
    const r = item.recruitment;
    parts.push(`招聘单位：${r.employer}`);
    parts.push(`报名截止：${deadlineText(r.deadline)}`);
    parts.push(
      `招聘岗位：\n${r.positions.map((p) => `· ${p.name}（${p.count}名）：${p.requirements}`).join('\n')}`,
    );
    parts.push(`联系方式：${r.contact}`);
  }
  parts.push(item.body);
  return parts.join('\n\n');
}

export class Reader extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private page = 0;
  private pages = 1;
  private itemId = '';
  private fullText = '';
  private title = '';

  get announce(): string {
    return this.title ? `${this.title}，按 OK 键朗读全文` : '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      rect: true,
      color: colors.background,
      Title: { x: layout.safeX, y: layout.safeY + 8, ...text('', { role: 'title', bold: true, width: contentWidth, maxLines: 2 }) },
      Meta: { x: layout.safeX, y: 196, ...text('', { role: 'caption', color: colors.textSecondary }) },
      Viewport: {
        x: layout.safeX,
        y: BODY_Y,
        w: contentWidth,
        h: PAGE_H,
        clipping: true,
        Body: text('', { role: 'body', width: contentWidth }),
      },
      Page: { x: layout.screenW - layout.safeX, y: 196, mountX: 1, ...text('', { role: 'caption', color: colors.textSecondary }) },
      Hint: hintBar('↑↓ 翻页 · OK 朗读全文 · 返回 回到上一页'),
    };
  }

  override _init(): void {
    this.tag('Body')!.on('txLoaded', () => this.paginate());
  }

  override set params(p: { itemId?: string }) {
    this.itemId = p.itemId ?? '';
    void this.show();
  }

  private async show(): Promise<void> {
    this.page = 0;
    this.tag('Title')!.text!.text = '正在打开…';
    this.tag('Meta')!.text!.text = '';
    this.tag('Page')!.text!.text = '';
    this.tag('Body')!.patch({ y: 0, text: { text: '' } });
    this.fullText = '';
    this.title = '';
    report({ route: `item/${this.itemId}`, focused: null, message: null, ready: true });
    try {
      const item = await loadItem(this.itemId);
      this.tag('Title')!.text!.text = wrapCjk(item.title);
      this.tag('Meta')!.text!.text = itemMeta(item);
      this.fullText = readingText(item);
      this.title = item.title;
      this.tag('Body')!.text!.text = wrapCjk(this.fullText);
      (this.fireAncestors as unknown as (n: string, t: string) => void).call(this, '$announce', this.announce);
      report({ focused: item.title });
    } catch (e) {
      const why = e instanceof ApiError ? e.message : '打开失败。';
      this.tag('Title')!.text!.text = '打不开这条内容';
      this.tag('Body')!.text!.text = wrapCjk(`${why}\n\n按 返回 键回到上一页。`);
      report({ message: why });
    }
  }

  private paginate(): void {
    const h = this.tag('Body')!.renderHeight;
    this.pages = Math.max(1, Math.ceil(h / PAGE_H));
    this.showPage();
  }

  private showPage(): void {
    this.tag('Body')!.setSmooth('y', -this.page * PAGE_H, { duration: 0.2 });
    this.tag('Page')!.text!.text = this.pages > 1 ? `第 ${this.page + 1} 页 / 共 ${this.pages} 页` : '';
  }

  override _active(): void {
    report({ route: `item/${this.itemId}` });
  }

  override _handleDown(): boolean {
    if (this.page < this.pages - 1) {
      this.page++;
      this.showPage();
    }
    return true;
  }

  override _handleUp(): boolean {
    if (this.page > 0) {
      this.page--;
      this.showPage();
    }
    return true;
  }

  override _handleLeft(): boolean {
    return true;
  }

  override _handleRight(): boolean {
    return true;
  }

  /** OK reads the whole text aloud ("朗读"), at the speed chosen in settings. */
  override _handleEnter(): boolean {
    if (this.fullText) {
      (this.fireAncestors as unknown as (n: string, t: string) => void).call(this, '$readAloud', `${this.title}。${this.fullText}`);
    }
    return true;
  }
}
