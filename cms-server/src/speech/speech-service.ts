// Mandarin speech for boxes that have no Chinese voice of their own: espeak-ng (Debian's, installed by
// scripts/install-system-deps.sh — the only offline Mandarin engine available here from Debian or npm without
// downloading models) renders a phrase, ffmpeg encodes it as a small MP3, and the file is kept on disk under a
// name made from the text and the speed, so a phrase is rendered once for every box. At most a few renders run
// at once and a bounded queue waits; past it the box is told to try later, so nobody can burn the server's CPU.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  SPEECH_CACHE_MAX_FILES,
  SPEECH_CONCURRENT_RENDERS,
  SPEECH_QUEUE_MAX,
  SPEECH_RENDER_TIMEOUT_MS,
  SPEECH_WORDS_PER_MINUTE,
} from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

/** Bumped when the engine's arguments or the encoding change, so old files are not served for new settings. */
const RENDER_VERSION = 'espeak-ng-cmn-mp3-1';

export interface SpeechFile {
  file: string;
  /** The file's name without extension: a fingerprint of text, speed and renderer, usable as an ETag. */
  key: string;
}

/** A phrase's file name: text, speed, the engine's base speed and the renderer's version, hashed. */
export function speechKey(text: string, rate: number): string {
  return crypto
    .createHash('sha256')
    .update(`${RENDER_VERSION}\n${SPEECH_WORDS_PER_MINUTE}\n${rate.toFixed(1)}\n${text}`)
    .digest('base64url')
    .slice(0, 32);
}

export class SpeechService {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<SpeechFile>>();
  /** Renders done since start and answers from the kept files. */
  readonly stats = { renders: 0, hits: 0 };

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The MP3 of `text` spoken at `rate` (1 = normal), rendered now if it is not kept yet. */
  async audio(text: string, rate: number): Promise<SpeechFile> {
    const key = speechKey(text, rate);
    const file = path.join(this.dir, key.slice(0, 2), `${key}.mp3`);
    if (await exists(file)) {
      this.stats.hits++;
      return { file, key };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.renderQueued(text, rate, file).then(() => ({ file, key }));
      this.inFlight.set(key, pending);
      void pending.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  /** Renders each phrase not kept yet, one after another (start-up: the words boxes say most). */
  async prewarm(phrases: readonly string[], rate = 1): Promise<number> {
    let made = 0;
    for (const p of phrases) {
      const before = this.stats.renders;
      await this.audio(p, rate).catch((e: unknown) => this.log.warn({ err: e, phrase: p }, 'speech prewarm failed'));
      made += this.stats.renders - before;
    }
    return made;
  }

  /** Keeps the newest SPEECH_CACHE_MAX_FILES files; answers how many were removed. */
  async prune(max = SPEECH_CACHE_MAX_FILES): Promise<number> {
    const files: { f: string; t: number }[] = [];
    for (const sub of await fs.readdir(this.dir).catch(() => [] as string[])) {
      const d = path.join(this.dir, sub);
      for (const name of await fs.readdir(d).catch(() => [] as string[])) {
        const f = path.join(d, name);
        const st = await fs.stat(f).catch(() => undefined);
        if (st) files.push({ f, t: st.atimeMs > st.mtimeMs ? st.atimeMs : st.mtimeMs });
      }
    }
    if (files.length <= max) return 0;
    files.sort((a, b) => b.t - a.t);
    const old = files.slice(max);
    await Promise.all(old.map((x) => fs.rm(x.f, { force: true })));
    return old.length;
  }

  private async renderQueued(text: string, rate: number, file: string): Promise<void> {
    if (this.running >= SPEECH_CONCURRENT_RENDERS) {
      if (this.waiting.length >= SPEECH_QUEUE_MAX) {
        throw new AppError(503, 'speech_busy', '服务器正忙着朗读别的内容，请稍后再试。');
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      await this.render(text, rate, file);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** espeak-ng (text on stdin, never as an argument) piped into ffmpeg; written to a temporary name, then renamed. */
  private async render(text: string, rate: number, file: string): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
    const wpm = String(Math.round(SPEECH_WORDS_PER_MINUTE * rate));
    const espeak = spawn('espeak-ng', ['-v', 'cmn', '-s', wpm, '--stdin', '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const ffmpeg = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3', tmp],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    espeak.stdout.pipe(ffmpeg.stdin);
    espeak.stdin.end(text);
    let errors = '';
    espeak.stderr.on('data', (b: Buffer) => (errors += b.toString()));
    ffmpeg.stderr.on('data', (b: Buffer) => (errors += b.toString()));
    const timer = setTimeout(() => {
      espeak.kill('SIGKILL');
      ffmpeg.kill('SIGKILL');
    }, SPEECH_RENDER_TIMEOUT_MS);
    const ended = (p: ReturnType<typeof spawn>) =>
      new Promise<number | null>((resolve) => {
        p.once('error', () => resolve(-1));
        p.once('close', (code) => resolve(code));
      });
    const [a, b] = await Promise.all([ended(espeak), ended(ffmpeg)]).finally(() => clearTimeout(timer));
    if (a !== 0 || b !== 0) {
      await fs.rm(tmp, { force: true });
      this.log.error({ espeak: a, ffmpeg: b, errors: errors.slice(-500) }, 'speech render failed');
      throw new AppError(500, 'internal_error', '服务器朗读失败了，请稍后再试。');
    }
    await fs.rename(tmp, file);
    this.stats.renders++;
  }
}

const exists = (f: string) =>
  fs.access(f).then(
    () => true,
    () => false,
  );
