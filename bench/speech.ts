// Benchmark: speech for boxes without a Chinese voice.
//   1. In Debian's Chromium with speechSynthesis removed: a → on home, until the <audio> starts playing the new
//      tile's name — cold (the CMS renders the phrases) and cached (the same tiles again), median of each. Both
//      include the announcer's 400 ms wait for the focus to settle, which a box's own voice waits as well; headless
//      Chromium has no voice of its own to time against, so the baseline printed is that wait alone.
//   2. The CMS's CPU per uncached sentence: espeak-ng + ffmpeg children's user+system time (/proc/self/stat
//      cutime/cstime) over N distinct sentences rendered one after another, against their audio length.
//   node --import tsx bench/speech.ts [sentences, default 20]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { startServer } from '../cms-server/src/server.ts';
import { SpeechService } from '../cms-server/src/speech/speech-service.ts';
import { launchChromium } from '../tests/helpers/browser.ts';

const SENTENCES = Math.min(Number(process.argv[2] ?? 20), 200);
const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'keting-bench-speech-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0', SPEECH_PREWARM: '0', KETING_ADMIN_PASSWORD: 'bench-admin-password' });
const server = await startServer(config, createLogger('silent'));
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ANNOUNCER_WAIT_MS = 400;

/** Children's CPU seconds so far (clock ticks of 1/100 s). */
const childCpuS = () => {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').slice(fs.readFileSync('/proc/self/stat', 'utf8').lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime (fields 16, 17)
};

try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(`
    Object.defineProperty(window, 'speechSynthesis', { value: undefined });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined });
    window.__playing = [];
    document.addEventListener('playing', (e) => { if (e.target.tagName === 'AUDIO') window.__playing.push(performance.now()); }, true);
  `);
  await page.goto(`${server.url}/tv/`);
  await page.waitForFunction('window.__keting && window.__keting.ready && window.__keting.route === "home"');
  await page.waitForTimeout(1500);
  const press = async (key: string): Promise<number> => {
    const n = (await page.evaluate('window.__playing.length')) as number;
    const t0 = (await page.evaluate('performance.now()')) as number;
    await page.keyboard.press(key);
    await page.waitForFunction(`window.__playing.length > ${n}`, null, { timeout: 15_000 });
    const t1 = (await page.evaluate(`window.__playing[${n}]`)) as number;
    await page.waitForTimeout(2500); // let the phrase finish
    return t1 - t0;
  };
  const cold: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < 4; i++) cold.push(await press('ArrowRight'));
  for (let i = 0; i < 4; i++) await press('ArrowLeft');
  for (let i = 0; i < 4; i++) cached.push(await press('ArrowRight'));

  const speech = new SpeechService(path.join(dataDir, 'bench-speech'), createLogger('silent'));
  const sentences = Array.from({ length: SENTENCES }, (_, i) => `第${i + 1}条：社区今晚七点半在党群服务中心开会，请全体党员准时参加`);
  const cpu0 = childCpuS();
  const t0 = performance.now();
  let audioS = 0;
  for (const s of sentences) {
    const { file } = await speech.audio(s, 1);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
    audioS += Number(probe.stdout.trim());
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpuS = childCpuS() - cpu0;
  console.log(
    JSON.stringify(
      {
        focusChangeToAudioMs: {
          serverVoiceCold: { median: Math.round(median(cold)), all: cold.map(Math.round) },
          serverVoiceCached: { median: Math.round(median(cached)), all: cached.map(Math.round) },
          baselineAnnouncerWaitMs: ANNOUNCER_WAIT_MS,
          ratioColdOverCached: +(median(cold) / median(cached)).toFixed(2),
        },
        uncachedSentence: {
          sentences: SENTENCES,
          cpuMsPerSentence: Math.round((cpuS / SENTENCES) * 1000),
          wallMsPerSentence: Math.round((wallS / SENTENCES) * 1000),
          audioSecondsPerSentence: +(audioS / SENTENCES).toFixed(1),
          cpuPerAudioSecond: +(cpuS / audioS).toFixed(3),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await server.close();
  await fsp.rm(dataDir, { recursive: true, force: true });
}
