// Files of deleted items are removed: deleting a video item takes its video (row and files) along when no
// other item uses it; a video still used elsewhere, or a district-wide one, stays.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView } from '../../../cms-server/src/admin/contract.ts';
import { addStreets, adminOf, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { TUS, uploadFile } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';

let cms: KetingProcess;
let editor: AdminClient;
let source: string;

beforeAll(async () => {
  const dataDir = await copySeededData({ ownMedia: true });
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  source = path.join(dataDir, 'lesson.mp4');
  await makeVideo(source, { seconds: 3, width: 320, height: 240 });
  cms = await startKeting({ dataDir });
  editor = await userClient(await adminOf(cms.baseUrl), { role: 'editor', streetId: 'taiping' });
});
afterAll(async () => {
  await cms?.stop();
});

async function readyVideo(): Promise<string> {
  const up = await uploadFile(cms.baseUrl, { ...TUS, ...editor.headers() }, source, { filename: 'lesson.mp4', filetype: 'video/mp4' });
  const id = up.assetId!;
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const a = (await editor.json<AssetView>('GET', `/api/admin/assets/${id}`)).body;
    if (a.status === 'ready') return id;
    if (a.status === 'failed') throw new Error(JSON.stringify(a.error));
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('video not ready');
}

const videoItem = async (assetId: string) => {
  const res = await editor.json('POST', '/api/admin/items', { kind: 'video', sectionId: 'branch-lessons', title: '社区党课', assetId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const mediaFolder = (assetId: string) => fs.stat(path.join(cms.dataDir, 'media', assetId)).then(() => true, () => false);

describe('deleting a video item', () => {
  it('when its video is used by nothing else, then the video and its files go with it, and the log says so', async () => {
    const assetId = await readyVideo();
    const item = await videoItem(assetId);
    expect(await mediaFolder(assetId)).toBe(true);
    expect((await editor.request('DELETE', `/api/admin/items/${item}`)).status).toBe(204);
    expect((await editor.request('GET', `/api/admin/assets/${assetId}`)).status).toBe(404);
    expect(await mediaFolder(assetId)).toBe(false);
    expect((await fetch(`${cms.baseUrl}/media/${assetId}/master.m3u8`)).status).toBe(404);
    // The audit log is for admins only.
    const audit = await (await adminOf(cms.baseUrl)).json('GET', `/api/admin/audit?targetType=asset&targetId=${assetId}`);
    expect(audit.body.entries[0]).toMatchObject({ action: 'asset_deleted', detail: { withItem: item } });
  });

  it('when another item still uses its video, then the video stays until the last item is deleted', async () => {
    const assetId = await readyVideo();
    const first = await videoItem(assetId);
    const second = await videoItem(assetId);
    expect((await editor.request('DELETE', `/api/admin/items/${first}`)).status).toBe(204);
    expect((await editor.request('GET', `/api/admin/assets/${assetId}`)).status).toBe(200);
    expect(await mediaFolder(assetId)).toBe(true);
    expect((await editor.request('DELETE', `/api/admin/items/${second}`)).status).toBe(204);
    expect(await mediaFolder(assetId)).toBe(false);
  });

  it('when its video is a district-wide one, then only the item goes', async () => {
    const item = await videoItem('sample-lesson');
    expect((await editor.request('DELETE', `/api/admin/items/${item}`)).status).toBe(204);
    expect((await editor.request('GET', '/api/admin/assets/sample-lesson')).status).toBe(200);
    expect(await mediaFolder('sample-lesson')).toBe(true);
  });
});
