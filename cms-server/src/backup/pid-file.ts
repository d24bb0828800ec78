// DATA_DIR/keting.pid: each server adds its line when it starts and takes it off when it stops (the file goes with
// the last), so that a restore (or anything else that must not run beside a server) can tell whether a live process
// is using the data folder — one server or several sharing it.
import fs from 'node:fs';
import path from 'node:path';

export const PID_FILE = 'keting.pid';

/**
 * Adds this process to the pid file: one line per server, as several CMS processes may share one data folder
 * (they share its database and media). Appended (O_APPEND: a line written at once), so two servers starting
 * together both stay listed; lines of processes that are gone are dropped when a server stops.
 */
export function writePidFile(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.appendFileSync(path.join(dataDir, PID_FILE), `${process.pid}\n`);
}

function listedPids(file: string): number[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
}

/**
 * Takes this process off the pid file, and any process that is gone; the file goes when no live server is left
 * (another server on the same folder keeps its line).
 */
export function removePidFile(dataDir: string): void {
  const file = path.join(dataDir, PID_FILE);
  const pids = listedPids(file);
  if (!pids.includes(process.pid)) return;
  const others = [...new Set(pids.filter((p) => p !== process.pid && isAlive(p)))];
  try {
    if (others.length === 0) fs.rmSync(file, { force: true });
    else {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, others.map((p) => `${p}\n`).join(''));
      fs.renameSync(tmp, file);
    }
  } catch {
    // the folder went away: nothing to remove
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

/** The id of a live server using this data folder, from its pid file; undefined when none (or only stale lines). */
export function runningServerPid(dataDir: string): number | undefined {
  return listedPids(path.join(dataDir, PID_FILE)).find((pid) => isAlive(pid));
}
