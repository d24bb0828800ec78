// Reaching a relay's upstream (cms-server/src/broadcasts/relay-fetch.ts): the address is checked when connecting —
// a name is resolved and a private answer refused, so DNS pointing a public name inside cannot get past the check
// made when the URL was saved — unless RELAY_ALLOW_PRIVATE; bodies are bounded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkingLookup, relayFetch, RelayFetchError } from '../../../cms-server/src/broadcasts/relay-fetch.ts';

let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/moved') res.writeHead(302, { Location: `http://127.0.0.1:${port}/live.m3u8` }).end();
    else if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(4096));
    else res.writeHead(200).end('#EXTM3U\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('fetching from a relay upstream', () => {
  it('when a name resolves to a loopback address, then the connection-time lookup refuses it', async () => {
    const err = await new Promise<Error | null>((resolve) => checkingLookup('localhost', {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(RelayFetchError);
    expect(err!.message).toMatch(/private address/);
  });

  it('when the URL is a loopback address or localhost, then it is refused without RELAY_ALLOW_PRIVATE', async () => {
    await expect(relayFetch(`http://127.0.0.1:${port}/live.m3u8`, { allowPrivate: false, maxBytes: 1024 })).rejects.toThrow(/private address/);
    await expect(relayFetch(`http://localhost:${port}/live.m3u8`, { allowPrivate: false, maxBytes: 1024 })).rejects.toThrow(/private address/);
    await expect(relayFetch(`http://[::1]:${port}/live.m3u8`, { allowPrivate: false, maxBytes: 1024 })).rejects.toThrow(/private address/);
  });

  it('when RELAY_ALLOW_PRIVATE is set, then a loopback upstream is read, redirects followed, and a body over the limit refused', async () => {
    const got = await relayFetch(`http://127.0.0.1:${port}/moved`, { allowPrivate: true, maxBytes: 1024 });
    expect(got.body.toString()).toBe('#EXTM3U\n');
    expect(got.url).toBe(`http://127.0.0.1:${port}/live.m3u8`);
    await expect(relayFetch(`http://127.0.0.1:${port}/big`, { allowPrivate: true, maxBytes: 1024 })).rejects.toThrow(/over 1024 bytes/);
    await expect(relayFetch(`ftp://127.0.0.1:${port}/x`, { allowPrivate: true, maxBytes: 1024 })).rejects.toThrow(/not http/);
  });
});
