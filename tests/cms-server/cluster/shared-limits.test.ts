// Two CMS processes on one data folder share every rate limit through the database: wrong passwords sent to
// them in turn are refused after LOGIN_MAX_ATTEMPTS in all, not twice as many (an in-memory limiter per process
// would let an attacker multiply his tries by the number of processes). And the pid file lists both.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PID_FILE, runningServerPid } from '../../../cms-server/src/backup/pid-file.ts';
import { LOGIN_MAX_ATTEMPTS } from '../../../cms-server/src/constants.ts';
import { TEST_ADMIN_PASSWORD } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { startTwoNodes, type TwoNodes } from './two-nodes.ts';

let nodes: TwoNodes;
beforeAll(async () => {
  nodes = await startTwoNodes();
});
afterAll(async () => {
  await nodes?.stop();
});

const signIn = (baseUrl: string, password: string) =>
  fetch(`${baseUrl}/api/admin/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });

describe('rate limits across two processes', () => {
  it('when wrong passwords alternate between two processes, then the sign-in is refused after LOGIN_MAX_ATTEMPTS in all, on both', async () => {
    const { a, b } = nodes;
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_MAX_ATTEMPTS + 2; i++) {
      const node = i % 2 === 0 ? a : b;
      const res = await signIn(node.baseUrl, `guess-${i}`);
      statuses.push(res.status);
      if (i === LOGIN_MAX_ATTEMPTS) await expectApiError(res, 429, 'too_many_attempts');
    }
    expect(statuses).toEqual([...Array<number>(LOGIN_MAX_ATTEMPTS).fill(401), 429, 429]);
    // Even the right password, on either process: the count is the same one.
    await expectApiError(await signIn(a.baseUrl, TEST_ADMIN_PASSWORD), 429, 'too_many_attempts');
    await expectApiError(await signIn(b.baseUrl, TEST_ADMIN_PASSWORD), 429, 'too_many_attempts');
    // The count lives in the database: one row for this address and limiter.
    const rows = nodes.query<{ key: string; hits: number }>("SELECT key, hits FROM rate_limits WHERE key LIKE 'login:%'");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hits).toBeGreaterThanOrEqual(LOGIN_MAX_ATTEMPTS + 1);
  });

  it('when one of two processes on a data folder stops, then the pid file still names the other (a restore still refuses); after both, it is gone', async () => {
    const { a, b, dataDir } = nodes;
    const pids = fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim().split('\n').map(Number).sort();
    expect(pids).toEqual([a.child.pid, b.child.pid].sort());
    await a.stop();
    expect(runningServerPid(dataDir)).toBe(b.child.pid);
    await b.stop();
    expect(runningServerPid(dataDir)).toBeUndefined();
    expect(fs.existsSync(path.join(dataDir, PID_FILE))).toBe(false);
  });
});
