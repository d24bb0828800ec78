// The house rules of ARCHITECTURE.md, as a test: dependency-cruiser checks every import of the server, the TV
// app and the admin against .dependency-cruiser.cjs (which room may import which; no cycles in the server).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the architecture', () => {
  it('when every import is checked against the house rules, then none is broken', () => {
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        'cms-server/src',
        'tv-app/src',
        'cms-server/admin-web/src',
        '--config',
        '.dependency-cruiser.cjs',
        '--output-type',
        'err',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/no dependency violations found/);
  }, 60_000);
});
