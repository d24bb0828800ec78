// The application: the Router's pages, the keys that work from anywhere (digits 1–9/0 open the ten
// sections; colour keys: red home, green notices, yellow continue watching, blue settings), the voice
// read-out of every focus change, and Back — which the App handles itself, because a Back that
// reaches the SDK's Application closes the app: on the home screen it asks first.
import { Lightning, Router } from '@lightningjs/sdk';
import { withAnnouncer } from '@lightningjs/ui-components/src';
import { Dialog } from './components/Dialog.ts';
import { roundRect } from './components/focus.ts';
import { text } from './components/Text.ts';
import { activeKeyMap, digitOf } from './keymap.ts';
import { catalog, sectionByDigit } from './data/store.ts';
import { report } from './observe.ts';
import { routes } from './routes.ts';
import { keepSession, takeSession } from './session.ts';
import { settings } from './settings.ts';
import { colors, layout, plateColor } from './theme/index.ts';
import { speak, stopSpeaking } from './voice/speak.ts';

const RESTART_KEY = 'keting.restart.history';

/** What each colour key opens; documented in the README's key table. */
export const COLOUR_KEYS: Record<string, string> = { Red: 'home', Green: 'section/notices', Yellow: 'section/continue', Blue: 'settings' };

interface Announcer {
  announcerEnabled: boolean;
  $announce(text: string, options?: { append?: boolean; notification?: boolean }): void;
  $announcerCancel(): void;
}

// ui-components' announcer wraps the Router's App: it reads out the `announce` of whatever gains focus.
type RouterApp = InstanceType<typeof Router.App>;
type AnnouncedAppClass = (new (...args: ConstructorParameters<typeof Router.App>) => RouterApp & Announcer) &
  Pick<typeof Router.App, '_template'>;
const AnnouncedApp = withAnnouncer(Router.App as unknown as typeof Lightning.Component, speak) as unknown as AnnouncedAppClass;

export class App extends AnnouncedApp {
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  static override _template() {
    return {
      ...super._template(),
      Dialog: { type: Dialog, zIndex: 20 },
      Toast: {
        x: layout.screenW / 2,
        y: layout.safeY + 40,
        mountX: 0.5,
        alpha: 0,
        zIndex: 10,
        ...roundRect(1100, 110),
        color: plateColor('message'),
        Text: { x: 550, y: 55, mount: 0.5, ...text('', { role: 'heading', color: colors.textSecondary }) },
      },
    };
  }

  override _setup(): void {
    this.announcerEnabled = settings().voice;
    Router.startRouter(routes, this);
    // After a settings restart the way back is the one the viewer had before it.
    const kept = takeSession<Router.HistoryEntry[]>(RESTART_KEY);
    if (kept) Router.setHistory(kept);
  }

  private get dialog(): Dialog {
    return this.tag('Dialog') as unknown as Dialog;
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.dialog.isOpen ? this.dialog : (super._getFocused() as Lightning.Component | undefined);
  }

  /** Keys that work from any screen: digits and colour keys (not while a question is open). */
  override _captureKey(e: KeyboardEvent): boolean {
    if (this.dialog.isOpen) return false;
    const name = activeKeyMap()[e.keyCode];
    const digit = digitOf(name);
    if (digit !== undefined) {
      const section = sectionByDigit(digit);
      if (!section) return catalog() !== undefined;
      this.go(`section/${section.id}`);
      return true;
    }
    const target = name ? COLOUR_KEYS[name] : undefined;
    if (target === 'home') {
      // Red is "take me home": the way back starts again from there.
      Router.setHistory([]);
      if (Router.getActiveHash() !== 'home') Router.navigate('home', false);
      return true;
    }
    if (target) {
      this.go(target);
      return true;
    }
    return false;
  }

  private go(hash: string): void {
    if (Router.getActiveHash() !== hash) Router.navigate(hash);
  }

  /** Called by the Router when Back has nowhere left to go: ask, never close silently. */
  override _handleAppClose(): boolean {
    if (Router.getActiveHash() !== 'home') {
      // Opened straight onto another screen (a link, a restart): one step back is home.
      Router.navigate('home', false);
      return true;
    }
    this.dialog.open({
      question: '要退出客厅吗？',
      choices: ['留在这里', '退出'],
      answer: (i) => {
        this._refocus();
        if (i === 1) {
          stopSpeaking();
          report({ route: 'exited' });
          (this.application as unknown as { closeApp(): void }).closeApp();
        }
      },
    });
    this._refocus();
    return true;
  }

  /** Screens ask a question through the App, so that one dialog serves them all. */
  $ask(question: string, choices: string[], answer: (i: number) => void, back?: () => void): void {
    this.dialog.open({ question, choices, answer: (i) => (this._refocus(), answer(i)), back: back && (() => (this._refocus(), back())) });
    this._refocus();
  }

  /** Reads a whole text aloud (the "朗读" of notices and guides). */
  $readAloud(content: string): void {
    speak(content);
  }

  $settingsChanged(restart: boolean): void {
    this.announcerEnabled = settings().voice;
    if (!settings().voice) stopSpeaking();
    if (restart) {
      // Sizes and colours are read once when the screens are built: build them again.
      this.toast('正在应用新的设置…');
      keepSession(RESTART_KEY, Router.getHistory());
      setTimeout(() => location.reload(), 600);
    }
  }

  toast(message: string): void {
    const t = this.tag('Toast') as Lightning.Element;
    (t.tag('Text') as Lightning.Element).text!.text = message;
    t.setSmooth('alpha', 1, { duration: 0.2 });
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => t.setSmooth('alpha', 0, { duration: 0.4 }), 3000);
    report({ message });
  }
}
