// A crash mid-packaging, for real: the CMS process is killed with SIGKILL while ffmpeg is encoding the ladder of
// an uploaded video; a new process on the same data takes the job again once the lease has run out and
// finishes it. No half-written rendition is ever served: until the ladder is in place the master lists only the
// early rendition (the H.264 source copied as it is), the same before and after the crash, and the temporary
// folder of the dead attempt is gone.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView } from '../../../cms-server/src/admin/contract.ts';
import { addStreets, adminOf, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { uploadFile } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';
import { until } from '../../helpers/until.ts';

// ffmpeg reads the source at half real time, so a 6 s video takes ≥ 12 s to package: time to kill it.
const SLOW = { TEST_PACKAGE_READRATE: '0.5', JOB_LEASE_SECONDS: '3' };

let dataDir: string;
let cms: KetingProcess | undefined;

beforeAll(async () => {
  dataDir = await copySeededData({ ownMedia: true });
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
});
afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function asset(editor: AdminClient, id: string): Promise<AssetView> {
  return (await editor.json<AssetView>('GET', `/api/admin/assets/${id}`)).body;
}


describe('a crash while packaging', () => {
  it('when the server is killed mid-packaging, then after a restart the job runs again and the video becomes ready, never served half-made', async () => {
    cms = await startKeting({ dataDir, env: SLOW });
    const admin = await adminOf(cms.baseUrl);
    const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
    const file = path.join(dataDir, 'meeting.mp4');
    await makeVideo(file, { seconds: 6, width: 640, height: 360 });
    const up = await uploadFile(cms.baseUrl, { 'Tus-Resumable': '1.0.0', ...editor.headers() }, file, { filename: '会议.mp4', filetype: 'video/mp4' });
    expect(up.final.status).toBe(204);
    const id = up.assetId!;

    // The ladder is under way (ffmpeg has reported progress); the early rendition is what is served.
    const during = await until('packaging progress', 30_000, async () => {
      const a = await asset(editor, id);
      return a.status === 'playable' && a.progress > 0 ? a : undefined;
    });
    expect(during.progress).toBeLessThan(100);
    const earlyMaster = await (await fetch(`${cms.baseUrl}/media/${id}/master.m3u8`)).text();
    expect((parse(earlyMaster) as types.MasterPlaylist).variants.map((v) => v.uri)).toEqual(['src/index.m3u8']);
    const earlyPlaylist = await (await fetch(`${cms.baseUrl}/media/${id}/src/index.m3u8`)).text();
    const tmpBefore = (await fs.readdir(path.join(dataDir, 'media'))).filter((n) => n.startsWith('.tmp-'));
    expect(tmpBefore.length).toBe(1);

    const killed = new Promise((r) => cms!.child.once('exit', r));
    cms.child.kill('SIGKILL');
    await killed;
    await cms.stop({ keepData: true });

    const t0 = Date.now();
    cms = await startKeting({ dataDir, env: { JOB_LEASE_SECONDS: '3' } });
    const editor2 = await userClient(await adminOf(cms.baseUrl), { role: 'editor', streetId: 'taiping' });
    // Before the job is done, only the early rendition is served, unchanged: the new attempt encodes the ladder only.
    const first = await asset(editor2, id);
    if (first.status !== 'ready') {
      expect(first.status).toBe('playable');
      expect(await (await fetch(`${cms.baseUrl}/media/${id}/master.m3u8`)).text()).toBe(earlyMaster);
    }
    const ready = await until('the asset to be ready again', 90_000, async () => {
      const a = await asset(editor2, id);
      if (a.status === 'failed') throw new Error(`packaging failed: ${JSON.stringify(a.error)}`);
      return a.status === 'ready' ? a : undefined;
    });
    process.stdout.write(`restart to ready after a kill -9: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    expect(ready.job).toMatchObject({ state: 'done', attempts: 2 });
    expect(ready.progress).toBe(100);
    expect(ready.durationSec).toBeGreaterThan(5);

    // Every rendition and every segment the playlists name is there.
    const master = parse(await (await fetch(`${cms.baseUrl}${ready.hls}`)).text());
    expect(master).toBeInstanceOf(types.MasterPlaylist);
    const variants = (master as types.MasterPlaylist).variants;
    expect(variants.length).toBeGreaterThanOrEqual(1);
    for (const v of variants) {
      const url = new URL(v.uri, `${cms.baseUrl}${ready.hls}`);
      const media = parse(await (await fetch(url)).text()) as types.MediaPlaylist;
      expect(media.endlist).toBe(true);
      const total = media.segments.reduce((s, seg) => s + seg.duration, 0);
      expect(total).toBeGreaterThan(5);
      for (const seg of media.segments) expect((await fetch(new URL(seg.uri, url), { method: 'HEAD' })).status).toBe(200);
    }
    expect(variants.map((v) => v.uri)).not.toContain('src/index.m3u8');
    expect(await (await fetch(`${cms.baseUrl}/media/${id}/src/index.m3u8`)).text()).toBe(earlyPlaylist);
    // The dead attempt's temporary folder was removed.
    const tmpAfter = (await fs.readdir(path.join(dataDir, 'media'))).filter((n) => n.startsWith('.tmp-'));
    expect(tmpAfter).toEqual([]);
  });
});
