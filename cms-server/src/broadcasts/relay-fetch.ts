// Fetching from a relay's upstream with the address checked when connecting, not only when the URL was saved: a
// public name may resolve to a private address later (DNS rebinding), so every connection's resolved address passes
// isPrivateAddress unless RELAY_ALLOW_PRIVATE is set. Node's own http(s) client with a checking `lookup` (the check
// and the connection use the same answer); redirects are followed a few times, each checked the same way.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { RELAY_FETCH_TIMEOUT_MS, RELAY_MAX_REDIRECTS } from '../constants.ts';
import { isPrivateAddress } from './validation.ts';

export class RelayFetchError extends Error {}

export interface FetchOptions {
  allowPrivate: boolean;
  maxBytes: number;
  signal?: AbortSignal;
}

/** A lookup that refuses private answers: the connection fails with the reason. */
export const checkingLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new RelayFetchError(`${hostname} resolves to ${bad.address}, a private address`), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/** GETs `url`; answers its body and the final URL after redirects. */
export async function relayFetch(url: string, opts: FetchOptions): Promise<{ body: Buffer; url: string }> {
  let current = new URL(url);
  for (let hop = 0; hop <= RELAY_MAX_REDIRECTS; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new RelayFetchError(`not http(s): ${current.href}`);
    const host = current.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate && (host === 'localhost' || (isIP(host) !== 0 && isPrivateAddress(host)))) {
      throw new RelayFetchError(`${host} is a private address`);
    }
    const answer = await getOnce(current, opts);
    if (answer.redirect) {
      current = new URL(answer.redirect, current);
      continue;
    }
    return { body: answer.body!, url: current.href };
  }
  throw new RelayFetchError('too many redirects');
}

function getOnce(url: URL, opts: FetchOptions): Promise<{ body?: Buffer; redirect?: string }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    // Answers once; whatever the request and its response emit afterwards is ignored.
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (e: Error) => {
      settle(() => reject(e));
      req.destroy();
    };
    const req = client.get(url, {
      lookup: opts.allowPrivate ? undefined : checkingLookup,
      timeout: RELAY_FETCH_TIMEOUT_MS,
      signal: opts.signal,
      headers: { 'user-agent': 'keting-relay' },
    });
    const timer = setTimeout(() => fail(new RelayFetchError('upstream too slow')), RELAY_FETCH_TIMEOUT_MS);
    req.on('timeout', () => fail(new RelayFetchError('upstream timed out')));
    req.on('error', (e) => fail(e));
    req.on('response', (res) => {
      res.on('error', (e) => fail(e));
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        settle(() => resolve({ redirect: res.headers.location }));
        return;
      }
      if (status !== 200) {
        res.resume();
        fail(new RelayFetchError(`upstream answered ${status}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) fail(new RelayFetchError(`upstream answer over ${opts.maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => settle(() => resolve({ body: Buffer.concat(chunks) })));
    });
  });
}
