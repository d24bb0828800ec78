// Reading an article, notice, service-guide entry or recruitment post in large text, a page at a time:
// ↓/↑ turn the page, "第2页，共3页" says where the viewer is, and the 朗读 button (the screen's one
// focus, so OK presses it) reads the whole text aloud at the speed set in settings; OK again stops.
import { Lightning } from '@lightningjs/sdk';
import { Button, BUTTON_W } from '../components/Button.ts';
import { itemMeta } from '../components/ItemRow.ts';
import { screenFrame, tellApp } from '../components/ScreenFrame.ts';
import { text } from '../components/Text.ts';
import { ApiError, loadItem, type ItemDetail } from '../data/api.ts';
import { wrapCjk } from '../data/format.ts';
import { displayText, readingBlocks, speechText } from '../data/reading.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, hintTop, layout, type } from '../theme/index.ts';
import { speak, stopSpeaking, type Utterance } from '../voice/speak.ts';

const TITLE_Y = layout.header.y;
const TITLE_W = contentWidth - BUTTON_W - layout.gap;

/** Lightning's advanced text renderer styles a heading with tags: bold, in the secondary colour. */
const hex = (c: number) => `0x${(c >>> 0).toString(16).padStart(8, '0')}`;
const headingTag = (h: string) => `<b><color=${hex(colors.textSecondary)}>${h}</color></b>`;

/** The full text of an item as the viewer reads it (also what 朗读 says, after the title). */
export function readingText(item: ItemDetail): string {
  return displayText(readingBlocks(item));
}

