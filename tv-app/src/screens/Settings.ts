// Settings (blue key): voice read-out, its speed, text size, high contrast, idle play. Up/down choose a
// setting, left/right or OK change it. Text size and contrast rebuild the screens (a quick restart).
import { Lightning } from '@lightningjs/sdk';
import { keepSession, takeSession } from '../session.ts';
import { hintBar } from '../components/HintBar.ts';
import { plate, ring, setFocusLook } from '../components/focus.ts';
import { text } from '../components/Text.ts';
import { report } from '../observe.ts';
import { settings, updateSettings, type Settings as SettingsValues } from '../settings.ts';
import { colors, contentWidth, layout } from '../theme/index.ts';
import { hasVoices, speechSupported } from '../voice/speak.ts';

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
const ROW_GAP = layout.gap - 12;

class SettingRow extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  option?: AnyOption;

  get announce(): string {
    return this.option ? `${this.option.label}，${this.valueLabel()}，按左右键更改` : '';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: contentWidth,
      h: ROW_H,
      Ring: ring(contentWidth, ROW_H),
      Plate: plate(contentWidth, ROW_H),
      Label: { x: 40, y: ROW_H / 2 + 4, mountY: 0.5, ...text('', { role: 'heading', bold: true }) },
      Value: { x: contentWidth - 40, y: ROW_H / 2 + 4, mount: 1, mountY: 0.5, ...text('', { role: 'heading', bold: true }) },
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

  override _focus(): void {
    setFocusLook(this, true, ['Label', 'Value']);
  }
  override _unfocus(): void {
    setFocusLook(this, false, ['Label', 'Value']);
  }
}

export class Settings extends Lightning.Component<Lightning.Component.TemplateSpecLoose> {
  private index = 0;

  get announce(): string {
    return '设置';
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: layout.screenW,
      h: layout.screenH,
      rect: true,
      color: colors.background,
      Title: { x: layout.safeX, y: layout.safeY + 8, ...text('设置', { role: 'display', bold: true }) },
      Note: { x: layout.safeX, y: layout.safeY + 104, ...text('', { role: 'caption', color: colors.textSecondary }) },
      Rows: {
        x: layout.safeX,
        y: layout.contentY - 30,
        children: OPTIONS.map((_, i) => ({ type: SettingRow, y: i * (ROW_H + ROW_GAP) })),
      },
      Hint: hintBar('↑↓ 选择 · ←→ 或 OK 更改 · 返回 回到上一页'),
    };
  }

  override _init(): void {
    this.rows.forEach((r, i) => r.setOption(OPTIONS[i]!));
    this.index = takeSession<number>(ROW_KEY) ?? 0;
  }

  override _active(): void {
    this.rows.forEach((r) => r.refresh());
    // Boxes without voices (some TV browsers have none) keep working; say so here, once.
    const note = !speechSupported()
      ? '这台机顶盒不支持语音播报。'
      : hasVoices()
        ? '语音播报会读出选中的内容。'
        : '这台机顶盒暂时没有可用的语音，语音播报可能听不到。';
    this.tag('Note')!.text!.text = note;
    report({ route: 'settings', message: null, ready: true });
    this.reportFocus();
  }

  private get rows(): SettingRow[] {
    return (this.tag('Rows')?.children ?? []) as SettingRow[];
  }

  private reportFocus(): void {
    const row = this.rows[this.index];
    report({ focused: row?.option ? `${row.option.label} ${row.valueLabel().replace(/[◀▶ ]/g, '')}` : null });
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.rows[this.index];
  }

  private move(d: number): boolean {
    const next = this.index + d;
    if (next >= 0 && next < this.rows.length) {
      this.index = next;
      this._refocus();
      this.reportFocus();
    }
    return true;
  }

  private change(d: number): boolean {
    const restart = this.rows[this.index]!.step(d);
    if (restart) keepSession(ROW_KEY, this.index); // come back to this row after the restart
    this.reportFocus();
    (this.fireAncestors as unknown as (name: string, restart: boolean) => void).call(this, '$settingsChanged', restart);
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
