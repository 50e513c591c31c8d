/**
 * Durable commits without blocking the event loop. With `synchronous = full` the connection
 * runs SQLite's `synchronous = NORMAL`, so a COMMIT writes its WAL frames to the file but does not
 * wait for the disk; this class then makes them durable with `fdatasync` of the WAL file on
 * libuv's thread pool. One sync is in flight at a time and covers every commit made before it
 * started; the commits made meanwhile share the next one. A commit's waiters are told only after
 * a sync that covers it, so nothing is reported durable before it is on disk, while the event loop
 * goes on preparing the next batch.
 *
 * Why a prefix survives a power loss: the WAL is written in order and each frame carries a
 * checksum chained to the frames before it; recovery stops at the first frame that does not
 * match. SQLite itself syncs the WAL before a checkpoint and the database file after it.
 */
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

interface Waiter {
  readonly done: () => void;
  readonly failed: (error: Error) => void;
}

export class WalSync {
  readonly #walPath: string;
  #fd: number | null = null;
  #inFlight = false;
  #closed = false;
  /** Waiters for the next sync (registered after the one in flight started). */
  #due: Waiter[] = [];
  /** Waiters of the sync in flight. */
  #round: Waiter[] = [];
  /** A commit was made since the last sync started. */
  #dirty = false;
  #syncs = 0;

  constructor(walPath: string) {
    this.#walPath = walPath;
  }

  /** Syncs completed so far (for tests and diagnostics). */
  get syncs(): number {
    return this.#syncs;
  }

  /** Calls `done` once every commit made so far is on disk, or `failed` if the sync failed. */
  after(done: () => void, failed: (error: Error) => void): void {
    this.#dirty = true;
    this.#due.push({ done, failed });
    if (!this.#inFlight) {
      this.#start();
    }
  }

  /** Calls `done` once the commits made so far are on disk (or their sync failed): at once when they are. */
  whenSynced(done: () => void): void {
    if (this.#dirty) {
      this.#due.push({ done, failed: done });
    } else if (this.#inFlight) {
      this.#round.push({ done, failed: done });
    } else {
      done();
    }
  }

  /** Syncs now, on this thread: for a synchronous write, and at close. */
  syncNow(): void {
    this.#dirty = false;
    fdatasyncSync(this.#open());
    this.#syncs += 1;
    const due = this.#due;
    this.#due = [];
    due.forEach((waiter) => waiter.done());
  }

  /** Closes the file once no sync is in flight (waiters still due are synced first). */
  close(): void {
    if (this.#due.length > 0 || this.#inFlight) {
      this.syncNow();
    }
    this.#closed = true;
    if (!this.#inFlight) {
      this.#closeFile();
    }
  }

  #start(): void {
    const round = this.#due;
    this.#due = [];
    this.#dirty = false;
    this.#round = round;
    let fd: number;
    try {
      fd = this.#open();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      round.forEach((waiter) => waiter.failed(failure));
      return;
    }
    this.#inFlight = true;
    fdatasync(fd, (error) => {
      this.#inFlight = false;
      if (error === null) {
        this.#syncs += 1;
        round.forEach((waiter) => waiter.done());
      } else {
        round.forEach((waiter) => waiter.failed(error));
      }
      if (this.#closed) {
        this.#closeFile();
      } else if (this.#due.length > 0) {
        this.#start();
      }
    });
  }

  /**
   * The WAL file stays the same file while the connection is open (SQLite removes it only at the
   * last close). Its folder is synced once, so that the file's own entry survives a power loss.
   */
  #open(): number {
    if (this.#fd === null) {
      this.#fd = openSync(this.#walPath, 'r');
      const folder = openSync(dirname(this.#walPath), 'r');
      try {
        fsyncSync(folder);
      } finally {
        closeSync(folder);
      }
    }
    return this.#fd;
  }

  #closeFile(): void {
    if (this.#fd !== null) {
      closeSync(this.#fd);
      this.#fd = null;
    }
  }
}
