// Speech for boxes without a Chinese voice (GET /api/tv/v1/speech) over real HTTP against a real CMS: espeak-ng
// and ffmpeg for real, the MP3 read back by ffprobe as an independent client; bad input refused as JSON.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
beforeAll(async () => {
  cms = await startKeting();
});
afterAll(async () => {
  await cms?.stop();
});

const say = (query: string) => fetch(`${cms.baseUrl}/api/tv/v1/speech?${query}`);
const q = (text: string, rate?: number) => `text=${encodeURIComponent(text)}${rate === undefined ? '' : `&rate=${rate}`}`;

async function probe(bytes: Buffer): Promise<{ codec: string; seconds: number }> {
  const file = path.join(cms.dataDir, `probe-${Date.now()}.mp3`);
  await fs.writeFile(file, bytes);
  const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file]);
  await fs.rm(file);
  const j = JSON.parse(stdout) as { streams: { codec_name: string }[]; format: { duration: string } };
  return { codec: j.streams[0]!.codec_name, seconds: Number(j.format.duration) };
}

describe('speech for boxes without a voice', () => {
  it('when a box asks for a phrase, then it gets an MP3 of it that any player reads, cached for a year, made once', async () => {
    const res = await say(q('支部党课，第1个，共10个'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag');
    const bytes = Buffer.from(await res.arrayBuffer());
    const { codec, seconds } = await probe(bytes);
    expect(codec).toBe('mp3');
    expect(seconds).toBeGreaterThan(1);
    expect(bytes.length).toBeLessThan(60_000);
    // Asked again: the same file, not a second render.
    const again = await say(q('支部党课，第1个，共10个'));
    expect(again.headers.get('etag')).toBe(etag);
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    const kept = (await fs.readdir(path.join(cms.dataDir, 'speech'), { recursive: true })).filter((f) => String(f).endsWith('.mp3'));
    expect(kept).toHaveLength(1);
    // 304 for a box that has it (Cache-Control given, or fetch itself would add no-cache to a conditional request).
    const cond = await fetch(`${cms.baseUrl}/api/tv/v1/speech?${q('支部党课，第1个，共10个')}`, {
      headers: { 'If-None-Match': etag!, 'Cache-Control': 'max-age=0' },
    });
    expect(cond.status).toBe(304);
  });

  it('when the speed setting differs, then the phrase is another, longer or shorter file', async () => {
    const slow = await probe(Buffer.from(await (await say(q('请准时参加', 0.5))).arrayBuffer()));
    const fast = await probe(Buffer.from(await (await say(q('请准时参加', 2))).arrayBuffer()));
    expect(slow.seconds).toBeGreaterThan(fast.seconds * 1.5);
  });

  it('when the text looks like an option of the engine, then it is only spoken', async () => {
    const res = await say(q('-v en --help'));
    expect(res.status).toBe(200);
    expect((await probe(Buffer.from(await res.arrayBuffer()))).codec).toBe('mp3');
  });

  it('when the text or the speed is wrong, then the answer is 400 invalid_speech in words, and nothing is rendered', async () => {
    const cases = [
      '',
      'text=',
      `text=${encodeURIComponent('长'.repeat(121))}`,
      `text=${encodeURIComponent('停水\u0000通知')}`,
      `text=${encodeURIComponent('\u202e通知')}`,
      q('通知', 0.4),
      q('通知', 2.1),
      'text=%E9%80%9A&rate=abc',
      'text=a&text=b',
      `${q('通知')}&voice=en`,
    ];
    const before = (await fs.readdir(path.join(cms.dataDir, 'speech'), { recursive: true })).length;
    for (const c of cases) {
      const res = await say(c);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([res.status, body.error.code], c).toEqual([400, 'invalid_speech']);
      expect(body.error.message, c).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await fs.readdir(path.join(cms.dataDir, 'speech'), { recursive: true })).length).toBe(before);
  });
});
