/**
 * Lock files holding the owner's PID, created exclusively: one `obelisk dev` per data folder,
 * and one writing process (`dev`, `server run`) per libSQL database file. A lock left by a
 * process that no longer runs is taken over.
 */
import { closeSync, existsSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
  return acquire(
    join(dataDir, 'obelisk.lock'),
    `the data folder ${dataDir}`,
    (owner) =>
      new UserError(
        ErrorCode.conflict,
        `another ${what} (process ${owner}) is already using the data folder ${dataDir}`,
        {
          hint: `stop it first, or use another folder (run from another directory, or pass --data-dir)`,
        },
      ),
  );
}

/**
 * Locks a libSQL database file for this process, the only writer. The lock is taken on the
 * file's real path (symlinks and `..` resolved), as `<real path>.lock` beside it, so two names
 * of one file are one lock. Throws a `UserError` naming the process that holds it.
 */
export function lockDatabaseFile(file: string, what: string): DataLock {
  const real = realDatabasePath(file);
  return acquire(
    `${real}.lock`,
    `the database ${real}`,
    (owner) =>
      new UserError(
        ErrorCode.conflict,
        `another obelisk process (${owner}) is already writing to the database ${real}; this ${what} would be a second writer`,
        { hint: `stop process ${owner} first, or point database.sqlite.file at another file` },
      ),
  );
}

/** The file's real path; for a file not created yet, its folder's real path and its name. */
export function realDatabasePath(file: string): string {
  if (existsSync(file)) {
    return realpathSync(file);
  }
  return join(realpathSync(dirname(file)), basename(file));
}

function acquire(path: string, what: string, taken: (owner: number) => UserError): DataLock {
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
      throw taken(owner);
    }
    rmSync(path, { force: true }); // stale: its process is gone
  }
  throw new UserError(ErrorCode.conflict, `could not lock ${what}`, {
    hint: `remove ${path} if no obelisk process is running`,
  });
}