export class Reader extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private page = 0;
  private pages = 1;
  private pageH = type.body.lineHeight;
  private itemId = '';
  private spoken = '';
  private title = '';
  private reading?: Utterance;
  private announcePending = false;

  get announce(): string {
    if (!this.title || this.announcePending) return ''; // said once the page count is known
    return `${this.title}，按 OK 键朗读全文${this.pages > 1 ? `，共${this.pages}页，按下键翻页` : ''}`;
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return screenFrame(
      { title: '', titleStyle: { role: 'title', width: TITLE_W, maxLines: 2 }, hint: '↑↓ 翻页 · OK 朗读全文 / 停止 · 返回 回到上一页 · 红键 回首页' },
      {
        Read: { type: Button, x: layout.screenW - layout.safeX - BUTTON_W, y: TITLE_Y },
        Meta: { x: layout.safeX, y: 0, ...text('', { role: 'caption', color: colors.textSecondary }) },
        Page: { x: layout.screenW - layout.safeX, y: 0, mountX: 1, ...text('', { role: 'caption', bold: true, color: colors.textSecondary }) },
        Viewport: {
          x: layout.safeX,
          y: 0,
          w: contentWidth,
          h: 0,
          clipping: true,
          Body: {
            ...text('', { role: 'body', width: contentWidth }),
          },
        },
      },
    );
  }

  private get button(): Button {
    return this.tag('Read') as unknown as Button;
  }

  override _init(): void {
    const body = this.tag('Viewport.Body')!;
    body.text!.patch({ advancedRenderer: true }); // bold, coloured headings inside the text
    body.on('txLoaded', () => this.paginate());
    this.tag('Header.Title')!.on('txLoaded', () => this.layoutBelowTitle());
    this.button.setLabel('朗读');
    this.layoutBelowTitle();
  }

  override set params(p: { itemId?: string }) {
    this.itemId = p.itemId ?? '';
    void this.show();
  }

  /** A one-line title leaves more room for the text than a two-line one. */
  private layoutBelowTitle(): void {
    const titleH = Math.max(this.tag('Header.Title')!.renderHeight || 0, type.title.lineHeight);
    const metaY = Math.max(TITLE_Y + titleH + layout.reader.metaGap, TITLE_Y + layout.button.h + 2 * layout.ringWidth + layout.reader.belowButton);
    const bodyY = metaY + type.caption.lineHeight + layout.gap;
    const lines = Math.max(3, Math.floor((hintTop - bodyY - layout.gap / 2) / type.body.lineHeight));
    this.pageH = lines * type.body.lineHeight; // whole lines only, so no line is cut in half
    this.tag('Meta')!.y = metaY;
    this.tag('Page')!.y = metaY;
    this.tag('Viewport')!.patch({ y: bodyY, h: this.pageH });
    this.paginate();
  }

  private async show(): Promise<void> {
    this.stopReading();
    this.page = 0;
    this.pages = 1;
    this.tag('Header.Title')!.text!.text = '正在打开…';
    this.tag('Meta')!.patch({ color: colors.textSecondary, text: { text: '' } });
    this.tag('Page')!.text!.text = '';
    this.tag('Viewport.Body')!.patch({ y: 0, text: { text: '' } });
    this.spoken = '';
    this.title = '';
    this.button.alpha = 0;
    report({ route: `item/${this.itemId}`, focused: null, message: null, ready: true });
    try {
      const item = await loadItem(this.itemId);
      const blocks = readingBlocks(item);
      this.title = item.title;
      this.spoken = speechText(item.title, blocks);
      this.tag('Header.Title')!.text!.text = wrapCjk(item.title);
      // An urgent notice says so in its own colour, before anything else.
      this.tag('Meta')!.patch({ color: item.urgent ? colors.urgent : colors.textSecondary, text: { text: itemMeta(item) } });
      this.tag('Viewport.Body')!.text!.text = wrapCjk(displayText(blocks, headingTag));
      this.button.alpha = 1;
      this.button.highlight(true);
      this.announcePending = true;
      report({ focused: item.title });
    } catch (e) {
      const why = e instanceof ApiError ? e.message : '打开失败。';
      this.tag('Header.Title')!.text!.text = '打不开这条内容';
      this.tag('Viewport.Body')!.text!.text = wrapCjk(`${why}\n\n按 返回 键回到上一页。`);
      report({ message: why });
    }
  }

  private paginate(): void {
    const body = this.tag('Viewport.Body')!;
    const h = body.renderHeight;
    // The rendered height adds the text's top and bottom offsets: count the laid-out lines instead.
    const info = (body.texture as unknown as { source?: { renderInfo?: { lines?: unknown[] } } } | null)?.source?.renderInfo;
    const lines = info?.lines?.length ?? Math.floor(h / type.body.lineHeight);
    const perPage = Math.round(this.pageH / type.body.lineHeight);
    this.pages = Math.max(1, Math.ceil(lines / perPage));
    this.page = Math.min(this.page, this.pages - 1);
    this.showPage(false);
    if (this.announcePending && h > 0) {
      this.announcePending = false;
      this.say(this.announce);
    }
  }

  private pageText(): string {
    return this.pages > 1 ? `第${this.page + 1}页，共${this.pages}页` : '';
  }

  private showPage(smooth = true): void {
    const body = this.tag('Viewport.Body')!;
    if (smooth) body.setSmooth('y', -this.page * this.pageH, { duration: 0.2 });
    else body.y = -this.page * this.pageH;
    const more = this.page < this.pages - 1 ? '　按↓翻页' : '';
    this.tag('Page')!.text!.text = this.pages > 1 ? `${this.pageText()}${more}` : '';
    report({ page: this.pages > 1 ? this.pageText() : null });
  }

  private say(what: string): void {
    tellApp(this, '$announce', what);
  }

  override _active(): void {
    report({ route: `item/${this.itemId}` });
  }

  override _inactive(): void {
    this.stopReading();
    this.announcePending = false;
    report({ page: null });
  }

  private turn(d: number): boolean {
    const next = this.page + d;
    if (next < 0 || next >= this.pages) return true;
    this.page = next;
    this.showPage();
    if (!this.reading) this.say(this.pageText()); // never cut the read-out short
    return true;
  }

  override _handleDown(): boolean {
    return this.turn(1);
  }
  override _handleUp(): boolean {
    return this.turn(-1);
  }
  _handlePageDown(): boolean {
    return this.turn(1);
  }
  _handlePageUp(): boolean {
    return this.turn(-1);
  }
  override _handleLeft(): boolean {
    return true;
  }
  override _handleRight(): boolean {
    return true;
  }

  /** OK presses 朗读: reads the whole text aloud at the speed chosen in settings; OK again stops. */
  override _handleEnter(): boolean {
    if (!this.spoken) return true;
    if (this.reading) {
      this.stopReading();
      return true;
    }
    const u = speak(this.spoken);
    this.reading = u;
    this.button.setLabel('停止朗读');
    report({ message: '正在朗读' });
    void u.series.then(() => {
      if (this.reading === u) this.stopReading(false);
    });
    return true;
  }

  private stopReading(cancel = true): void {
    if (this.reading && cancel) stopSpeaking();
    this.reading = undefined;
    this.button.setLabel('朗读');
    report({ message: null });
  }
}
