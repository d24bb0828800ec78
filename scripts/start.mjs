// `npm start`: set everything up on a fresh clone, then run the CMS (which seeds the database and makes
// the sample videos on its first start) and print the URLs.
import { spawn } from 'node:child_process';
import { root, say, setup } from './setup.mjs';

setup();
say('starting the CMS (the first start seeds the database and makes sample videos with ffmpeg)…');
const child = spawn(process.execPath, ['--import', 'tsx', 'cms-server/src/main.ts'], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
