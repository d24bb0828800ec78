// DATA_DIR/keting.pid: written by the server when it starts, removed when it stops, so that a restore (or anything
// else that must not run beside the server) can tell whether a live process is using the data folder.
import fs from 'node:fs';
import path from 'node:path';

export const PID_FILE = 'keting.pid';

export function writePidFile(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, PID_FILE), `${process.pid}\n`);
}

/** Removes the pid file if it is this process's (a newer server on the same folder keeps its own). */
export function removePidFile(dataDir: string): void {
  const file = path.join(dataDir, PID_FILE);
  try {
    if (Number(fs.readFileSync(file, 'utf8').trim()) === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // no pid file: nothing to remove
  }
}

/** Whether a process with this id is alive (EPERM: alive, but another user's). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The id of a live server using this data folder, from its pid file; undefined when none (or a stale file). */
export function runningServerPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return isAlive(pid) ? pid : undefined;
}
