// 绑定家庭 (from settings): pairs this box to a household without typing on the TV. An unpaired box shows a
// six-digit code, very large, and a QR code of the admin's page that pairs it; staff type the code in the admin,
// or scan it with a phone already signed in. Meanwhile the box says hello every few seconds, and the moment it is
// paired the screen shows and says 「已绑定：<household>」. A code about to expire is replaced by a new one. A
// paired box's screen says which household it serves, and that staff unpair it in the admin. Nothing here is a
// dead end: Back always leaves (the Router's), OK retries after an error, and errors retry on their own too.
import { Lightning } from '@lightningjs/sdk';
import { QrCode } from '../components/QrCode.ts';
import { screenFrame, tellApp } from '../components/ScreenFrame.ts';
import { text } from '../components/Text.ts';
import { ApiError } from '../data/api.ts';
import {
  PAIRING_HELLO_MS,
  boxStatus,
  forgetCode,
  pairUrl,
  pairingCode,
  sayHello,
  spacedCode,
  spokenCode,
  type BoxStatus,
  type ShownCode,
} from '../data/boxes.ts';
import { report } from '../observe.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';

const P = layout.pairing;
const QR_X = layout.screenW - layout.safeX - P.qr;
/** The left column (label, digits, status, note) ends a gap before the QR code. */
const LEFT_W = QR_X - layout.safeX - layout.gap;
/** After a failed request for a code, the next try (OK tries at once). */
const RETRY_MS = 5_000;

const WORDS = '请工作人员在管理后台输入这个绑定码，或用已登录的手机扫码';
const WAITING = '正在等待绑定…';
const CODE_NOTE = '绑定码 10 分钟内有效，过期会自动换一个新的。';
const PAIRED_NOTE = '如需解除绑定，请工作人员在管理后台操作。';

type Mode = 'loading' | 'code' | 'error' | 'paired';

