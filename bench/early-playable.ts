// Benchmark: how soon after its upload a long 1080p H.264/AAC recording is playable on the TVs, and what the
// whole ladder costs against bare ffmpeg with the same arguments (issue 15: playable ≤ 6 min after an hour's
// upload ends, the full ladder ≤ 1.05× bare ffmpeg). Not part of `npm test`.
//
//   node --import tsx bench/early-playable.ts [minutes, default 60] [runs, default 1]
//   (KETING_BENCH_CACHE=<dir> keeps the source elsewhere than node_modules/.cache/keting-bench;
//    EARLY_ONLY=1 measures only the time to playable)
//
// The source — testsrc2 1920×1080 at 25 fps with a tone, H.264 High-compatible ultrafast at ~6 Mbit/s with a key
// frame every 2 s (a meeting camera's), AAC — is made once and kept in node_modules/.cache/keting-bench/. Then,
// in the same run and on the same file, as many times as asked, alternating (odd runs the job first, even runs
// bare ffmpeg first):
//   - the packaging job's steps, as PackageJobHandler runs them (media/packager.ts, niced like the job): the upload
//     check a finished upload goes through (validateVideoFile), probe, the early copy (packageEarly: the moment
//     the TVs can play it), then the ladder (packageHls) until it is in place;
//   - bare ffmpeg with the ladder's own arguments (ladderArgs), at the same nice value.
// Prints seconds and the ratios.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PACKAGER_NICE } from '../cms-server/src/constants.ts';
import { probe, run } from '../cms-server/src/media/ffmpeg.ts';
import { ladderArgs, packageEarly, packageHls } from '../cms-server/src/media/packager.ts';
import { validateVideoFile } from '../cms-server/src/uploads/validate-video.ts';

const minutes = Number(process.argv[2] ?? 60);
const runs = Number(process.argv[3] ?? 1);
const cacheDir = process.env.KETING_BENCH_CACHE ?? path.resolve(import.meta.dirname, '../node_modules/.cache/keting-bench');
const source = path.join(cacheDir, `meeting-${minutes}min-1080p.mp4`);
const secs = (from: number) => (performance.now() - from) / 1000;
const f1 = (x: number) => x.toFixed(1);

async function makeSource(): Promise<void> {
  try {
    await fs.access(source);
    return;
  } catch {
    // made below
  }
  await fs.mkdir(cacheDir, { recursive: true });
  const t = performance.now();
  process.stdout.write(`making a ${minutes}-minute 1080p H.264/AAC source (once; kept in ${cacheDir})…\n`);
  const partial = `${source}.partial.mp4`;
  // prettier-ignore
  await run('ffmpeg', [
    '-y', '-hide_banner', '-nostdin', '-v', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=523:sample_rate=48000',
    '-t', String(minutes * 60),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50',
    '-b:v', '6M', '-maxrate', '8M', '-bufsize', '12M',
    '-c:a', 'aac', '-b:a', '128k', partial,
  ]);
  await fs.rename(partial, source);
  process.stdout.write(`  made in ${f1(secs(t))} s\n`);
}

interface JobRun {
  check: number;
  playable: number;
  ready: number;
}

async function jobSteps(work: string): Promise<JobRun> {
  const out = path.join(work, 'asset');
  const t = performance.now();
  await validateVideoFile(source);
  const check = secs(t);
  const info = await probe(source);
  const early = await packageEarly(source, out, info, { nice: PACKAGER_NICE });
  if (!early) throw new Error('the source was not copied early: the benchmark expects a remuxable source');
  const playable = secs(t);
  await packageHls(source, out, { nice: PACKAGER_NICE });
  const ready = secs(t);
  await fs.rm(out, { recursive: true, force: true });
  return { check, playable, ready };
}

async function bare(work: string): Promise<number> {
  const out = path.join(work, 'bare');
  await fs.mkdir(out, { recursive: true });
  const info = await probe(source);
  const t = performance.now();
  await run('ffmpeg', ladderArgs(source, out, info), { nice: PACKAGER_NICE, onStdoutLine: () => undefined });
  const s = secs(t);
  await fs.rm(out, { recursive: true, force: true });
  return s;
}

