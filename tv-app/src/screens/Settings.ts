// Settings (blue key): voice read-out, its speed, text size, high contrast, idle play. Up/down choose a
// setting, left/right or OK change it. Text size and contrast rebuild the screens (a quick restart). The last row,
// 绑定家庭, says whether the box is paired to a household and OK opens the pairing screen. The rows scroll a row at
// a time when there are more than fit above the key hints (the rows out of sight are not drawn).
import { Lightning, Router } from '@lightningjs/sdk';
import { boxStatus, onBoxStatus, type BoxStatus } from '../data/boxes.ts';
import { keepSession, takeSession } from '../session.ts';
import { FocusPlate } from '../components/FocusPlate.ts';
import { screenFrame, tellApp } from '../components/ScreenFrame.ts';
import { text } from '../components/Text.ts';
import { report } from '../observe.ts';
import { settings, updateSettings, type Settings as SettingsValues } from '../settings.ts';
import { contentWidth, hintTop, layout } from '../theme/index.ts';
import { boxSpeaksChinese } from '../voice/speak.ts';

interface Option<K extends keyof SettingsValues> {
  key: K;
  label: string;
  values: { value: SettingsValues[K]; label: string }[];
  /** Applying this one rebuilds every screen. */
  restart?: boolean;
}
type AnyOption = { [K in keyof SettingsValues]: Option<K> }[keyof SettingsValues];

const OPTIONS: AnyOption[] = [
  { key: 'voice', label: '语音播报', values: [{ value: true, label: '开' }, { value: false, label: '关' }] },
  { key: 'speechRate', label: '语速', values: [{ value: 0.8, label: '慢' }, { value: 1, label: '正常' }, { value: 1.2, label: '快' }] },
  { key: 'textSize', label: '字体大小', restart: true, values: [{ value: 'large', label: '大' }, { value: 'larger', label: '特大' }] },
  { key: 'contrast', label: '高对比度', restart: true, values: [{ value: 'normal', label: '关' }, { value: 'high', label: '开' }] },
  { key: 'idlePlay', label: '首页空闲时自动播放', values: [{ value: false, label: '关' }, { value: true, label: '开' }] },
];

const ROW_H = layout.minTarget;
const ROW_KEY = 'keting.restart.settingsRow';
const { rowsY: ROWS_Y, rowGap: ROW_GAP, padX: PAD_X, ringRoom: RING_ROOM } = layout.settings;
/** The rows that fit whole between the header and the key hints, with room below for the focused row's ring. */
const VISIBLE = Math.floor((hintTop - ROWS_Y - RING_ROOM + ROW_GAP) / (ROW_H + ROW_GAP));
const PAIRING_LABEL = '绑定家庭';
/** The glyphs of a row's texts centred on its plate. */
const LABEL_Y = ROW_H / 2 + layout.labelDrop;

class SettingRow extends FocusPlate {
  option?: AnyOption;
  protected override focusTexts = ['Label', 'Value'];

  get announce(): string {
    return this.option ? `${this.option.label}，${this.valueLabel()}，按左右键更改` : '';
  }

  static override _template() {
    return {
      ...FocusPlate.frame(contentWidth, ROW_H),
      Label: { x: PAD_X, y: LABEL_Y, mountY: 0.5, ...text('', { role: 'heading', bold: true }) },
      Value: { x: contentWidth - PAD_X, y: LABEL_Y, mount: 1, mountY: 0.5, ...text('', { role: 'heading', bold: true }) },
    };
  }

  setOption(o: AnyOption): void {
    this.option = o;
    this.tag('Label')!.text!.text = o.label;
    this.refresh();
  }

  private currentIndex(): number {
    const o = this.option!;
    const i = o.values.findIndex((v) => v.value === settings()[o.key]);
    return i < 0 ? 0 : i;
  }

  valueLabel(): string {
    return this.option ? `◀  ${this.option.values[this.currentIndex()]!.label}  ▶` : '';
  }

  refresh(): void {
    this.tag('Value')!.text!.text = this.valueLabel();
  }

  /** Moves to the next (or previous) value; returns true when the app must restart to apply it. */
  step(d: number): boolean {
    const o = this.option!;
    const next = (this.currentIndex() + d + o.values.length) % o.values.length;
    updateSettings({ [o.key]: o.values[next]!.value } as Partial<SettingsValues>);
    this.refresh();
    return o.restart === true;
  }
}

/** What the box knows of its pairing, as the 绑定家庭 row says it. */
export function pairingValue(s: BoxStatus | null): string {
  if (!s) return '查看';
  return s.paired && s.household ? `已绑定：${s.household.name}` : '未绑定';
}

/** The last row: not a value to change but the way to the pairing screen (OK). */
class PairingRow extends FocusPlate {
  protected override focusTexts = ['Label', 'Value'];

