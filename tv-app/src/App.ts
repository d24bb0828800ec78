// The application: the Router's pages, the keys that work from anywhere (digits 1–9/0 open the ten
// sections; colour keys: red home, green notices, yellow continue watching, blue settings), the voice
// read-out of every focus change, and Back — which the App handles itself, because a Back that
// reaches the SDK's Application closes the app: on the home screen it asks first.
import { Lightning, Router } from '@lightningjs/sdk';
import { withAnnouncer } from '@lightningjs/ui-components/src';
import { Countdown } from './components/Countdown.ts';
import { Dialog, type DialogSpec } from './components/Dialog.ts';
import { StudyNote } from './components/StudyNote.ts';
import { WhoIsWatching, type WhoSpec } from './components/WhoIsWatching.ts';
import { UrgentNotice } from './components/UrgentNotice.ts';
import { roundRect } from './components/focus.ts';
import { text } from './components/Text.ts';
import { activeKeyMap, digitOf } from './keymap.ts';
import type { ItemSummary } from './data/api.ts';
import { startHello } from './data/boxes.ts';
import { airingKey, refreshChannels, spokenLeft, watchBroadcasts, type Airing } from './data/broadcasts.ts';
import { listenForEvents } from './data/events.ts';
import { catalog, onNewCatalog, refreshCatalog, sectionByDigit } from './data/store.ts';
import { holdPosition } from './data/progress.ts';
import { markSeen, unseenUrgent, wasSeen } from './data/urgent.ts';
import { sitting } from './data/watchers.ts';
import { player } from './player/hls-player.ts';
import { observed, report } from './observe.ts';
import { routes } from './routes.ts';
import { keepSession, takeSession } from './session.ts';
import { settings } from './settings.ts';
import { colors, layout, plateColor } from './theme/index.ts';
import { speak, stopSpeaking } from './voice/speak.ts';

const RESTART_KEY = 'keting.restart.history';
/**
 * An urgent notice older than this does not pop up when the box is switched on (it stays first in 通知公告):
 * a notice is urgent for a few days, not for ever. One that arrives by the event stream is new by definition.
 */
const URGENT_POPUP_MAX_AGE_MS = 72 * 3600_000;

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

/** What the announcer reads for an element, as it stood when last read out. */
const lastAnnounced = new WeakMap<object, unknown>();

export class App extends AnnouncedApp {
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The announcer reads out only the elements of the focus path it did not read last time. A list that recycles
   * its rows (Section: five rows for any number of items) can put the focus back on the very element read last
   * time, now showing another item — after five quick presses nothing would be said. An element whose words
   * have changed since it was last read counts as newly focused.
   */
  _announceFocusChanges(): void {
    const self = this as unknown as { _lastFocusPath?: object[]; application: { focusPath?: object[] } };
    const path = self.application.focusPath ?? [];
    const words = (el: object) => (el as { announce?: unknown }).announce;
    if (self._lastFocusPath) {
      self._lastFocusPath = self._lastFocusPath.filter((el) => !lastAnnounced.has(el) || String(lastAnnounced.get(el)) === String(words(el)));
    }
    for (const el of path) lastAnnounced.set(el, words(el));
    (AnnouncedApp.prototype as unknown as { _announceFocusChanges(this: App): void })._announceFocusChanges.call(this);
  }

