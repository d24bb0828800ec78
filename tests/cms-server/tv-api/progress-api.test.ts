// Viewing progress over real HTTP (positions are kept on the box and sent to the server): a box's
// report is stored and read back, a seek does not count as watching, and every refused report stores nothing.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ProgressResponse } from '../../../cms-server/src/tv-api/contract.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let k: KetingProcess;
let videoId: string;
let articleId: string;

beforeAll(async () => {
  k = await startKeting();
  const catalog = (await (await fetch(`${k.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
  videoId = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'video')!.id;
  articleId = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'article')!.id;
});
afterAll(async () => {
  await k?.stop();
});

const report = (body: unknown, path = '/api/tv/v1/progress') =>
  fetch(`${k.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
async function positionsOf(deviceId: string) {
  const res = await fetch(`${k.baseUrl}/api/tv/v1/progress?deviceId=${deviceId}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as ProgressResponse).positions;
}
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('POST /api/tv/v1/progress', () => {
  it('when a box reports a position, then it answers 204 no-store and the box reads the position back', async () => {
    const deviceId = crypto.randomUUID();
    const res = await report({ deviceId, itemId: videoId, positionSec: 42.5, durationSec: 600 });
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const [p, ...rest] = await positionsOf(deviceId);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ itemId: videoId, positionSec: 42.5, durationSec: 600, watchedSec: 0 });
    expect(Date.parse(p!.firstSeenAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(p!.lastSeenAt).toBe(p!.firstSeenAt);
    // Another box's positions are its own.
    expect(await positionsOf(crypto.randomUUID())).toEqual([]);
  });

  it('when the viewer seeks far ahead, then watched seconds grow by no more than the time since the last report', async () => {
    const deviceId = crypto.randomUUID();
    const at = (positionSec: number) => report({ deviceId, itemId: videoId, positionSec, durationSec: 3600 });
    expect((await at(10)).status).toBe(204);
    expect((await at(1800)).status).toBe(204); // a jump of 30 minutes, a moment later
    const [afterSeek] = await positionsOf(deviceId);
    expect(afterSeek!.positionSec).toBe(1800);
    expect(afterSeek!.watchedSec).toBeLessThanOrEqual(3); // the moment plus the 2 s clock slack, not 1790 s
    // Real playing: 1.5 s later the position moved 1.5 s, and that counts.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await at(1801.5)).status).toBe(204);
    const [afterPlay] = await positionsOf(deviceId);
    expect(afterPlay!.watchedSec).toBeCloseTo(afterSeek!.watchedSec + 1.5, 1);
    // Rewinding adds nothing.
    expect((await at(100)).status).toBe(204);
    const [afterRewind] = await positionsOf(deviceId);
    expect(afterRewind!.positionSec).toBe(100);
    expect(afterRewind!.watchedSec).toBe(afterPlay!.watchedSec);
    expect(afterRewind!.firstSeenAt).toBe(afterSeek!.firstSeenAt);
  });

  it('when the item is unknown or not visible to that street, then 404 not_found and nothing is stored', async () => {
    const deviceId = crypto.randomUUID();
    const res = await report({ deviceId, itemId: 'no-such-item', positionSec: 1, durationSec: 60 });
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const unknownStreet = await report({ deviceId, itemId: videoId, positionSec: 1, durationSec: 60 }, '/api/tv/v1/progress?street=nowhere');
    expect(unknownStreet.status).toBe(404);
    expect(await errorCode(unknownStreet)).toBe('unknown_street');
    expect(await positionsOf(deviceId)).toEqual([]);
  });

  it('when a report is malformed or out of bounds, then 400 with its code, and nothing is stored', async () => {
    const deviceId = crypto.randomUUID();
    const good = { deviceId, itemId: videoId, positionSec: 30, durationSec: 600 };
    const cases: [string, unknown, string][] = [
      ['broken JSON', '{"deviceId": "', 'malformed_json'],
      ['not an object', '[1, 2]', 'invalid_body'],
      ['no device id', { ...good, deviceId: undefined }, 'invalid_body'],
      ['a device id that is not a UUID', { ...good, deviceId: 'box-1' }, 'invalid_body'],
      ['a malformed item id', { ...good, itemId: '../etc' }, 'invalid_body'],
      ['a negative position', { ...good, positionSec: -1 }, 'invalid_body'],
      ['a position far past the end', { ...good, positionSec: 700 }, 'invalid_body'],
      ['a duration given as text', { ...good, durationSec: '600' }, 'invalid_body'],
      ['a zero duration', { ...good, durationSec: 0 }, 'invalid_body'],
      ['an absurd duration', { ...good, positionSec: 0, durationSec: 1e9 }, 'invalid_body'],
      ['an unknown field', { ...good, memberId: 'x' }, 'invalid_body'],
    ];
    for (const [what, body, code] of cases) {
      const res = await report(body);
      expect({ what, status: res.status, code: await errorCode(res) }).toEqual({ what, status: 400, code });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const tooBig = await report({ ...good, padding: 'x'.repeat(5000) });
    expect(tooBig.status).toBe(413);
    expect(await errorCode(tooBig)).toBe('payload_too_large');
    const notJson = await fetch(`${k.baseUrl}/api/tv/v1/progress`, { method: 'POST', body: JSON.stringify(good) });
    expect(notJson.status).toBe(400); // text/plain: the JSON parser does not read it
    expect(await errorCode(notJson)).toBe('invalid_body');
    expect(await positionsOf(deviceId)).toEqual([]);
    // The same report, well-formed, is accepted: the refusals above were about their one flaw.
    expect((await report(good)).status).toBe(204);
    expect(await positionsOf(deviceId)).toHaveLength(1);
  });

  it('when the device id asked for is not a UUID, then 400 invalid_device_id', async () => {
    const res = await fetch(`${k.baseUrl}/api/tv/v1/progress?deviceId=box-1`);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_device_id');
  });

  it('when an article (nothing to play) gets a report, then 422 not_playable and nothing is stored', async () => {
    const deviceId = crypto.randomUUID();
    const res = await report({ deviceId, itemId: articleId, positionSec: 10, durationSec: 60 });
    expect(res.status).toBe(422);
    expect(await errorCode(res)).toBe('not_playable');
    expect(await positionsOf(deviceId)).toEqual([]);
  });

  it('when a box floods reports, then past its per-minute limit it gets 429 and the credited time stays within the time that passed', async () => {
    const deviceId = crypto.randomUUID();
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await report({ deviceId, itemId: videoId, positionSec: i, durationSec: 600 });
      statuses.push(res.status);
      if (res.status === 429) expect(await errorCode(res)).toBe('too_many_reports');
    }
    const elapsed = (Date.now() - started) / 1000;
    expect(statuses.filter((s) => s === 204)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const [p] = await positionsOf(deviceId);
    expect(p!.watchedSec).toBeLessThanOrEqual(elapsed + 2);
    // Another box at the same address is not held back by this one.
    expect((await report({ deviceId: crypto.randomUUID(), itemId: videoId, positionSec: 1, durationSec: 600 })).status).toBe(204);
  });
});

// Last in this file: they use up this address's allowance for the rest of the minute (and of the day's new boxes).
describe('bounds per address', () => {
  it('when one address invents device ids, then past the daily bound of new boxes it gets 429 and stores nothing', async () => {
    const statuses: number[] = [];
    let refusedId = '';
    for (let i = 0; i < 110; i++) {
      const id = crypto.randomUUID();
      const res = await report({ deviceId: id, itemId: videoId, positionSec: 1, durationSec: 600 });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await errorCode(res)).toBe('too_many_new_devices');
        refusedId = id;
      }
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(100);
    expect(await positionsOf(refusedId)).toEqual([]);
  });

  it('when one address sends more reports a minute than its limit, then it gets 429 too_many_reports', async () => {
    // Bodies without a well-formed box id (each a 400): they count against the address, and a flood of them is cut off.
    let last = 0;
    let code = '';
    for (let i = 0; i < 700 && last !== 429; i++) {
      const res = await report({ deviceId: `box-${i}`, itemId: videoId, positionSec: 1, durationSec: 600 });
      last = res.status;
      code = await errorCode(res).catch(() => '');
    }
    expect(last).toBe(429);
    expect(code).toBe('too_many_reports');
  });
});
