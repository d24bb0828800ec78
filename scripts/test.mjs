// `npm test`: the same set-up as `npm start`, then every vitest suite (unit, API, browser).
import { spawnSync } from 'node:child_process';
import { root, say, setup } from './setup.mjs';

setup();
say('running the tests (vitest)…');
const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
