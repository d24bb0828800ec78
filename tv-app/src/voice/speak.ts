// Voice read-out in Chinese, at the viewer's speed. The ui-components announcer (withAnnouncer in App) decides
// *what* to say on each focus change; this decides *how*: the box's own speechSynthesis when it has a Chinese
// voice, else the CMS's voice (server-voice.ts: phrases rendered on the server, played by an <audio> element).
import { reportSpoken } from '../observe.ts';
import { settings } from '../settings.ts';
import { serverVoice } from './server-voice.ts';

type Speech = string | undefined | Speech[] | Promise<Speech> | (() => Speech);

function flatten(s: Speech): string[] {
  if (s === undefined) return [];
  if (typeof s === 'string') return s.trim() ? [s] : [];
  if (Array.isArray(s)) return s.flatMap(flatten);
  if (typeof s === 'function') return flatten(s());
  return []; // promises are not awaited: the focus has moved on by then
}

export function speechSupported(): boolean {
  return typeof window.speechSynthesis !== 'undefined' && typeof window.SpeechSynthesisUtterance !== 'undefined';
}

function chineseVoice(): SpeechSynthesisVoice | undefined {
  return window.speechSynthesis.getVoices().find((v) => /^zh|cmn/i.test(v.lang));
}

/** Whether the box speaks Chinese itself; if not, the CMS speaks for it. */
export function boxSpeaksChinese(): boolean {
  return speechSupported() && chineseVoice() !== undefined;
}

/** What the ui-components announcer expects back from its speak function. */
export interface Utterance {
  text: string;
  /** Settles when the speech has ended (or could not start). */
  series: Promise<void>;
  active: boolean;
  cancel(): void;
  append(more: Speech): void;
}

function say(text: string): Promise<void> {
  if (!boxSpeaksChinese()) return serverVoice.say(text, settings().speechRate);
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = settings().speechRate;
    const voice = chineseVoice();
    try {
      if (voice) u.voice = voice;
    } catch {
      // an engine that will not take its own voice object back: it picks one by u.lang
    }
    u.onend = () => resolve();
    u.onerror = () => resolve();
    window.speechSynthesis.speak(u);
  });
}

/** The same words asked for twice within this time are said once (a screen and the announcer may both ask). */
const REPEAT_MS = 2000;
let last = { text: '', at: 0 };

/** Speaks `what`, cutting off whatever was being said. */
export function speak(what: Speech): Utterance {
  const text = flatten(what).join('，');
  const now = Date.now();
  const silent: Utterance = { text: '', active: false, series: Promise.resolve(), cancel() {}, append() {} };
  if (text && text === last.text && now - last.at < REPEAT_MS) return silent; // let the first one finish
  last = { text, at: now };
  stopSpeaking();
  if (!text) return silent;
  const utterance: Utterance = {
    text,
    active: text.length > 0,
    series: Promise.resolve(),
    cancel() {
      if (utterance.active) stopSpeaking();
      utterance.active = false;
    },
    append(more) {
      const extra = flatten(more).join('，');
      if (!extra) return;
      reportSpoken(extra);
      utterance.series = utterance.series.then(() => say(extra));
    },
  };
  if (text) {
    reportSpoken(text);
    utterance.series = say(text).finally(() => {
      utterance.active = false;
    });
  }
  return utterance;
}

export function stopSpeaking(): void {
  if (speechSupported()) window.speechSynthesis.cancel();
  serverVoice.stop();
}
