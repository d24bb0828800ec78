// The live playlist function (cms-server/src/broadcasts/live-playlist.ts) at 10 and at 10,000 schedule entries: the
// cost of one request (a media playlist at a random moment inside the schedule) must not grow with the schedule.
// Run: node --import tsx bench/live-playlist.ts. Figures in docs/broadcasts.md.
import { indexChannel, livePlaylist, type PackagedVideo, type ScheduledSlot } from '../cms-server/src/broadcasts/live-playlist.ts';

const video = (id: string, n: number): PackagedVideo => ({
  assetId: id,
  durationsMs: Array.from({ length: n }, (_, i) => (i === n - 1 ? 2300 : 4000)),
  rungs: [720, 480, 360].map((h, r) => ({ height: h, uris: Array.from({ length: n }, (_, i) => `/media/${id}/v${r}/seg_${String(i).padStart(3, '0')}.ts`) })),
});
const filler = Array.from({ length: 20 }, (_, i) => video(`filler-${i}`, 150));
const start = Date.parse('2026-01-01T00:00:00Z');

function schedule(entries: number): ScheduledSlot[] {
  // One-hour broadcasts of three videos each, every two hours.
  return Array.from({ length: entries }, (_, i) => ({
    broadcastId: `b${i}`,
    title: `节目 ${i}`,
    startMs: start + i * 7_200_000,
    endMs: start + i * 7_200_000 + 3_600_000,
    videos: [video(`a${i % 50}`, 300), video(`b${i % 50}`, 200), video(`c${i % 50}`, 100)],
  }));
}

function measure(entries: number): { buildMs: number; perRequestUs: number } {
  const slots = schedule(entries);
  const t0 = performance.now();
  const index = indexChannel({ slots, filler });
  const buildMs = performance.now() - t0;
  const span = entries * 7_200_000;
  let x = 12345;
  const moments = Array.from({ length: 20_000 }, () => start + ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * span);
  for (const t of moments.slice(0, 2000)) livePlaylist(index, 720, t); // warm up
  const t1 = performance.now();
  let bytes = 0;
  for (const t of moments) bytes += livePlaylist(index, 720, t).length;
  const perRequestUs = ((performance.now() - t1) / moments.length) * 1000;
  if (bytes === 0) throw new Error('no output');
  return { buildMs, perRequestUs };
}

const small = measure(10);
const large = measure(10_000);
console.log(`10 entries:     ${small.perRequestUs.toFixed(1)} µs per request (index built in ${small.buildMs.toFixed(2)} ms)`);
console.log(`10,000 entries: ${large.perRequestUs.toFixed(1)} µs per request (index built in ${large.buildMs.toFixed(1)} ms)`);
console.log(`ratio 10,000 / 10: ${(large.perRequestUs / small.perRequestUs).toFixed(2)}`);