  get announce(): string {
    return `${PAIRING_LABEL}，${pairingValue(boxStatus())}，按OK键打开`;
  }

  static override _template() {
    return {
      ...FocusPlate.frame(contentWidth, ROW_H),
      Label: { x: PAD_X, y: LABEL_Y, mountY: 0.5, ...text(PAIRING_LABEL, { role: 'heading', bold: true }) },
      Value: { x: contentWidth - PAD_X, y: LABEL_Y, mount: 1, mountY: 0.5, ...text('', { role: 'heading', bold: true }) },
    };
  }

  valueLabel(): string {
    return pairingValue(boxStatus());
  }

  refresh(): void {
    this.tag('Value')!.text!.text = `${this.valueLabel()}  ▶`;
  }
}

type Row = SettingRow | PairingRow;

export class Settings extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private index = 0;
  private unwatch = () => {};

  get announce(): string {
    return '设置';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return screenFrame(
      { title: '设置', sub: '', hint: `↑↓ 选择 · ←→ 或 OK 更改 · 最下面一行：${PAIRING_LABEL} · 返回 回到上一页` },
      {
        // The rows out of the window are not drawn (not clipped: the focused row's ring and scale stay whole).
        Rows: {
          x: layout.safeX,
          y: ROWS_Y,
          children: [
            ...OPTIONS.map((_, i) => ({ type: SettingRow, y: i * (ROW_H + ROW_GAP) })),
            { type: PairingRow, y: OPTIONS.length * (ROW_H + ROW_GAP) },
          ],
        },
      },
    );
  }

  override _init(): void {
    this.settingRows.forEach((r, i) => r.setOption(OPTIONS[i]!));
    this.index = takeSession<number>(ROW_KEY) ?? 0;
    this.scroll();
  }

  override _active(): void {
    this.rows.forEach((r) => r.refresh());
    // The pairing row follows the box's hello (data/boxes.ts): paired or not, as the CMS last said.
    this.unwatch = onBoxStatus(() => {
      this.rows.forEach((r) => r instanceof PairingRow && r.refresh());
      this.reportFocus();
    });
    // Boxes without voices (some TV browsers have none) keep working; say so here, once.
    // Boxes without a Chinese voice of their own are read to by the CMS (voice/server-voice.ts); say which.
    const note = boxSpeaksChinese() ? '语音播报会读出选中的内容。' : '这台机顶盒没有自带中文语音，由服务器替它朗读。';
    this.tag('Header.Sub')!.text!.text = note;
    report({ route: 'settings', message: null, ready: true });
    this.reportFocus();
  }

  override _inactive(): void {
    this.unwatch();
  }

  private get rows(): Row[] {
    return (this.tag('Rows')?.children ?? []) as Row[];
  }

  private get settingRows(): SettingRow[] {
    return this.rows.filter((r): r is SettingRow => r instanceof SettingRow);
  }

  private reportFocus(): void {
    const row = this.rows[this.index];
    if (row instanceof PairingRow) report({ focused: `${PAIRING_LABEL} ${row.valueLabel()}` });
    else report({ focused: row?.option ? `${row.option.label} ${row.valueLabel().replace(/[◀▶ ]/g, '')}` : null });
  }

  /** Keeps the focused row in the window of VISIBLE rows: it moves a whole row at a time, only as far as it must. */
  private scroll(): void {
    const top = Math.max(0, Math.min(this.index - VISIBLE + 1, this.rows.length - VISIBLE));
    this.tag('Rows')!.y = ROWS_Y - top * (ROW_H + ROW_GAP);
    this.rows.forEach((r, i) => (r.alpha = i >= top && i < top + VISIBLE ? 1 : 0));
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.rows[this.index];
  }

  private move(d: number): boolean {
    const next = this.index + d;
    if (next >= 0 && next < this.rows.length) {
      this.index = next;
      this.scroll();
      this._refocus();
      this.reportFocus();
    }
    return true;
  }

  private change(d: number): boolean {
    const row = this.rows[this.index];
    if (row instanceof PairingRow) {
      if (d > 0) Router.navigate('pairing'); // OK or →; ← stays
      return true;
    }
    const restart = (row as SettingRow).step(d);
    if (restart) keepSession(ROW_KEY, this.index); // come back to this row after the restart
    this.reportFocus();
    tellApp(this, '$settingsChanged', restart);
    return true;
  }

  override _handleUp(): boolean {
    return this.move(-1);
  }
  override _handleDown(): boolean {
    return this.move(1);
  }
  override _handleLeft(): boolean {
    return this.change(-1);
  }
  override _handleRight(): boolean {
    return this.change(1);
  }
  override _handleEnter(): boolean {
    return this.change(1);
  }
}
