// Back to the lesson in two presses: from a cold start, yellow (继续观看) then OK resumes the half-watched video at
// once, saying 「从 … 继续」; ← right after starts it over. Opening it from its own section still asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTvRig, tv, YELLOW, type TvRig } from './tv-page.ts';

let rig: TvRig;
beforeAll(async () => {
  rig = await startTvRig();
});
afterAll(async () => {
  await rig?.stop();
});

/** A box that watched the first lesson of section 1 up to its middle yesterday. */
async function boxWithHalfWatchedLesson() {
  const section = rig.catalog.sections[0]!;
  const video = section.items.find((i) => i.kind === 'video')!;
  const position = Math.round(video.durationSec! / 2);
  const page = await rig.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(
    `localStorage.setItem('keting.progress.v1', JSON.stringify(${JSON.stringify({
      [video.id]: { itemId: video.id, title: video.title, position, duration: video.durationSec, updatedAt: Date.now() - 86_400_000 },
    })}));`,
  );
  await page.goto(`${rig.cms.baseUrl}/tv/`);
  const t = tv(page);
  await t.waitFor((s) => s.ready && s.route === 'home', 'home');
  return { page, t, video, position };
}

describe('back to the lesson', () => {
  it('when yellow then OK are pressed from a cold start, then the lesson plays on from where it was: two presses, no question', async () => {
    const { page, t, video, position } = await boxWithHalfWatchedLesson();
    let presses = 0;
    await t.remote(YELLOW);
    presses++;
    await t.waitFor((s) => s.route === 'section/continue' && s.focused === video.title, 'the continue list on the lesson');
    await t.press('Enter');
    presses++;
    const s = await t.waitFor((st) => st.route === `play/${video.id}` && st.player === 'playing', 'the lesson playing', 20_000);
    const at = await t.videoTime();
    // ← within a few seconds: from the beginning (the sample lessons are short: press it at once).
    await t.press('ArrowLeft');
    const after = await t.videoTime();
    expect(s.dialog).toBeNull();
    expect(presses).toBe(2);
    expect(at).toBeGreaterThanOrEqual(position - 1);
    expect(after).toBeLessThan(at);
    const said = (await t.waitFor((st) => st.spoken.includes('从头开始'), 'start over said')).spoken;
    expect(said.some((x) => x.startsWith('从 ') && x.includes('继续，按左键从头开始'))).toBe(true);
    await page.close();
  });

  it('when the same lesson is opened from its section, then the question still asks where to start', async () => {
    const { page, t, video } = await boxWithHalfWatchedLesson();
    const at = rig.catalog.sections[0]!.items.findIndex((i) => i.id === video.id);
    await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
    const s = await t.waitFor((st) => st.dialog !== null, 'the resume question');
    expect(s.dialog).toContain('继续播放？');
    await page.close();
  });
});
