// The broadcasts API over real HTTP against a real CMS (tests/helpers/server.ts): who may schedule on which channel,
// every bad input refused in words with nothing changed, and the channel served as live HLS, M3U and XMLTV that
// independent clients (hls-parser, ffprobe, xmllint against the XMLTV DTD) accept.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { ROOT, startKeting, type KetingProcess } from '../../helpers/server.ts';

const run = promisify(execFile);
let keting: KetingProcess;
let admin: AdminClient;
let districtOperator: AdminClient;
let taipingOperator: AdminClient;

// A published, ready seeded video item (content/sections/01-branch-lessons.json, sample-lesson).
const VIDEO_ITEM = 'lesson-keting-dangjian';
const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  const date = d.toISOString().slice(0, 10);
  return `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
};

beforeAll(async () => {
  keting = await startKeting();
  admin = await adminOf(keting.baseUrl);
  for (const id of ['taiping', 'pingjiang']) {
    const made = await admin.json('POST', '/api/admin/streets', { id, name: id === 'taiping' ? '太平街道' : '平江街道', publishDirectly: false });
    expect(made.status).toBe(201);
  }
  districtOperator = await userClient(admin, { role: 'operator', streetId: null });
  taipingOperator = await userClient(admin, { role: 'operator', streetId: 'taiping' });
});

afterAll(async () => {
  await keting?.stop();
});

/** Everything scheduled, as the admin's week view for the next weeks sees it (to check nothing changed). */
async function schedule(): Promise<string> {
  const weeks = await Promise.all([0, 7, 14, 21].map((d) => admin.json('GET', `/api/admin/channels?week=${inDays(d, 12).slice(0, 10)}`)));
  return JSON.stringify(weeks.map((w) => w.body.channels.map((c: any) => [c.id, c.occurrences])));
}

async function audits(action: string): Promise<number> {
  const res = await admin.json('GET', '/api/admin/audit?limit=200');
  return res.body.entries.filter((e: any) => e.action === action).length;
}

describe('scheduling broadcasts', () => {
  it('when an operator schedules videos on the district channel, then it is stored, in the week view and the audit log', async () => {
    const before = await audits('broadcast_created');
    const res = await districtOperator.json('POST', '/api/admin/broadcasts', {
      channelId: 'district',
      title: '全区党员大会',
      items: [VIDEO_ITEM],
      startsAt: inDays(2, 19),
      endsAt: inDays(2, 20),
      takeover: 'prompt',
      announceMinutes: 10,
    });
    expect(res.status).toBe(201);
    expect(res.body.broadcast).toMatchObject({ channelId: 'district', source: 'items', items: [VIDEO_ITEM], takeover: 'prompt', announceMinutes: 10 });
    expect(res.body.broadcast.startsAt).toBe(new Date(inDays(2, 19)).toISOString());
    const week = await admin.json('GET', `/api/admin/channels?week=${inDays(2, 12).slice(0, 10)}`);
    const district = week.body.channels.find((c: any) => c.id === 'district');
    expect(district.occurrences.map((o: any) => o.title)).toContain('全区党员大会');
    expect(await audits('broadcast_created')).toBe(before + 1);
  });

  it('when roles other than operator and admin ask, then 403; a street operator schedules only its street: another street is not found', async () => {
    for (const role of ['editor', 'reviewer', 'secretary'] as const) {
      const c = await userClient(admin, { role, streetId: null });
      expect((await c.json('GET', '/api/admin/channels')).status).toBe(403);
      expect((await c.json('POST', '/api/admin/broadcasts', { channelId: 'district', title: 'x', items: [VIDEO_ITEM], startsAt: inDays(30, 9) })).status).toBe(403);
    }
    const own = await taipingOperator.json('POST', '/api/admin/broadcasts', {
      channelId: 'street-taiping', title: '太平街道例会', items: [VIDEO_ITEM], startsAt: inDays(3, 9),
    });
    expect(own.status).toBe(201);
    const list = await taipingOperator.json('GET', '/api/admin/channels');
    expect(list.body.channels.map((c: any) => c.id)).toEqual(['street-taiping']);
    for (const channelId of ['street-pingjiang', 'district']) {
      const other = await taipingOperator.json('POST', '/api/admin/broadcasts', { channelId, title: 'x', items: [VIDEO_ITEM], startsAt: inDays(3, 9) });
      expect(other.status).toBe(404);
    }
    const theirs = await districtOperator.json('POST', '/api/admin/broadcasts', {
      channelId: 'street-pingjiang', title: '平江街道例会', items: [VIDEO_ITEM], startsAt: inDays(3, 9),
    });
    expect(theirs.status).toBe(201);
    const id = theirs.body.broadcast.id;
    expect((await taipingOperator.json('GET', `/api/admin/broadcasts/${id}`)).status).toBe(404);
    expect((await taipingOperator.json('PATCH', `/api/admin/broadcasts/${id}`, { title: '改' })).status).toBe(404);
    expect((await taipingOperator.json('DELETE', `/api/admin/broadcasts/${id}`)).status).toBe(404);
    expect((await taipingOperator.json('PUT', '/api/admin/channels/street-pingjiang/filler', { sectionId: 'education' })).status).toBe(404);
    const filler = await taipingOperator.json('PUT', '/api/admin/channels/street-taiping/filler', { sectionId: 'education' });
    expect(filler.status).toBe(200);
    expect(filler.body.channel.fillerSectionTitle).toBe('党员教育');
    expect((await admin.json('DELETE', `/api/admin/broadcasts/${id}`)).status).toBe(204);
    expect(await audits('broadcast_deleted')).toBe(1);
  });

  it('when a broadcast is bad in any way, then it is refused in words with its code and nothing changes', async () => {
    // A weekly meeting for four weeks, on the day after tomorrow's weekday, 10:00–11:00.
    const weekday = ((new Date(inDays(5, 10)).getUTCDay() + 6) % 7) + 1;
    const until = inDays(30, 10).slice(0, 10);
    const weekly = await admin.json('POST', '/api/admin/broadcasts', {
      channelId: 'district', title: '每周学习会', items: [VIDEO_ITEM], startsAt: inDays(5, 10), endsAt: inDays(5, 11),
      repeat: { kind: 'weekly', days: [weekday], until },
    });
    expect(weekly.status).toBe(201);
    const before = await schedule();
    const base = { channelId: 'district', title: '测试', items: [VIDEO_ITEM], startsAt: inDays(40, 9), endsAt: inDays(40, 10) };
    const bad: [string, unknown, number, string][] = [
      // A third occurrence of the weekly meeting, in its future.
      ['overlap with a future occurrence', { ...base, startsAt: inDays(19, 10), endsAt: inDays(19, 12) }, 409, 'broadcast_overlap'],
      ['end before start', { ...base, endsAt: inDays(40, 8) }, 400, 'broadcast_order'],
      ['endless rule', { ...base, repeat: { kind: 'rrule', rule: 'FREQ=DAILY' } }, 400, 'rrule_endless'],
      ['every second', { ...base, endsAt: undefined, repeat: { kind: 'rrule', rule: 'FREQ=SECONDLY;COUNT=10' } }, 400, 'rrule_too_frequent'],
      ['relay to loopback', { ...base, items: undefined, relayUrl: 'http://127.0.0.1:9/live.m3u8' }, 400, 'relay_address_refused'],
      ['relay to a private network', { ...base, items: undefined, relayUrl: 'https://192.168.1.20/live.m3u8' }, 400, 'relay_address_refused'],
      ['relay to localhost', { ...base, items: undefined, relayUrl: 'http://localhost/live.m3u8' }, 400, 'relay_address_refused'],
      ['relay over ftp', { ...base, items: undefined, relayUrl: 'ftp://example.com/live.m3u8' }, 400, 'invalid_relay_url'],
      ['a deleted item', { ...base, items: ['no-such-item'] }, 400, 'broadcast_item_not_ready'],
      ['an article, not a video', { ...base, items: ['guide-yibao-canbao'] }, 400, 'broadcast_item_not_ready'],
      ['a title that is a number', { ...base, title: 42 }, 400, 'invalid_title'],
      ['a control character', { ...base, title: '会议\u0007' }, 400, 'invalid_title'],
      ['a bidi override', { ...base, title: '会议\u202e' }, 400, 'invalid_title'],
      ['no time zone', { ...base, startsAt: '2026-12-01T19:30' }, 400, 'invalid_time'],
      ['a takeover that is not one', { ...base, takeover: 'jump' }, 400, 'invalid_takeover'],
      ['an unknown field', { ...base, colour: 'red' }, 400, 'invalid_body'],
      ['both videos and a relay', { ...base, relayUrl: 'https://example.com/live.m3u8' }, 400, 'invalid_body'],
      ['a channel that is not one', { ...base, channelId: '../district' }, 400, 'invalid_channel'],
    ];
    for (const [what, body, status, code] of bad) {
      const res = await admin.json('POST', '/api/admin/broadcasts', body);
      expect([what, res.status, res.body.error?.code]).toEqual([what, status, code]);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const overlap = await admin.json('POST', '/api/admin/broadcasts', bad[0]![1]);
    expect(overlap.body.error.message).toContain('每周学习会');
    expect(overlap.body.error.message).toMatch(/\d+月\d+日 10:00–11:00/);
    const huge = await admin.request('POST', '/api/admin/broadcasts', { ...base, title: 'x'.repeat(400_000) });
    expect(huge.status).toBe(413);
    const moved = await admin.json('PATCH', `/api/admin/broadcasts/${weekly.body.broadcast.id}`, { endsAt: inDays(5, 9) });
    expect([moved.status, moved.body.error.code]).toEqual([400, 'broadcast_order']);
    expect(await schedule()).toBe(before);
  });
});

describe('the channel for boxes and IPTV players', () => {
  it('when a box asks for the district channel, then it gets a live playlist of packaged segments with sequence, discontinuity and times', async () => {
    const list = await fetch(`${keting.baseUrl}/api/tv/v1/channels`).then((r) => r.json());
    const district = list.channels.find((c: any) => c.id === 'district');
    expect(district).toMatchObject({ name: '全区频道', hls: '/live/district/master.m3u8', now: null });
    expect(district.next.title).toBe('全区党员大会');
    const master = parse(await fetch(`${keting.baseUrl}/live/district/master.m3u8`).then((r) => r.text()));
    expect(master).toBeInstanceOf(types.MasterPlaylist);
    const res = await fetch(`${keting.baseUrl}/live/district/720p.m3u8`);
    expect(res.headers.get('content-type')).toContain('mpegurl');
    const media = parse(await res.text()) as types.MediaPlaylist;
    expect(media.segments.length).toBe(6);
    expect(media.mediaSequenceBase).toBeGreaterThan(0);
    expect(media.segments.every((s) => s.uri.startsWith('/media/') && s.programDateTime)).toBe(true);
    const segment = await fetch(`${keting.baseUrl}${media.segments[0]!.uri}`);
    expect(segment.status).toBe(200);
    expect((await fetch(`${keting.baseUrl}/live/district/1080p.m3u8`)).status).toBe(404);
    expect((await fetch(`${keting.baseUrl}/live/nowhere/720p.m3u8`)).status).toBe(404);
  });

  it('when ffprobe opens the live channel, then it reads H.264 video from it', async () => {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'json',
      `${keting.baseUrl}/live/district/master.m3u8`], { timeout: 30_000 });
    const streams = JSON.parse(stdout).streams as { codec_type: string; codec_name: string }[];
    expect(streams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264')).toBe(true);
  });

  it('when an IPTV player reads the M3U and the XMLTV guide, then both are valid, cacheable by ETag, and the guide passes the DTD', async () => {
    const m3u = await fetch(`${keting.baseUrl}/iptv/channels.m3u`);
    const text = await m3u.text();
    expect(text).toMatch(/^#EXTM3U url-tvg="http:\/\/127\.0\.0\.1:\d+\/iptv\/epg\.xml"/);
    expect(text).toContain('tvg-id="district" tvg-name="全区频道" group-title="全区",全区频道');
    expect(text).toContain('tvg-id="street-taiping"');
    const epg = await fetch(`${keting.baseUrl}/iptv/epg.xml`);
    const etag = epg.headers.get('etag')!;
    const xml = await epg.text();
    expect(xml).toContain('全区党员大会');
    expect(xml).toContain('党员教育'); // the filler of 太平街道频道, by its section's name
    expect((await fetch(`${keting.baseUrl}/iptv/epg.xml`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-epg-'));
    try {
      await fs.writeFile(path.join(dir, 'epg.xml'), xml);
      // The guide names its DTD as players expect ("xmltv.dtd" beside it); the fixture is put there for xmllint.
      const dtd = path.join(dir, 'xmltv.dtd');
      await fs.copyFile(path.join(ROOT, 'tests/fixtures/xmltv.dtd'), dtd);
      const out = await run('xmllint', ['--noout', '--dtdvalid', dtd, path.join(dir, 'epg.xml')]);
      expect(out.stderr).toBe('');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