export class Pairing extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private mode: Mode = 'loading';
  private code: ShownCode | undefined;
  private household: string | null = null;
  private status = '';
  /** Bumped when the screen closes: answers to what it asked before then are ignored. */
  private generation = 0;
  private helloTimer: ReturnType<typeof setInterval> | undefined;
  private codeTimer: ReturnType<typeof setTimeout> | undefined;

  get announce(): string {
    return '绑定家庭';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return screenFrame(
      { title: '绑定家庭', sub: WORDS, hint: '返回 回到上一页' },
      {
        Ask: {
          Label: { x: layout.safeX, y: P.labelY, ...text('绑定码', { role: 'heading', bold: true, color: colors.textSecondary }) },
          Digits: { x: layout.safeX, y: P.codeY, ...text('', { role: 'code', bold: true }) },
          Qr: { type: QrCode, x: QR_X, y: P.labelY },
          QrCaption: { x: QR_X + P.qr / 2, y: P.labelY + P.qr + P.qrCaptionGap, mountX: 0.5, ...text('用手机扫码', { role: 'caption', color: colors.textSecondary }) },
          Note: { x: layout.safeX, y: P.noteY, ...text(CODE_NOTE, { role: 'caption', color: colors.textSecondary, width: P.noteW }) },
        },
        Status: { x: layout.safeX, y: P.statusY, ...text('', { role: 'heading', width: LEFT_W }) },
        Done: {
          alpha: 0,
          Label: { x: layout.screenW / 2, y: P.labelY, mountX: 0.5, ...text('已绑定', { role: 'display', bold: true, color: colors.textSecondary }) },
          Name: { x: layout.screenW / 2, y: P.doneY, mountX: 0.5, ...text('', { role: 'code', bold: true, width: contentWidth, align: 'center', maxLines: 2 }) },
          Note: { x: layout.screenW / 2, mountX: 0.5, ...text(PAIRED_NOTE, { role: 'body', color: colors.textSecondary }) },
        },
      },
    );
  }

  override _init(): void {
    // The note goes under the household's name however many lines that took (a long name wraps to two).
    const name = this.tag('Done.Name')!;
    name.on('txLoaded', () => {
      this.tag('Done.Note')!.y = P.doneY + name.renderHeight + P.doneNoteGap;
    });
  }

  override _active(): void {
    this.generation++;
    report({ route: 'pairing', focused: null, message: null, ready: true });
    const known = boxStatus();
    if (known?.paired && known.household) this.showPaired(known.household.name, false);
    else void this.newCode(false);
    const gen = this.generation;
    this.helloTimer = setInterval(() => void this.hello(gen), PAIRING_HELLO_MS);
    void this.hello(gen);
  }

  override _inactive(): void {
    this.generation++;
    clearInterval(this.helloTimer);
    clearTimeout(this.codeTimer);
  }

  /** Says hello; a change of pairing shows at once. A failure only shows while a code is up (it may be why nothing happens). */
  private async hello(gen: number): Promise<void> {
    let s: BoxStatus;
    try {
      s = await sayHello();
    } catch (e) {
      if (gen === this.generation && this.mode === 'code') this.setStatus(reason(e));
      return;
    }
    if (gen !== this.generation) return;
    if (s.paired && s.household) {
      if (this.mode !== 'paired' || this.household !== s.household.name) this.showPaired(s.household.name, true);
    } else if (this.mode === 'paired') {
      void this.newCode(false); // unpaired in the admin meanwhile: show a code again
    } else if (this.mode === 'code') {
      this.setStatus(WAITING);
    }
  }

  /** Asks for a code (the one the box already has while it lives, unless `fresh`) and shows it. */
  private async newCode(fresh: boolean): Promise<void> {
    const gen = this.generation;
    clearTimeout(this.codeTimer);
    if (this.mode !== 'code') {
      this.mode = 'loading';
      this.view('none');
      this.setStatus('正在获取绑定码，请稍候…');
    }
    let code: ShownCode;
    try {
      code = await pairingCode({ fresh });
    } catch (e) {
      if (gen !== this.generation || this.isPaired) return;
      this.mode = 'error';
      this.code = undefined;
      this.view('none');
      this.setStatus(`${reason(e)}\n按 OK 键重试，或稍等一会儿。`);
      this.codeTimer = setTimeout(() => void this.newCode(false), RETRY_MS);
      report({ pairing: { code: null, qr: null, household: null } });
      return;
    }
    if (gen !== this.generation || this.isPaired) return;
    const changed = code.code !== this.code?.code;
    this.mode = 'code';
    this.code = code;
    const url = pairUrl(code.pairPath);
    this.tag('Ask.Digits')!.text!.text = spacedCode(code.code);
    (this.tag('Ask.Qr') as unknown as QrCode).show(url, P.qr);
    this.view('ask');
    this.setStatus(WAITING);
    this.codeTimer = setTimeout(() => void this.newCode(true), Math.max(0, code.replaceAt - Date.now()));
    report({ pairing: { code: code.code, qr: url, household: null } });
    if (changed) this.say(`绑定家庭。${WORDS}。绑定码：${spokenCode(code.code)}`);
  }

  private showPaired(name: string, justNow: boolean): void {
    clearTimeout(this.codeTimer);
    forgetCode(); // used up (or the box was paired some other way): a later screen asks for a new one
    this.mode = 'paired';
    this.code = undefined;
    this.household = name;
    const done = `已绑定：${name}`;
    this.view('done');
    this.setStatus('');
    this.tag('Done.Name')!.text!.text = name;
    this.tag('Header.Sub')!.text!.text = justNow ? '绑定好了，按 返回 键回到上一页。' : '这台电视为下面这个家庭服务。';
    report({ pairing: { code: null, qr: null, household: name }, message: done });
    this.say(justNow ? done : `绑定家庭。${done}`);
  }

  /** Which part shows: the code and QR code, the household paired, or neither (loading, an error). */
  private view(which: 'ask' | 'done' | 'none'): void {
    this.tag('Ask')!.alpha = which === 'ask' ? 1 : 0;
    this.tag('Done')!.alpha = which === 'done' ? 1 : 0;
    if (which !== 'done') {
      this.tag('Header.Sub')!.text!.text = WORDS;
      this.household = null;
    }
  }

  private setStatus(s: string): void {
    if (s === this.status) return;
    this.status = s;
    this.tag('Status')!.text!.text = s;
    report({ message: s || null });
  }

  private say(what: string): void {
    tellApp(this, '$announce', what);
  }

  /** Read fresh after an await (the pairing may have come meanwhile). */
  private get isPaired(): boolean {
    return this.mode === 'paired';
  }

  override _handleEnter(): boolean {
    if (this.mode === 'error') void this.newCode(false);
    return true;
  }
}

const reason = (e: unknown): string => (e instanceof ApiError ? e.message : '连接不上服务器，请稍后再试。');
