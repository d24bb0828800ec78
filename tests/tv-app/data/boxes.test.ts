// The box's side of hello and pairing (tv-app/src/data/boxes.ts): when a code is replaced whatever the box's clock
// says, how the code is shown and said, and the household kept on the box. fetch and localStorage are stand-ins.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Boxes from '../../../tv-app/src/data/boxes.ts';

let store: Map<string, string>;
let answers: (() => Response)[];
let sent: { url: string; body: unknown }[];

beforeEach(() => {
  vi.resetModules(); // a fresh module: what it knows comes from the kept copy, as after a power-on
  store = new Map();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
  (globalThis as { location?: unknown }).location = { origin: 'http://cms.example:8080', search: '', href: 'http://cms.example:8080/tv/' };
  answers = [];
  sent = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, body: JSON.parse(String(init.body)) });
    const next = answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next();
  }) as typeof fetch;
});

const load = (): Promise<typeof Boxes> => import('../../../tv-app/src/data/boxes.ts');
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const PAIRED = { paired: true, household: { name: '平安里 3 号 张家', members: [{ position: 1, name: '张建国' }] } };

describe('when to replace a pairing code', () => {
  const T0 = Date.parse('2026-12-02T08:00:00Z');

  it('when the box’s clock agrees with the server’s, then a ten-minute code is replaced five seconds before its end', async () => {
    const { replaceAt, REPLACE_EARLY_MS } = await load();
    const expires = new Date(T0 + 600_000).toISOString();
    expect(replaceAt(expires, new Date(T0).toUTCString(), T0)).toBe(T0 + 600_000 - REPLACE_EARLY_MS);
  });

  it('when the box’s clock is a day behind or a year ahead, then the code still lives its ten minutes on the box', async () => {
    const { replaceAt, REPLACE_EARLY_MS } = await load();
    const expires = new Date(T0 + 600_000).toISOString();
    for (const boxNow of [T0 - 86_400_000, T0 + 365 * 86_400_000]) {
      expect(replaceAt(expires, new Date(T0).toUTCString(), boxNow)).toBe(boxNow + 600_000 - REPLACE_EARLY_MS);
    }
  });

  it('when the server’s Date cannot be read, then the box’s clock counts; a past or unreadable end never makes a loop of codes', async () => {
    const { replaceAt, MIN_CODE_LIFE_MS, REPLACE_EARLY_MS } = await load();
    expect(replaceAt(new Date(T0 + 600_000).toISOString(), null, T0)).toBe(T0 + 600_000 - REPLACE_EARLY_MS);
    expect(replaceAt(new Date(T0 - 600_000).toISOString(), null, T0)).toBe(T0 + MIN_CODE_LIFE_MS);
    expect(replaceAt('not a date', 'nor this', T0)).toBe(T0 + MIN_CODE_LIFE_MS);
  });
});

describe('the code as shown and said', () => {
  it('when a code is shown, then its digits are spaced, the halves further apart; said, digit by digit', async () => {
    const { spacedCode, spokenCode, pairUrl } = await load();
    expect(spacedCode('482913')).toBe('4 8 2   9 1 3');
    expect(spokenCode('482913')).toBe('4，8，2，9，1，3');
    expect(pairUrl('/admin/#/boxes?code=482913')).toBe('http://cms.example:8080/admin/#/boxes?code=482913');
    expect(pairUrl('/admin/#/boxes?code=1', 'http://x/')).toBe('http://x/admin/#/boxes?code=1');
  });

  it('when the version the box tells is read, then it is the package’s', async () => {
    const { APP_VERSION } = await load();
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });
});

describe('hello and the household kept on the box', () => {
  it('when hello answers, then the box keeps the household, tells the listeners, and knows it after a restart without the CMS', async () => {
    let boxes = await load();
    expect(boxes.boxStatus()).toBeNull();
    const heard: unknown[] = [];
    boxes.onBoxStatus((s) => heard.push(s));
    answers.push(json(200, PAIRED));
    expect(await boxes.sayHello()).toEqual(PAIRED);
    expect(heard).toEqual([PAIRED]);
    expect(sent[0]!.url).toBe('http://cms.example:8080/api/tv/v1/boxes/hello');
    expect(sent[0]!.body).toEqual({ deviceId: expect.stringMatching(/^[0-9a-f-]{36}$/), appVersion: boxes.APP_VERSION });

    boxes = await (vi.resetModules(), load());
    expect(boxes.boxStatus()).toEqual(PAIRED);
    await expect(boxes.sayHello()).rejects.toMatchObject({ code: 'offline', message: '连接不上服务器，请稍后再试。' });
    expect(boxes.boxStatus()).toEqual(PAIRED); // a failed hello forgets nothing
  });

  it('when the box has a street, then hello names it; an error answer is thrown with its Chinese words', async () => {
    store.set('keting.street', 'taiping');
    const boxes = await load();
    answers.push(json(429, { error: { code: 'too_many_box_requests', message: '机顶盒的请求太频繁了，请稍后再试。' } }));
    await expect(boxes.sayHello()).rejects.toMatchObject({ code: 'too_many_box_requests', message: '机顶盒的请求太频繁了，请稍后再试。' });
    expect(sent[0]!.url).toBe('http://cms.example:8080/api/tv/v1/boxes/hello?street=taiping');
  });
});

describe('pairing codes', () => {
  it('when the screen opens again while its code lives, then it shows the same code; fresh, or after pairing, a new one', async () => {
    const boxes = await load();
    const now = Date.now();
    const code = (c: string) => json(201, { code: c, expiresAt: new Date(now + 600_000).toISOString(), pairPath: `/admin/#/boxes?code=${c}` }, { Date: new Date(now).toUTCString() });
    answers.push(code('111111'), code('222222'), code('333333'));
    const first = await boxes.pairingCode();
    expect(first.code).toBe('111111');
    expect(first.replaceAt).toBeGreaterThan(now + 590_000 - 1000);
    expect((await boxes.pairingCode()).code).toBe('111111');
    expect((await boxes.pairingCode({ fresh: true })).code).toBe('222222');
    boxes.forgetCode();
    expect((await boxes.pairingCode()).code).toBe('333333');
    expect(sent.map((s) => s.url)).toEqual(Array(3).fill('http://cms.example:8080/api/tv/v1/boxes/pairing-code'));
  });
});
