// Makes the sample videos a fresh install shows: an ffmpeg test pattern with its Chinese title burned in
// and a tone, packaged by the same packager that street staff's uploads go through. Nothing large is
// committed to git; the recipe is content/videos.json.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SAMPLE_SOURCE_SIZE } from '../constants.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { run } from '../media/ffmpeg.ts';
import { packageHls } from '../media/packager.ts';
import type { Db } from '../db/database.ts';
import type { SampleVideo } from './content-schema.ts';

async function cjkFontFile(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('fc-match', ['-f', '%{file}', 'Noto Sans CJK SC:bold']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Writes a test-pattern source video (H.264/AAC mp4) for one recipe. */
export async function makeSampleSource(recipe: SampleVideo, file: string, seconds = recipe.durationSec): Promise<void> {
  const { width, height } = SAMPLE_SOURCE_SIZE;
  const font = await cjkFontFile();
  const filters = [];
  if (font) {
    // textfile= avoids escaping the title for the filter graph.
    const textFile = `${file}.title.txt`;
    await fs.writeFile(textFile, recipe.title);
    const box = 'box=1:boxcolor=black@0.75:boxborderw=24';
    filters.push(`drawtext=fontfile=${font}:textfile=${textFile}:fontsize=72:fontcolor=white:${box}:x=(w-text_w)/2:y=h*0.18`);
    filters.push(`drawtext=fontfile=${font}:text='%{pts\\:hms}':fontsize=48:fontcolor=yellow:${box}:x=(w-text_w)/2:y=h*0.72`);
  }
  // Not every lavfi source takes a duration (mandelbrot, life and cellauto do not): -t cuts the output.
  await run('ffmpeg', [
    '-y', '-hide_banner', '-nostdin',
    '-f', 'lavfi', '-i', `${recipe.pattern}=size=${width}x${height}:rate=25`,
    '-f', 'lavfi', '-i', `sine=frequency=${recipe.toneHz}:sample_rate=48000`,
    ...(filters.length ? ['-vf', filters.join(',')] : []),
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  if (font) await fs.rm(`${file}.title.txt`, { force: true });
}

/**
 * Makes every sample video whose asset is not ready yet (a crash part-way leaves it pending, and the next
 * start makes it again). Returns how many were made.
 */
export async function ensureSampleVideos(
  db: Db,
  mediaDir: string,
  recipes: SampleVideo[],
  log: Logger,
  opts: { seconds?: number } = {},
): Promise<number> {
  const assets = new AssetRepository(db);
  const todo = recipes.filter((r) => {
    const a = assets.get(r.id);
    return a !== undefined && a.status !== 'ready';
  });
  if (todo.length === 0) return 0;
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-samples-'));
  try {
    let n = 0;
    for (const recipe of todo) {
      n++;
      const started = Date.now();
      log.info(`making sample video ${n}/${todo.length}: ${recipe.title} (${recipe.id})`);
      assets.markProcessing(recipe.id);
      const source = path.join(work, `${recipe.id}.mp4`);
      try {
        await makeSampleSource(recipe, source, opts.seconds ?? recipe.durationSec);
        const result = await packageHls(source, path.join(mediaDir, recipe.id));
        assets.markReady(recipe.id, result.durationSec, result.renditions);
        log.info(`sample video ${recipe.id} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        assets.markFailed(recipe.id, (e as Error).message);
        throw e;
      } finally {
        await fs.rm(source, { force: true });
      }
    }
    return todo.length;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
