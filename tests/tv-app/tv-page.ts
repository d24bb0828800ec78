// Driving the built TV app in a browser page like a viewer with a remote: the app's observable state
// (window.__keting), key presses at a person's pace, remote-only keys, and what was spoken.
import type { Browser, Page } from 'playwright-core';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import type { KetingState } from '../../tv-app/src/observe.ts';

export const RED = 403;
export const GREEN = 404;
export const YELLOW = 405;
export const BLUE = 406;

export function tv(page: Page) {
  // `ready` as the viewer sees it: the app has built its screen and its canvas is on the page (the page
  // puts it there on the animation frame after the first screen is complete, tv-app/src/launch.ts).
  const state = () =>
    page.evaluate(() => {
      const s = (window as unknown as { __keting: KetingState }).__keting;
      return { ...s, ready: s.ready && document.querySelector('canvas') !== null };
    });
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
    /** The speech rate of each utterance, in the order of `said`. */
    rates: () => page.evaluate(() => (window as unknown as { __rates?: number[] }).__rates ?? []),
  };
}

/**
 * Records what the app asks the browser to say (headless Chromium has no voices to hear it with).
 * With `voice: true` a stand-in voice "speaks" each utterance until it is cancelled, as a real voice
 * would for a long text (headless Chromium ends every utterance at once, having no voice).
 */
export async function recordSpeech(page: Page, { voice = false } = {}): Promise<void> {
  await page.addInitScript((standIn) => {
    const w = window as unknown as { __said: string[]; __rates: number[] };
    w.__said = [];
    w.__rates = [];
    const synth = window.speechSynthesis;
    if (!synth) return;
    // Headless Chromium has no voices: a Chinese one is listed, so the app uses the box's engine (without a
    // Chinese voice it would have the CMS speak: voice.browser.test.ts).
    synth.getVoices = () => [{ lang: 'zh-CN', name: '测试语音', default: true, localService: true, voiceURI: 'test-zh' } as SpeechSynthesisVoice];
    const original = synth.speak.bind(synth);
    let speaking: SpeechSynthesisUtterance | undefined;
    synth.speak = (u: SpeechSynthesisUtterance) => {
      w.__said.push(u.text);
      w.__rates.push(u.rate);
      if (standIn) speaking = u;
      else original(u);
    };
    if (standIn) {
      synth.cancel = () => {
        const u = speaking;
        speaking = undefined;
        u?.onerror?.call(u, new Event('error') as SpeechSynthesisErrorEvent);
      };
    }
  }, voice);
}

export interface TextBox {
  text: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  fontSize: number;
  /** The line height (the box holds whole lines; the glyphs sit in the middle fontSize of each). */
  lineHeight: number;
}

// Plain JavaScript run in the page (a string, so no transpiler helper names leak into it).
export const VISIBLE_TEXTS_JS = `(() => {
  const stage = window.__ketingStage;
  const out = [];
  function rect(el) {
    const c = el.core.getCornerPoints();
    return { x1: Math.min(c[0], c[4]), y1: Math.min(c[1], c[5]), x2: Math.max(c[0], c[4]), y2: Math.max(c[1], c[5]) };
  }
  function walk(el, clip) {
    if (!el.attached || !(el.core._worldContext.alpha > 0.01)) return;
    let inner = clip;
    if (el.clipping) {
      const r = rect(el);
      inner = { x1: Math.max(clip.x1, r.x1), y1: Math.max(clip.y1, r.y1), x2: Math.min(clip.x2, r.x2), y2: Math.min(clip.y2, r.y2) };
    }
    const t = el.texture;
    if (t && typeof t.text === 'string' && t.text.trim()) {
      const r = rect(el);
      const box = { x1: Math.max(r.x1, inner.x1), y1: Math.max(r.y1, inner.y1), x2: Math.min(r.x2, inner.x2), y2: Math.min(r.y2, inner.y2) };
      if (box.x2 - box.x1 > 1 && box.y2 - box.y1 > 1) out.push(Object.assign({ text: t.text.replace(/\u200b/g, ''), fontSize: t.fontSize || 0, lineHeight: t.lineHeight || (t.fontSize || 0) }, box));
    }
    const kids = el.childList;
    if (kids) for (let i = 0; i < kids.length; i++) walk(kids.getAt(i), inner);
  }
  walk(stage.root, { x1: 0, y1: 0, x2: 1920, y2: 1080 });
  return out;
})()`;

/** Counts every Lightning element on the stage, attached or not (the canvas has no DOM to count). */
export const STAGE_ELEMENTS_JS = `(() => {
  let n = 0;
  const walk = (e) => { n++; const k = e.childList; if (k) for (let i = 0; i < k.length; i++) walk(k.getAt(i)); };
  walk(window.__ketingStage.root);
  return n;
})()`;

/** Every text the viewer can see now (visible, not clipped away), with its box on the 1920×1080 stage. */
export function visibleTexts(page: Page): Promise<TextBox[]> {
  return page.evaluate(VISIBLE_TEXTS_JS) as Promise<TextBox[]>;
}

/**
 * Where a text's glyphs are drawn, top to bottom: its box less the line spacing above the first line and
 * below the last, and the half font size Lightning's text textures keep below the last line.
 */
function glyphBand(b: TextBox): { top: number; bottom: number } {
  const spacing = Math.max(0, (b.lineHeight - b.fontSize) / 2);
  return { top: b.y1 + spacing, bottom: b.y2 - spacing - b.fontSize / 2 };
}

/** The texts whose glyphs reach into the 5 % margins (96 px left/right, 54 px top/bottom). */
export async function textsOutsideSafeArea(page: Page): Promise<string[]> {
  return (await visibleTexts(page))
    .filter((b) => b.x1 < 96 - 0.5 || glyphBand(b).top < 54 - 0.5 || b.x2 > 1824 + 0.5 || glyphBand(b).bottom > 1026 + 0.5)
    .map((b) => `${b.text.slice(0, 30)} [${b.x1.toFixed(0)},${b.y1.toFixed(0)} – ${b.x2.toFixed(0)},${b.y2.toFixed(0)}]`);
}

/**
 * Pairs of visible texts drawn over each other: their glyphs' areas share more than a few pixels each way.
 */
export async function overlappingTexts(page: Page): Promise<string[]> {
  const boxes = await visibleTexts(page);
  const out: string[] = [];
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) {
      const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const h = Math.min(glyphBand(a).bottom, glyphBand(b).bottom) - Math.max(glyphBand(a).top, glyphBand(b).top);
      if (w > 4 && h > 8) out.push(`"${a.text.slice(0, 20)}" × "${b.text.slice(0, 20)}"`);
    }
  });
  return out;
}

/** What every TV browser suite starts with: a real CMS on seeded data, its catalog, and Debian's Chromium. */
export interface TvRig {
  cms: KetingProcess;
  catalog: CatalogResponse;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startTvRig(): Promise<TvRig> {
  const cms = await startKeting();
  const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
  const browser = await launchChromium();
  return {
    cms,
    catalog,
    browser,
    async stop() {
      await browser.close();
      await cms.stop();
    },
  };
}
