// The application: the Router's pages, the digit keys that open sections from anywhere, and Back —
// which the App handles itself, because a Back that reaches the SDK's Application closes the app.
import { Lightning, Router } from '@lightningjs/sdk';
import { roundRect } from './components/focus.ts';
import { text } from './components/Text.ts';
import { activeKeyMap, digitOf } from './keymap.ts';
import { catalog, sectionByDigit } from './data/store.ts';
import { report } from './observe.ts';
import { routes } from './routes.ts';
import { applyTheme } from './theme/theme.ts';
import { colors, layout, plateColor } from './theme/tokens.ts';

export class App extends Router.App {
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  static override _template() {
    return {
      ...super._template(),
      Toast: {
        x: layout.screenW / 2,
        y: layout.safeY + 40,
        mountX: 0.5,
        alpha: 0,
        zIndex: 10,
        ...roundRect(1100, 110),
        color: plateColor(0.9),
        Text: { x: 550, y: 55, mount: 0.5, ...text('', { role: 'heading', color: colors.textSecondary }) },
      },
    };
  }

  override _setup(): void {
    applyTheme();
    Router.startRouter(routes, this);
  }

  /** Digits open the ten sections from any screen. */
  override _captureKey(e: KeyboardEvent): boolean {
    const digit = digitOf(activeKeyMap()[e.keyCode]);
    if (digit === undefined) return false;
    const section = sectionByDigit(digit);
    if (!section) return catalog() === undefined ? false : true;
    if (Router.getActiveHash() !== `section/${section.id}`) Router.navigate(`section/${section.id}`);
    return true;
  }

  /** Called by the Router when Back has nowhere left to go (the home screen): never close silently. */
  override _handleAppClose(): boolean {
    this.toast('已经在首页了');
    report({ message: '已经在首页了' });
    return true;
  }

  toast(message: string): void {
    const t = this.tag('Toast') as Lightning.Element;
    (t.tag('Text') as Lightning.Element).text!.text = message;
    t.setSmooth('alpha', 1, { duration: 0.2 });
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => t.setSmooth('alpha', 0, { duration: 0.4 }), 3000);
  }
}
