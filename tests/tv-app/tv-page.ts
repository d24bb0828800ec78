// Driving the built TV app in a browser page like a viewer with a remote: the app's observable state
// (window.__keting), key presses at a person's pace, remote-only keys, and what was spoken.
import type { Page } from 'playwright-core';
import type { KetingState } from '../../tv-app/src/observe.ts';

export const RED = 403;
export const GREEN = 404;
export const YELLOW = 405;
export const BLUE = 406;

export function tv(page: Page) {
  const state = () => page.evaluate(() => (window as unknown as { __keting: KetingState }).__keting);
  return {
    state,
    async waitFor(pred: (s: KetingState) => boolean, what: string, timeout = 10_000): Promise<KetingState> {
      const until = Date.now() + timeout;
      let s = await state();
      while (!pred(s)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(s)}`);
        await page.waitForTimeout(100);
        s = await state();
      }
      return s;
    },
    /** Keyboard keys at a person's pace (lets transitions settle). */
    async press(...keys: string[]) {
      for (const k of keys) {
        await page.keyboard.press(k);
        await page.waitForTimeout(250);
      }
    },
    /** A remote key no keyboard has (colour keys 403–406, webOS Back 461…): a keydown/keyup with that keyCode. */
    async remote(keyCode: number, { holdMs = 0 } = {}) {
      await page.evaluate(
        async ({ code, hold }) => {
          const fire = (type: string, repeat = false) => {
            const e = new KeyboardEvent(type, { bubbles: true, repeat });
            Object.defineProperty(e, 'keyCode', { get: () => code });
            window.dispatchEvent(e);
          };
          fire('keydown');
          // A held key repeats like a real remote: a keydown every 100 ms.
          for (let t = 0; t < hold; t += 100) {
            await new Promise((r) => setTimeout(r, 100));
            fire('keydown', true);
          }
          fire('keyup');
        },
        { code: keyCode, hold: holdMs },
      );
      await page.waitForTimeout(250);
    },
    videoTime: () => page.evaluate(() => document.querySelector('video')?.currentTime ?? -1),
    /**
     * True when no video is attached any more. (Chromium keeps a stale `currentSrc` after the source is
     * removed; the network state is what says the element is empty.)
     */
    videoUnloaded: () =>
      page.evaluate(() => {
        const v = document.querySelector('video');
        return !v || (!v.getAttribute('src') && !v.querySelector('source') && v.networkState === HTMLMediaElement.NETWORK_EMPTY);
      }),
    said: () => page.evaluate(() => (window as unknown as { __said?: string[] }).__said ?? []),
  };
}

/** Records what the app asks the browser to say (headless Chromium has no voices to hear it with). */
export async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __said: string[] };
    w.__said = [];
    if (window.speechSynthesis) {
      const original = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        w.__said.push(u.text);
        original(u);
      };
    }
  });
}
