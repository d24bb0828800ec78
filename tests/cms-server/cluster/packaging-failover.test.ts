// Two CMS processes on one data folder both run the packaging worker. The one holding a packaging job's lease is
// killed with SIGKILL mid-way (ffmpeg slowed down); the other takes the job once the lease has run out and
// finishes it: one job, two attempts counted, the video ready once, no temporary folder left.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AssetView } from '../../../cms-server/src/admin/contract.ts';
import { AdminClient, adminOf, userClient } from '../../helpers/admin-client.ts';
import { uploadFile } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';
import { startTwoNodes, until, type TwoNodes } from './two-nodes.ts';

// ffmpeg reads the source at half real time, so a 6 s video takes ≥ 12 s to package: time to kill its node.
const SLOW = { TEST_PACKAGE_READRATE: '0.5', JOB_LEASE_SECONDS: '3' };

let nodes: TwoNodes | undefined;
afterAll(async () => {
  await nodes?.stop();
});

interface JobDbRow {
  id: string;
  state: string;
  attempts: number;
  lease_owner: string | null;
}

it('when the process packaging a video is killed, then the other process takes the job after the lease and finishes it, once', async () => {
  nodes = await startTwoNodes(SLOW, { ownMedia: true });
  const { a, b, dataDir } = nodes;
  const admin = await adminOf(a.baseUrl);
  const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  const file = path.join(dataDir, 'meeting.mp4');
  await makeVideo(file, { seconds: 6, width: 640, height: 360 });
  const up = await uploadFile(a.baseUrl, editor.headers(), file, { filename: '会议.mp4', filetype: 'video/mp4' });
  expect(up.final.status).toBe(204);
  const id = up.assetId!;
  const jobsOf = () => nodes!.query<JobDbRow>('SELECT id, state, attempts, lease_owner FROM jobs WHERE asset_id = ?', id);

  // Whichever process took the job (the one that received the upload is woken at once; the other polls),
  // it is well under way when its process dies.
  const holder = await until('a lease on the job and packaging progress', 30_000, () => {
    const [job] = jobsOf();
    const progress = nodes!.query<{ progress: number }>('SELECT progress FROM jobs WHERE asset_id = ?', id)[0]?.progress ?? 0;
    return job?.state === 'running' && job.lease_owner && progress > 0 ? job.lease_owner : undefined;
  });
  const holderPid = Number(holder.split(':')[1]);
  const [dying, survivor] = holderPid === a.child.pid ? [a, b] : [b, a];
  expect(dying.child.pid).toBe(holderPid);
  const killed = new Promise((r) => dying.child.once('exit', r));
  dying.child.kill('SIGKILL');
  await killed;
  const t0 = Date.now();

  const onSurvivor = new AdminClient(survivor.baseUrl, editor.cookie, editor.csrfToken, editor.user);
  const ready = await until('the asset to be ready on the surviving process', 90_000, async () => {
    const a = (await onSurvivor.json<AssetView>('GET', `/api/admin/assets/${id}`)).body;
    if (a.status === 'failed') throw new Error(`packaging failed: ${JSON.stringify(a.error)}`);
    return a.status === 'ready' ? a : undefined;
  });
  process.stdout.write(`kill -9 of the packaging node to ready on the other: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  expect(ready.job).toMatchObject({ state: 'done', attempts: 2 });
  expect(ready.progress).toBe(100);

  const jobs = jobsOf();
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ state: 'done', attempts: 2, lease_owner: null });
  // The survivor serves the finished ladder, not the early rendition.
  const master = await fetch(`${survivor.baseUrl}${ready.hls}`);
  expect(master.status).toBe(200);
  expect(await master.text()).not.toContain('src/index.m3u8');
  const tmp = (await fs.readdir(path.join(dataDir, 'media'))).filter((n) => n.startsWith('.tmp-'));
  expect(tmp).toEqual([]);
  // Ready once: a second look some polls later changes nothing.
  await new Promise((r) => setTimeout(r, 2500));
  expect(jobsOf()).toEqual(jobs);
});
