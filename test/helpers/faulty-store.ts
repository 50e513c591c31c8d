/**
 * A store wrapper that injects a storage fault: it counts the calls that concern an execution
 * (those that name an execution ID) and makes the `failAt`-th one throw a `StorageFailure`
 * without reaching the store, as a full disk would. Calls that name no execution (polling for
 * pending work, the watcher's scans) pass through uncounted.
 */
import { StorageFailure, type Store } from '../../src/engine/index.js';

export interface FaultyStore {
  readonly store: Store;
  /** Starts counting again: the `failAt`-th counted call from now on fails (0: none). */
  arm(failAt: number): void;
  /** While set, every counted call fails (a disk that stays full). */
  full: boolean;
  /** The counted calls since {@link arm}, as method names. */
  readonly calls: () => readonly string[];
  /** The method whose call failed since {@link arm}, or `null`. */
  readonly failed: () => string | null;
}

/** Store methods whose calls are counted (each names an execution). */
const COUNTED = new Set([
  'getExecution',
  'getEvents',
  'getResponses',
  'extendLock',
  'unlock',
  'finish',
  'appendEvent',
  'appendWorkflowStep',
  'waitForResponse',
  'appendLogs',
  'cancelDelay',
  'requestCancel',
]);

export function faultyStore(inner: Store): FaultyStore {
  let calls: string[] = [];
  let failAt = 0;
  let failed: string | null = null;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function' || !COUNTED.has(property)) {
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (...args: unknown[]): unknown => {
        calls.push(property);
        if (calls.length === failAt || handle.full) {
          failed = property;
          return Promise.reject(
            new StorageFailure(`database error SQLITE_FULL on test.sqlite: database or disk is full (injected)`, {
              hint: 'free space on the disk that holds test.sqlite',
            }),
          );
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const handle: FaultyStore = {
    store,
    full: false,
    arm(n) {
      calls = [];
      failAt = n;
      failed = null;
    },
    calls: () => calls,
    failed: () => failed,
  };
  return handle;
}