await makeSource();
const info = await probe(source);
const stat = await fs.stat(source);
process.stdout.write(
  `source: ${f1(info.durationSec / 60)} min, ${info.video?.width}×${info.video?.height} ${info.video?.codec} ${info.video?.profile} level ${info.video?.level}, ` +
    `${f1((stat.size * 8) / info.durationSec / 1e6)} Mbit/s, ${f1(stat.size / 1024 ** 3)} GiB; ${os.cpus().length} cores\n`,
);
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-early-'));
// EARLY_ONLY=1: only the time to playable (the upload check, probe and the early copy) — minutes, not the hour of
// two ladders — for the 60-minute figure on its own.
if (process.env.EARLY_ONLY === '1') {
  try {
    const t = performance.now();
    await validateVideoFile(source);
    const check = secs(t);
    const early = await packageEarly(source, path.join(work, 'asset'), await probe(source), { nice: PACKAGER_NICE });
    if (!early) throw new Error('the source was not copied early: the benchmark expects a remuxable source');
    process.stdout.write(`\n${minutes} min of 1080p H.264/AAC: playable on the TVs ${f1(secs(t))} s after the upload ends (upload check ${f1(check)} s; load ${os.loadavg()[0]!.toFixed(1)})\n`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  process.exit(0);
}
const jobs: JobRun[] = [];
const bares: number[] = [];
try {
  // Odd runs start with the job, even runs with bare ffmpeg: a load that comes and goes falls on both.
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 === 0 ? ['job', 'bare'] : ['bare', 'job']) {
      if (which === 'job') {
        const j = await jobSteps(work);
        jobs.push(j);
        process.stdout.write(`run ${i + 1}: job — upload check ${f1(j.check)} s, playable ${f1(j.playable)} s, ladder in place ${f1(j.ready)} s (load ${os.loadavg()[0]!.toFixed(1)})\n`);
      } else {
        const b = await bare(work);
        bares.push(b);
        process.stdout.write(`run ${i + 1}: bare ffmpeg ladder ${f1(b)} s (load ${os.loadavg()[0]!.toFixed(1)})\n`);
      }
    }
  }
} finally {
  await fs.rm(work, { recursive: true, force: true });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
// What encoding the lowest rung alone first would add for a source that cannot be copied: the source decoded
// once more and scaled to 360p (ultrafast, the rung's bit rate, no sound).
const lowT = performance.now();
// prettier-ignore
await run('ffmpeg', ['-y', '-hide_banner', '-nostdin', '-v', 'error', '-i', source, '-map', '0:v:0', '-vf', 'scale=-2:360',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '600k', '-f', 'null', '-'], { nice: PACKAGER_NICE });
const low = secs(lowT);
const playable = median(jobs.map((j) => j.playable));
const ready = median(jobs.map((j) => j.ready));
const b = median(bares);
process.stdout.write(
  [
    '',
    `${minutes} min of 1080p H.264/AAC (median of ${runs}):`,
    `  playable on the TVs after   ${f1(playable).padStart(8)} s  (${f1(playable / 60)} min; ${(playable / info.durationSec).toFixed(4)} s per video second)`,
    `  whole ladder in place after ${f1(ready).padStart(8)} s  (${(ready / info.durationSec).toFixed(3)} s per video second)`,
    `  bare ffmpeg, same ladder     ${f1(b).padStart(8)} s  (${(b / info.durationSec).toFixed(3)} s per video second)`,
    `  ladder / bare ffmpeg         ${(ready / b).toFixed(3)}×  (per run: ${jobs.map((j, i) => (j.ready / bares[i]!).toFixed(3)).join(', ')})`,
    `  the early copy's own cost    ${f1(median(jobs.map((j) => j.playable - j.check)))} s = ${((median(jobs.map((j) => j.playable - j.check)) / b) * 100).toFixed(1)} % of bare ffmpeg's ladder`,
    `  360p rung alone (a second decode, for sources that cannot be copied) ${f1(low)} s = ${((low / b) * 100).toFixed(0)} % of the ladder`,
    `  extrapolated to 60 min: playable ${f1((playable * 60) / minutes / 60)} min, ladder ${f1((ready * 60) / minutes / 60)} min`,
    '',
  ].join('\n'),
);
