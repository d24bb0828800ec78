// The systemd unit and its environment file in deploy/: the environment is one the CMS accepts, every variable
// in it is documented in the README, and systemd itself finds nothing wrong with the unit (where systemd is here).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cms-server/src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const unit = fs.readFileSync(path.join(ROOT, 'deploy/keting.service'), 'utf8');
const envFile = fs.readFileSync(path.join(ROOT, 'deploy/keting.env.example'), 'utf8');

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

describe('deploy/keting.service', () => {
  it('sets an environment the CMS accepts, with the backup schedule and data where the unit lets it write', () => {
    const env = parseEnv(envFile);
    const config = loadConfig(env, '/opt/keting');
    expect(config.dataDir).toBe('/var/lib/keting');
    expect(config.backupDir).toBe('/var/backups/keting');
    expect(config.backupCron).toBe('30 3 * * *');
    const writable = /^ReadWritePaths=(.*)$/m.exec(unit)?.[1]?.split(/\s+/) ?? [];
    expect(writable).toEqual(expect.arrayContaining([config.dataDir, config.backupDir]));
  });

  it('documents every variable of the example environment in the README', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const missing = Object.keys(parseEnv(envFile)).filter((k) => k !== 'NODE_ENV' && !readme.includes(`| \`${k}\` |`));
    expect(missing).toEqual([]);
  });

  it('restarts on failure, stops by SIGTERM and runs the CMS entry point that exists', () => {
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    const exec = /^ExecStart=\S+ --import tsx (\S+)$/m.exec(unit);
    expect(exec).not.toBeNull();
    expect(fs.existsSync(path.join(ROOT, exec![1]!))).toBe(true);
  });

  it.runIf(spawnSync('systemd-analyze', ['--version']).status === 0)('passes systemd-analyze verify', () => {
    // verify checks that ExecStart's program exists; the unit's own path does not matter to it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-unit-'));
    const copy = path.join(dir, 'keting.service');
    fs.writeFileSync(copy, unit);
    const r = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const problems = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes('keting.service') && !/User=|Group=|Documentation=|EnvironmentFile=|WorkingDirectory=/.test(l));
    expect(problems, `${r.stdout}${r.stderr}`).toEqual([]);
    expect(r.status).toBe(0);
  });
});
