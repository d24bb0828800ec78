// The whole repository type-checks (TypeScript strict, tsconfig.json: the server, the apps, the tests, the benches):
// the suites run through tsx/Vite, which strip types without checking them, so without this a type error in a test
// or a bench would never fail CI.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the types', () => {
  it('when the repository is type-checked, then there is no error', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 180_000);
});
