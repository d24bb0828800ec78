// Two CMS processes on one data folder: a tus upload begun through one is resumed through the other (they share
// the uploads folder and the database), and while one process writes an upload the other refuses to write it
// (423 upload_locked: the lock is in the database, uploads/upload-lock.ts) instead of writing the same file at
// once; a HEAD, which only reads, still answers. The finished upload becomes one asset, packaged once.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AssetView } from '../../../cms-server/src/admin/contract.ts';
import { AdminClient, adminOf, userClient } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { createUpload, head, patch, TUS } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';
import { startTwoNodes, until, type TwoNodes } from './two-nodes.ts';

let nodes: TwoNodes | undefined;
afterAll(async () => {
  await nodes?.stop();
});

/** A PATCH that sends the first `firstBytes` of the rest and waits, its connection open, until `finish` is called. */
function heldPatch(url: string, headers: Record<string, string>, offset: number, data: Buffer, firstBytes: number) {
  const u = new URL(url);
  let answer!: Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>;
  const req = http.request({
    host: u.hostname,
    port: u.port,
    path: u.pathname,
    method: 'PATCH',
    headers: {
      ...TUS,
      ...headers,
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
      'Content-Length': String(data.length - offset),
    },
  });
  answer = new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
  });
  req.write(data.subarray(offset, offset + firstBytes));
  return {
    answer,
    finish() {
      req.end(data.subarray(offset + firstBytes));
      return answer;
    },
  };
}

it('when an upload is begun through one process and resumed through the other, then it completes there, and the one writing it holds it against writes through the other; one asset, packaged once', async () => {
  nodes = await startTwoNodes({}, { ownMedia: true });
  const { a, b, dataDir } = nodes;
  const admin = await adminOf(a.baseUrl);
  const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  const onB = new AdminClient(b.baseUrl, editor.cookie, editor.csrfToken, editor.user);
  const file = path.join(dataDir, 'lesson.mp4');
  await makeVideo(file, { seconds: 4, width: 640, height: 360 });
  const data = fs.readFileSync(file);
  const half = Math.floor(data.length / 2);

  // Begun on A: created, and the first half sent.
  const created = await createUpload(a.baseUrl, editor.headers(), data.length, { filename: '党课.mp4', filetype: 'video/mp4' });
  expect(created.status).toBe(201);
  const location = created.headers.get('location')!;
  const id = location.split('/').pop()!;
  const onNode = (node: { baseUrl: string }) => new URL(location, node.baseUrl).toString();
  const first = await patch(onNode(a), editor.headers(), 0, data.subarray(0, half));
  expect(first.status).toBe(204);
  expect(Number(first.headers.get('upload-offset'))).toBe(half);

  // B knows where it stands.
  const asked = await head(onNode(b), editor.headers());
  expect(asked.status).toBe(200);
  expect(Number(asked.headers.get('upload-offset'))).toBe(half);

  // B writes the rest, slowly: the first 1,000 bytes, then the connection waits.
  const onDisk = () => fs.statSync(path.join(dataDir, 'uploads', id)).size;
  const writing = heldPatch(onNode(b), editor.headers(), half, data, 1000);
  await until('B to have written its first bytes', 10_000, () => (onDisk() >= half + 1000 ? true : undefined));
  // Meanwhile A tells where the upload stands (a HEAD only reads), but will not write to it, even at that offset.
  const headOnA = await head(onNode(a), editor.headers());
  expect(headOnA.status).toBe(200);
  expect(Number(headOnA.headers.get('upload-offset'))).toBe(half + 1000);
  const t0 = Date.now();
  const patchOnA = await patch(onNode(a), editor.headers(), half + 1000, data.subarray(half + 1000, half + 1100));
  process.stdout.write(`the other process answered 423 after ${Date.now() - t0} ms\n`);
  await expectApiError(patchOnA, 423, 'upload_locked');
  expect(onDisk()).toBe(half + 1000);

  // B's PATCH completes: the upload is finished, through B, and becomes an asset.
  const done = await writing.finish();
  expect(done.status, done.body).toBe(204);
  expect(done.headers['keting-asset-id']).toBe(id);
  // The finished file is the uploaded one, byte for byte (read before packaging is done and removes it).
  expect(fs.readFileSync(path.join(dataDir, 'sources', id)).equals(data)).toBe(true);
  // Done: A now tells the client the upload is complete, and which asset it became.
  const after = await head(onNode(a), editor.headers());
  expect(after.status).toBe(200);
  expect(after.headers.get('upload-offset')).toBe(String(data.length));
  expect(after.headers.get('keting-asset-id')).toBe(id);

  const ready = await until('the asset to be ready', 90_000, async () => {
    const v = (await onB.json<AssetView>('GET', `/api/admin/assets/${id}`)).body;
    if (v.status === 'failed') throw new Error(`packaging failed: ${JSON.stringify(v.error)}`);
    return v.status === 'ready' ? v : undefined;
  });
  expect(ready.job).toMatchObject({ state: 'done', attempts: 1 });
  expect(nodes.query('SELECT id FROM jobs WHERE asset_id = ?', id)).toHaveLength(1);
  expect(nodes.query("SELECT id FROM audit_log WHERE action = 'asset_uploaded' AND target_id = ?", id)).toHaveLength(1);
  expect(nodes.query('SELECT upload_id FROM upload_locks')).toEqual([]);
});
