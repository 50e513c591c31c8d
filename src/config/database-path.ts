/**
 * Checks that a libSQL database path can be used before anything opens it: the file, when it
 * exists, is a regular file that can be opened for writing; otherwise its folder (or the nearest
 * folder above it that exists, since obelisk creates the missing ones) lets files be created.
 * Used by `server verify` and before `dev` / `server run` open the database, so that a folder or a
 * read-only path is reported with its key instead of the driver's `ConnectionFailed(...: 14)`.
 */
import { closeSync, openSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';

/** The key of the libSQL database file in `obelisk.toml`. */
export const DATABASE_KEY = 'database.sqlite.file';

/** What is wrong with a database path, and what to do; `null` when it can be used. */
export interface DatabasePathProblem {
  /** `/data/obelisk.sqlite is a folder, not a database file`. */
  readonly message: string;
  readonly hint: string;
}

/**
 * Checks `file`; `key` names the setting the path comes from, for hints (`database.sqlite.file`;
 * `null` when no setting chooses it, as for `dev`'s `.obelisk/obelisk.sqlite`).
 * Creates nothing that stays: a probe file in the folder is removed at once.
 */
export function checkDatabasePath(file: string, key: string | null): DatabasePathProblem | null {
  const or = (what: string): string => (key === null ? '' : `, or point ${key} at ${what}`);
  const stats = statOf(file);
  if (stats !== null) {
    if (stats.isDirectory()) {
      return {
        message: `the database path ${file} is a folder, not a database file`,
        hint:
          key === null
            ? `move the folder ${file} away: the database is kept in a file of that name`
            : `point ${key} at a file, e.g. ${join(file, 'obelisk.sqlite')}`,
      };
    }
    if (!stats.isFile()) {
      return {
        message: `the database path ${file} is not a regular file`,
        hint: `remove ${file}${or('a regular file')}`,
      };
    }
    return attempt(
      () => closeSync(openSync(file, 'r+')),
      (code) => ({
        message: `the database file ${file} cannot be opened for writing (${code})`,
        hint: `give this user write access to ${file}${or('another file')}`,
      }),
    );
  }
  const folder = nearestExisting(dirname(file));
  if (!folder.stats.isDirectory()) {
    return {
      message: `the database path ${file} lies under ${folder.path}, which is a file, not a folder`,
      hint: `move the file ${folder.path} away${or('a file in a folder')}`,
    };
  }
  const probe = join(folder.path, `.obelisk-write-check-${process.pid}`);
  return attempt(
    () => {
      closeSync(openSync(probe, 'wx'));
      rmSync(probe, { force: true });
    },
    (code) => ({
      message: `the database file ${file} cannot be created: the folder ${folder.path} is not writable (${code})`,
      hint: `give this user write access to ${folder.path}${or('a file in a writable folder')}`,
    }),
  );
}

function attempt(action: () => void, problem: (code: string) => DatabasePathProblem): DatabasePathProblem | null {
  try {
    action();
    return null;
  } catch (error: unknown) {
    return problem((error as NodeJS.ErrnoException).code ?? String(error));
  }
}

function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The nearest existing path at or above `folder` (the root always exists). */
function nearestExisting(folder: string): { path: string; stats: Stats } {
  for (let path = folder; ; path = dirname(path)) {
    const stats = statOf(path);
    if (stats !== null || dirname(path) === path) {
      return { path, stats: stats ?? statSync(path) };
    }
  }
}