  static override _template() {
    return {
      ...super._template(),
      Dialog: { type: Dialog, zIndex: 20 },
      Who: { type: WhoIsWatching, zIndex: 19 },
      Study: { type: StudyNote, zIndex: 11 },
      Urgent: { type: UrgentNotice, zIndex: 30 },
      Countdown: { type: Countdown, zIndex: 15 },
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
    this.listen();
    startHello(); // the CMS's fleet sees the box; its household is kept for 谁在看 (data/boxes.ts)
  }

  // ---- What the CMS says while the box is on: new content, urgent notices (data/events.ts) ----

  private get urgent(): UrgentNotice {
    return this.tag('Urgent') as unknown as UrgentNotice;
  }

  private listen(): void {
    // Every newer catalog — the first one at start, one fetched because of an event, one from polling —
    // may hold an urgent notice this box has not shown yet.
    onNewCatalog(() => setTimeout(() => this.showUrgent(this.nextUrgent()))); // after the screen has drawn it
    this.watchBroadcasts();
    listenForEvents({
      catalog: (version) => {
        if (version === null) void refreshChannels(); // polling: the schedule may have changed too
        void this.catalogMayHaveChanged(version);
      },
      broadcasts: () => void refreshChannels(),
      urgent: (item) => this.showUrgent(item),
      urgentWithdrawn: (id) => {
        if (this.urgent.itemId !== id) return;
        this.urgent.close();
        this.urgentClosed();
      },
      connected: (live) => {
        report({ live });
        if (live) void refreshChannels(); // a schedule change may have been missed while the stream was down
      },
    });
  }

  // ---- Broadcasts (data/broadcasts.ts): the countdown, the takeover at the start, and back at the end ----

  private get countdown(): Countdown {
    return this.tag('Countdown') as unknown as Countdown;
  }

  /** The broadcast that took the viewer to the live view (its airingKey): its end takes them back. */
  private tookOver: string | null = null;
  private withdrawPrompt = () => {};

  private watchBroadcasts(): void {
    watchBroadcasts({
      changed: (s) => {
        report({ onAir: s.onAir?.programme.title ?? null });
        if (!s.soon) this.countdown.hide(); // started, or taken off the schedule
      },
      soon: (a) => {
        if (this.countdown.show(a)) this.$announce(`直播预告：${a.programme.title}，${spokenLeft(this.countdown.left)}后开始`);
      },
      started: (a, late) => this.broadcastStarted(a, late),
      ended: (a) => this.broadcastEnded(a),
    });
  }

  /**
   * A broadcast with takeover began: ask (prompt) or go (switch). A box that learns of it late (switched on
   * mid-way) asks rather than switching under a viewer who has just sat down.
   */
  private broadcastStarted(a: Airing, late: boolean): void {
    this.countdown.hide();
    const { takeover } = a.programme;
    if (takeover === 'none' || Router.getActiveHash() === 'live') return;
    if (takeover === 'switch' && !late) {
      this.takeOver(a);
      this.toast('会议开始了，已为您切换到直播');
      return;
    }
    const pausedVideo = player.playing;
    if (pausedVideo) player.pause();
    const resume = () => {
      if (pausedVideo && Router.getActiveHash()?.startsWith('play/')) player.play();
    };
    this.withdrawPrompt();
    this.withdrawPrompt = this.$ask({
      question: '会议开始了，按 OK 键观看',
      choices: ['观看直播', '不看了'],
      answer: (i) => (i === 0 ? this.takeOver(a) : resume()),
      back: resume,
    });
  }

  /** To the live view, keeping the way back: the Router's history, and a playing video's position. */
  private takeOver(a: Airing): void {
    const hash = Router.getActiveHash() ?? '';
    if (hash.startsWith('play/')) holdPosition(hash.slice('play/'.length), player.currentTime);
    this.tookOver = airingKey(a);
    Router.navigate('live');
  }

  private broadcastEnded(a: Airing): void {
    this.withdrawPrompt();
    this.withdrawPrompt = () => {};
    if (this.tookOver !== airingKey(a)) return;
    this.tookOver = null;
    // The live view goes back (to exactly where the viewer was) once the end is on its screen.
    const page = Router.getActivePage() as { $broadcastEnded?(endMs: number): void } | null;
    if (Router.getActiveHash() === 'live') page?.$broadcastEnded?.(Date.parse(a.programme.endsAt));
  }

  /** Fetches the catalog (once, with its ETag) unless this box has that version; the screen updates in place. */
  private async catalogMayHaveChanged(version: string | null): Promise<void> {
    const before = catalog()?.version;
    if (version !== null && version === before) return;
    try {
      await refreshCatalog();
    } catch {
      return; // offline: the next event or poll tries again
    }
    if (catalog()?.version === before) return;
    (Router.getActivePage() as { $catalogChanged?(): void } | null)?.$catalogChanged?.();
    // The screen says where its focus is; an urgent notice over it still holds the remote.
    if (this.urgent.isOpen) report({ focused: observed().urgent });
  }

  /** The newest urgent notice of the catalog not yet shown on this box and still new enough to pop up. */
  private nextUrgent(): ItemSummary | undefined {
    return unseenUrgent(catalog()?.urgent ?? []).find((i) => Date.now() - Date.parse(i.publishedAt) < URGENT_POPUP_MAX_AGE_MS);
  }

  /** Shows an urgent notice over whatever is on (a playing video pauses); one at a time. */
  private showUrgent(item: ItemSummary | undefined): void {
    if (!item || this.urgent.isOpen || wasSeen(item.id)) return;
    if (player.playing) player.pause();
    const before = observed().focused;
    this.urgent.open({
      item,
      read: () => {
        markSeen(item.id);
        this.urgentClosed(before);
        Router.navigate(`item/${item.id}`);
      },
      dismiss: () => {
        markSeen(item.id);
        this.urgentClosed(before);
        this.showUrgent(this.nextUrgent());
      },
    });
    report({ urgent: item.title, focused: item.title });
    this._refocus(); // the announcer reads it out (UrgentNotice.announce)
  }

  private urgentClosed(focused: string | null = observed().focused): void {
    report({ urgent: null, focused });
    this._refocus();
  }

  private get dialog(): Dialog {
    return this.tag('Dialog') as unknown as Dialog;
  }

  private get who(): WhoIsWatching {
    return this.tag('Who') as unknown as WhoIsWatching;
  }

  override _getFocused(): Lightning.Component | undefined {
    if (this.urgent.isOpen) return this.urgent;
    if (this.dialog.isOpen) return this.dialog;
    return this.who.isOpen ? this.who : (super._getFocused() as Lightning.Component | undefined);
  }

  /** Keys that work from any screen: digits and colour keys (not while a question holds the remote). */
  override _captureKey(e: KeyboardEvent): boolean {
    sitting.noteKey(Date.now()); // someone is on the sofa: 谁在看's choice holds (data/watchers.ts)
    if (this.urgent.isOpen || this.dialog.holdsRemote || this.who.isOpen) return false;
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

  /** Screens ask a question through the App, so that one dialog serves them all; it may be withdrawn unanswered. */
  $ask(spec: DialogSpec): () => void {
    const { answer, back } = spec;
    const shown: DialogSpec = { ...spec, answer: (i) => (this._refocus(), answer(i)), back: back && (() => (this._refocus(), back())) };
    this.dialog.open(shown);
    this._refocus();
    return () => {
      if (this.dialog.withdraw(shown)) this._refocus();
    };
  }

  /** Asks 谁在看 over the whole screen (the player, as a lesson starts); gives back a way to withdraw it unanswered. */
  $askWho(spec: WhoSpec): () => void {
    const shown: WhoSpec = { ...spec, answer: (chosen) => (this._refocus(), spec.answer(chosen)) };
    this.who.open(shown);
    this._refocus(); // the announcer reads the question and the names (WhoIsWatching.announce)
    return () => {
      this.who.close();
      this._refocus();
    };
  }

  /**
   * Shows and says each watching member's month after a lesson (when the CMS answers; failures silent), briefly,
   * over whatever screen the viewer is on by then; it never takes the focus.
   */
  $studySummary(lines: Promise<string[]>): void {
    lines.then(
      (shown) => {
        if (!shown.length) return;
        (this.tag('Study') as unknown as StudyNote).show(shown);
        this.$announce(shown.join('。'), { append: true });
      },
      () => undefined,
    );
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
