// The CMS's voice, for boxes without a Chinese voice of their own: a text is said phrase by phrase (split at
// Chinese and Latin punctuation), each phrase an MP3 the CMS renders once for every box
// (GET /api/tv/v1/speech?text=&rate=, cached for a year), played by one <audio> element beside the canvas.
// A new text stops the one being said, as the box's own engine does.
import { apiBase } from '../data/api.ts';

/** The longest phrase the CMS speaks (SPEECH_MAX_CHARS in cms-server/src/constants.ts). */
const MAX_PHRASE = 120;
/** A phrase that has not even started after this long (a slow CMS, a lost request) is skipped. */
const PHRASE_MAX_MS = 15_000;

/** A text cut at its punctuation into phrases the CMS can render and share between texts. */
export function phrasesOf(text: string): string[] {
  return text
    .split(/[，。；：！？、,.;:!?\n]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .flatMap((p) => (p.length <= MAX_PHRASE ? [p] : (p.match(new RegExp(`[\\s\\S]{1,${MAX_PHRASE}}`, 'g')) ?? [])));
}

export const speechUrl = (phrase: string, rate: number) =>
  `${apiBase()}/api/tv/v1/speech?text=${encodeURIComponent(phrase)}&rate=${Math.round(rate * 10) / 10}`;

/** The phrase's MP3 as an object URL, or undefined when it cannot be had (then it is skipped). */
async function fetchPhrase(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url);
    if (!res.ok) return undefined;
    return URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'audio/mpeg' }));
  } catch {
    return undefined;
  }
}

class ServerVoice {
  private audio: HTMLAudioElement | undefined;
  /** Bumped by every new text and by stop(): a text whose turn has passed goes quiet. */
  private turn = 0;

  private element(): HTMLAudioElement {
    if (!this.audio) {
      this.audio = document.createElement('audio');
      this.audio.setAttribute('data-keting', 'voice');
      document.body.appendChild(this.audio);
    }
    return this.audio;
  }

  /**
   * Says `text`; settles when it has been said, could not be, or was cut off. Each phrase is fetched whole (the
   * browser's HTTP cache keeps it) and played from memory, the next one fetched while this one plays: a media
   * element streaming from the network stalled mid-phrase in Chromium, holding connections of its own.
   */
  async say(text: string, rate: number): Promise<void> {
    const mine = ++this.turn;
    const phrases = phrasesOf(text);
    let next = phrases.length ? fetchPhrase(speechUrl(phrases[0]!, rate)) : undefined;
    for (let i = 0; i < phrases.length && next; i++) {
      const audio = await next;
      // A newer text took over while this phrase was on its way: fetch nothing more for this one.
      if (mine !== this.turn) {
        if (audio) URL.revokeObjectURL(audio);
        next = undefined;
        break;
      }
      next = i + 1 < phrases.length ? fetchPhrase(speechUrl(phrases[i + 1]!, rate)) : undefined;
      if (audio) {
        await this.play(audio, mine);
        URL.revokeObjectURL(audio);
      }
    }
    void next?.then((u) => u && URL.revokeObjectURL(u));
  }

  /** Ends the phrase being played (its promise) when stop() cuts it off. */
  private cut: (() => void) | undefined;

  private play(url: string, mine: number): Promise<void> {
    const a = this.element();
    return new Promise((resolve) => {
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(watchdog);
        a.removeEventListener('ended', done);
        a.removeEventListener('error', done);
        a.removeEventListener('timeupdate', nearEnd);
        a.removeEventListener('loadedmetadata', guard);
        if (this.cut === done) this.cut = undefined;
        resolve();
      };
      // Some engines never reach the end an MP3's header promises (Chromium stopped 60 ms short and fired no
      // `ended`): the last fifth of a second of a phrase is espeak-ng's trailing silence, so that counts as the end,
      // and a phrase that stalls anyway is given up a second after it should have ended.
      const nearEnd = () => {
        if (Number.isFinite(a.duration) && a.currentTime >= a.duration - 0.2) done();
      };
      const guard = () => {
        if (Number.isFinite(a.duration)) watchdog = setTimeout(done, (a.duration + 1) * 1000);
      };
      if (mine !== this.turn) return resolve();
      this.cut = done;
      a.addEventListener('ended', done);
      a.addEventListener('error', done);
      a.addEventListener('timeupdate', nearEnd);
      a.addEventListener('loadedmetadata', guard);
      watchdog = setTimeout(done, PHRASE_MAX_MS);
      a.src = url;
      a.play().catch(done); // a box that refuses to play before a key press: this phrase is lost, not the app
    });
  }

  stop(): void {
    this.turn++;
    if (this.audio && !this.audio.paused) this.audio.pause();
    this.cut?.();
  }
}

export const serverVoice = new ServerVoice();
