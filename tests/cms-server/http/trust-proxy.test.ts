// Which address a request comes from decides the sign-in rate limit's key. Without TRUST_PROXY no proxy is
// trusted, so any client (including a local process) cannot pick its own key with X-Forwarded-For; with
// TRUST_PROXY=loopback a reverse proxy on the same machine reports the real client address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../../helpers/api-error.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

const failLogins = async (cms: KetingProcess, n: number, forwardedFor: (i: number) => string) => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${cms.baseUrl}/api/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor(i) },
      body: JSON.stringify({ username: 'admin', password: `guess-${i}` }),
    });
    statuses.push(res.status);
    if (i === n - 1 && res.status === 429) await expectApiError(res, 429, 'too_many_attempts');
    else await res.arrayBuffer();
  }
  return statuses;
};

describe('without TRUST_PROXY (the default)', () => {
  let cms: KetingProcess;
  beforeAll(async () => {
    cms = await startKeting({ env: { TRUST_PROXY: '' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when one client sends 11 failed sign-ins, each with another X-Forwarded-For, then it is still limited', async () => {
    const statuses = await failLogins(cms, 11, (i) => `203.0.113.${i + 1}`);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});

describe('with TRUST_PROXY=loopback (a reverse proxy on the same machine)', () => {
  let cms: KetingProcess;
  beforeAll(async () => {
    cms = await startKeting({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when 11 failed sign-ins come through the proxy from 11 addresses, then none is limited; from one address, the 11th is', async () => {
    expect(await failLogins(cms, 11, (i) => `203.0.113.${i + 1}`)).toEqual(Array(11).fill(401));
    const one = await failLogins(cms, 11, () => '198.51.100.7');
    expect(one.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(one[10]).toBe(429);
  });
});

describe('a malformed TRUST_PROXY', () => {
  it('when TRUST_PROXY is not a hop count, a name or addresses, then the server refuses to start and says why', async () => {
    await expect(startKeting({ env: { TRUST_PROXY: '10.0.0.0/99' } })).rejects.toThrow(/TRUST_PROXY/);
  });
});
