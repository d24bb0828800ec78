// A live HLS upstream for relay tests and the relay bench: ffmpeg encoding a test picture and tone in real time
// (-re) into a temporary folder as a sliding-window live playlist, served over HTTP on 127.0.0.1 by a small file
// server that counts how often each file was asked for. The ffmpeg can be killed (SIGKILL: no end list, as a
// crashed encoder leaves it) and started again; everything is stopped by `stop`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface LiveUpstream {
  /** The live media playlist's URL. */
  url: string;
  /** Requests per file name (segments and playlist). */
  requests: Map<string, number>;
  /** Starts the encoder (again); `prefix` names its segments (a restarted encoder numbers from 0 again). */
  start(prefix?: string): Promise<void>;
  /** Kills the encoder at once (SIGKILL). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Target duration of the upstream, in seconds (1 s segments: the stall rule of 3 target durations is 3 s). */
export const UPSTREAM_SEGMENT_S = 1;

export async function startLiveUpstream(): Promise<LiveUpstream> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-upstream-'));
  const requests = new Map<string, number>();
  const server = http.createServer(async (req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    requests.set(name, (requests.get(name) ?? 0) + 1);
    try {
      const body = await fs.readFile(path.join(dir, name));
      res.writeHead(200, { 'Content-Type': name.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let child: ChildProcess | undefined;

  const start = async (prefix = 'up') => {
    // prettier-ignore
    child = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
      '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
      '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k',
      '-f', 'hls', '-hls_time', String(UPSTREAM_SEGMENT_S), '-hls_list_size', '6', '-hls_flags', 'delete_segments',
      '-hls_segment_filename', path.join(dir, `${prefix}_%05d.ts`), path.join(dir, 'live.m3u8'),
    ], { stdio: 'ignore' });
    // Ready once the playlist lists a segment of this run.
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const text = await fs.readFile(path.join(dir, 'live.m3u8'), 'utf8').catch(() => '');
      if (text.includes(`${prefix}_`)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the upstream ffmpeg wrote no playlist in 20 s');
  };

  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };

  return {
    url: `http://127.0.0.1:${port}/live.m3u8`,
    requests,
    start,
    kill,
    async stop() {
      await kill();
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
