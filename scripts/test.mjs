// `npm test`: the same set-up as `npm start`, then every vitest suite (unit, API, browser), ending with
// one plain summary line ("tests: N passed, N failed") that any CI can read.
//
// The WPE WebKit suite runs last, on its own: its software GStreamer pipeline, sharing the 2 cores with another
// suite, has sat with 8 s of video buffered and no frame decoded (in this session's clean-clone runs it needed its
// retry once and failed past it once); alone it starts playing in about a second. Given file filters, one run does them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, say, setup } from './setup.mjs';

const ALONE = ['tests/tv-app/wpe.browser.test.ts'];

setup();
const filters = process.argv.slice(2);
const phases = filters.length ? [filters] : [ALONE.flatMap((f) => ['--exclude', f]), ALONE];
const totals = { passed: 0, failed: 0, skipped: 0, total: 0 };
let status = 0;
phases.forEach((args, i) => {
  say(phases.length > 1 && i > 0 ? `running the tests that need the machine to themselves: ${ALONE.join(', ')}…` : 'running the tests (vitest)…');
  const results = path.join(root, 'artifacts', `vitest-results${i ? `-${i + 1}` : ''}.json`);
  fs.rmSync(results, { force: true });
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) status = r.status ?? 1;
  if (fs.existsSync(results)) {
    const j = JSON.parse(fs.readFileSync(results, 'utf8'));
    totals.passed += j.numPassedTests ?? 0;
    totals.failed += j.numFailedTests ?? 0;
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    totals.total += j.numTotalTests ?? 0;
  } else if (status === 0) {
    status = 1; // no results: vitest did not get as far as running
  }
});
process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
if (totals.total === 0) {
  process.stderr.write('[keting] no test ran\n');
  process.exit(1);
}
process.exit(status);
