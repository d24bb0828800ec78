// Whose upload a tus request touches: the id @tus/server itself resolves from the URL must be the caller's own
// upload. A street editor who hides another street's upload id at the end of the URL (in a query string, an
// encoded slash, a second path segment) must neither read, write, complete nor cancel it. Real HTTP, real CMS.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { createUpload, head, patch, TUS } from '../../helpers/tus.ts';

let cms: KetingProcess;
let dataDir: string;
let VICTIM: AdminClient; // editor of taiping
let ATTACKER: AdminClient; // editor of heping

beforeAll(async () => {
  dataDir = await copySeededData({ ownMedia: true });
  addStreets(dataDir, [
    { id: 'taiping', name: '太平街道' },
    { id: 'heping', name: '和平街道' },
  ]);
  cms = await startKeting({ dataDir });
  const admin = await adminOf(cms.baseUrl);
  VICTIM = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  ATTACKER = await userClient(admin, { role: 'editor', streetId: 'heping' });
});
afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** A new upload of `length` bytes by `who`; its id and absolute URL. */
async function newUpload(who: AdminClient, length: number): Promise<{ id: string; url: string }> {
  const res = await createUpload(cms.baseUrl, who.headers(), length, { filename: 'lesson.mp4' });
  expect(res.status).toBe(201);
  const url = new URL(res.headers.get('location')!, cms.baseUrl).toString();
  return { id: url.split('/').pop()!, url };
}

/** The victim's upload as stored by the tus file store: its bytes so far and its metadata. */
async function storedUpload(id: string): Promise<{ size: number; info: string }> {
  const dir = path.join(dataDir, 'uploads');
  const size = (await fs.stat(path.join(dir, id))).size;
  const info = await fs.readFile(path.join(dir, `${id}.json`), 'utf8');
  return { size, info };
}

describe("another street's upload, named at the end of the URL", () => {
  it('when an editor hides the victim id in a query, an encoded slash or a second segment, then HEAD, PATCH and DELETE are refused and the upload is untouched', async () => {
    const victim = await newUpload(VICTIM, 100);
    expect((await patch(victim.url, VICTIM.headers(), 0, Buffer.alloc(10, 1))).status).toBe(204);
    const own = await newUpload(ATTACKER, 100);
    const before = await storedUpload(victim.id);

    const base = `${cms.baseUrl}/api/admin/uploads`;
    const tricks = [
      `${own.url}?x=/${victim.id}`,
      `${own.url}?/${victim.id}`,
      `${own.url}?x=%2F${victim.id}`,
      `${own.url}%2F${victim.id}`,
      `${own.url}%2f..%2f${victim.id}`,
      `${own.url}/${victim.id}`,
      `${own.url}/..%2F${victim.id}`,
      `${base}/x/${victim.id}`,
      `${base}/${victim.id}?x=/${own.id}`, // the victim's id in the path: not found for the attacker either
    ];
    for (const url of tricks) {
      const h = await head(url, ATTACKER.headers());
      expect(h.status, `HEAD ${url}`).toBeGreaterThanOrEqual(400);
      expect(h.status, `HEAD ${url}`).toBeLessThan(500);
      expect(h.headers.get('upload-offset'), `HEAD ${url} leaks the victim's offset`).toBeNull();
      expect(h.headers.get('upload-metadata'), `HEAD ${url} leaks the victim's metadata`).toBeNull();

      const p = await patch(url, ATTACKER.headers(), 10, Buffer.alloc(90, 2));
      expect(p.status, `PATCH ${url}: ${await p.clone().text()}`).toBeGreaterThanOrEqual(400);
      expect(p.status, `PATCH ${url}`).toBeLessThan(500);
      expect(p.headers.get('content-type'), `PATCH ${url}`).toMatch(/application\/json/);

      const d = await fetch(url, { method: 'DELETE', headers: { ...TUS, ...ATTACKER.headers() } });
      expect(d.status, `DELETE ${url}`).toBeGreaterThanOrEqual(400);
      expect(d.status, `DELETE ${url}`).toBeLessThan(500);
    }
    // A query string on a tus request is refused outright, with a code that says so.
    await expectApiError(await patch(`${own.url}?x=/${victim.id}`, ATTACKER.headers(), 0, Buffer.alloc(1)), 400, 'invalid_upload_url');

    // The victim's upload is as it was, and still the victim's to finish.
    expect(await storedUpload(victim.id)).toEqual(before);
    const resumed = await head(victim.url, VICTIM.headers());
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('upload-offset')).toBe('10');
    // The attacker's own upload was not written to by the tricks either (each went nowhere).
    expect((await storedUpload(own.id)).size).toBe(0);
  });

  it('when the owner uses the plain URL, then HEAD, PATCH and DELETE still work', async () => {
    const up = await newUpload(VICTIM, 50);
    expect((await patch(up.url, VICTIM.headers(), 0, Buffer.alloc(20, 3))).status).toBe(204);
    const h = await head(up.url, VICTIM.headers());
    expect(h.status).toBe(200);
    expect(h.headers.get('upload-offset')).toBe('20');
    expect((await fetch(up.url, { method: 'DELETE', headers: { ...TUS, ...VICTIM.headers() } })).status).toBe(204);
    await expectApiError(await head(up.url, VICTIM.headers()), 404, 'not_found');
  });

  it('when a binary PATCH says it is JSON, then it is answered in tus terms (415), not by the JSON parser', async () => {
    const up = await newUpload(VICTIM, 50);
    const res = await fetch(up.url, {
      method: 'PATCH',
      headers: { ...TUS, ...VICTIM.headers(), 'Upload-Offset': '0', 'Content-Type': 'application/json' },
      body: new Uint8Array(Buffer.from('{"not": "a video"')),
    });
    await expectApiError(res, 415, 'invalid_content_type');
    expect((await storedUpload(up.id)).size).toBe(0);
  });
});
