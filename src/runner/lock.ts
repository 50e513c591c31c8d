/**
 * One `obelisk dev` per data folder: a lock file holding the owner's PID, created exclusively.
 * A lock left by a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';

export interface DataLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
}

/** Locks `dataDir` for this process; throws a `UserError` naming the other process when it is taken. */
export function lockDataDir(dataDir: string, what: string): DataLock {
  const path = join(dataDir, 'obelisk.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path)) {
      return { release: () => rmSync(path, { force: true }) };
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      // removed meanwhile: try again
    }
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new UserError(
        ErrorCode.conflict,
        `another ${what} (process ${owner}) is already using the data folder ${dataDir}`,
        {
          hint: `stop it first, or use another folder (run from another directory, or pass --data-dir)`,
        },
      );
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
  throw new UserError(ErrorCode.conflict, `could not lock the data folder ${dataDir}`, {
    hint: `remove ${path} if no obelisk process is running`,
  });
}
