// `npm test`: the same set-up as `npm start`, then every vitest suite (unit, API, browser), ending with
// one plain summary line ("tests: N passed, N failed") that any CI can read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, say, setup } from './setup.mjs';

setup();
say('running the tests (vitest)…');
const results = path.join(root, 'artifacts', 'vitest-results.json');
fs.rmSync(results, { force: true });
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
if (fs.existsSync(results)) {
  const j = JSON.parse(fs.readFileSync(results, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  process.stdout.write(`\ntests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped\n`);
  if (j.numTotalTests === 0) {
    process.stderr.write('[keting] no test ran\n');
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
