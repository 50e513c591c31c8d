/** The lock keep-alive against a scripted store: it reads the attempt's version and never writes it. */
import { describe, expect, test, vi } from 'vitest';
import { SimClock, VersionConflict } from '../../../src/engine/index.js';
import { keepLockAlive, type KeepAliveOptions } from '../../../src/engine/executor/keepalive.js';
import { silentLogger, StorageFaults, type VersionBox } from '../../../src/engine/executor/index.js';
import type { ExecutorStore, LockedExecution } from '../../../src/engine/storage/index.js';

const LOCK_EXPIRY_MS = 1000;

/** A store holding one execution locked by `run-1`, at `version`. */
function scriptedStore(version: number): {
  store: ExecutorStore;
  stored: { version: number; runId: string; cancelRequested: boolean };
  extendedAt: number[];
} {
  const stored = { version, runId: 'run-1', cancelRequested: false };
  const extendedAt: number[] = [];
  const store = {
    extendLock: (request: { version: number }) => {
      extendedAt.push(request.version);
      return request.version === stored.version
        ? Promise.resolve()
        : Promise.reject(new VersionConflict('E_1', request.version, stored.version));
    },
    getExecution: () =>
      Promise.resolve({
        version: stored.version,
        cancelRequested: stored.cancelRequested,
        state: { type: 'locked', runId: stored.runId },
      }),
  } as unknown as ExecutorStore;
  return { store, stored, extendedAt };
}

function start(store: ExecutorStore, version: VersionBox) {
  const clock = new SimClock(0);
  const attempt = new AbortController();
  const done = new AbortController();
  const options: KeepAliveOptions = {
    store,
    clock,
    lockExpiryMs: LOCK_EXPIRY_MS,
    logger: silentLogger,
    faults: new StorageFaults(silentLogger, clock),
  };
  const locked = { executionId: 'E_1', runId: 'run-1' } as unknown as LockedExecution;
  const running = keepLockAlive(locked, version, attempt, done.signal, options);
  return { clock, attempt, done, running };
}

describe('lock keep-alive', () => {
  test('meeting the worker’s own append, it extends at the stored version and leaves the version to the worker', async () => {
    const { store, stored, extendedAt } = scriptedStore(4);
    // The worker's append reached the store (version 4) but has not written the box yet.
    const version: VersionBox = { value: 3 };
    const { clock, attempt, done, running } = start(store, version);
    clock.advance(LOCK_EXPIRY_MS / 2);
    await vi.waitFor(() => expect(extendedAt).toEqual([3, 4]));
    expect(version.value).toBe(3);
    // The worker's next append: stored, then written to the box by the worker.
    stored.version = 5;
    version.value = 5;
    clock.advance(LOCK_EXPIRY_MS / 2);
    await vi.waitFor(() => expect(extendedAt).toEqual([3, 4, 5]));
    done.abort();
    await running;
    expect(attempt.signal.aborted).toBe(false);
    expect(version.value).toBe(5);
  });

  test('a lock taken by another run aborts the attempt as lock-lost', async () => {
    const { store, stored } = scriptedStore(7);
    stored.runId = 'run-2';
    const { clock, attempt, running } = start(store, { value: 6 });
    clock.advance(LOCK_EXPIRY_MS / 2);
    await running;
    expect(attempt.signal.reason).toBe('lock-lost');
  });

  test('a cancel request aborts the attempt as cancel', async () => {
    const { store, stored } = scriptedStore(7);
    stored.cancelRequested = true;
    const { clock, attempt, running } = start(store, { value: 6 });
    clock.advance(LOCK_EXPIRY_MS / 2);
    await running;
    expect(attempt.signal.reason).toBe('cancel');
  });
});
