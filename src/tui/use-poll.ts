/** Polling the API: load now, then every `intervalMs`, reporting whether the server was reached. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiUnreachableError } from '../client/index.js';
import { useTui } from './context.js';

export interface Poll<T> {
  readonly data: T | null;
  readonly error: string | null;
  /** Loads again now. */
  readonly refresh: () => void;
}

/**
 * Runs `step` now, and again `intervalMs` after each run has ended, until the returned function
 * stops it (an effect's clean-up). `step` must not throw; `stopped()` says whether it was stopped meanwhile.
 */
export function repeatEvery(intervalMs: number, step: (stopped: () => boolean) => Promise<void>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async (): Promise<void> => {
    await step(() => stopped);
    if (!stopped) {
      timer = setTimeout(() => void run(), intervalMs);
    }
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function usePoll<T>(load: () => Promise<T>, intervalMs: number, deps: readonly unknown[]): Poll<T> {
  const { reached } = useTui();
  const key = JSON.stringify(deps);
  const [loaded, setLoaded] = useState<{ key: string; data: T | null; error: string | null }>({
    key,
    data: null,
    error: null,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const setData = (data: T): void => setLoaded({ key, data, error: null });
  const setError = (error: string): void =>
    setLoaded((old) => ({ key, data: old.key === key ? old.data : null, error }));
  useEffect(
    () =>
      repeatEvery(intervalMs, async (stopped) => {
        try {
          const value = await loadRef.current();
          if (!stopped()) {
            setData(value);
            reached(true);
          }
        } catch (caught: unknown) {
          if (!stopped()) {
            reached(!(caught instanceof ApiUnreachableError));
            setError(caught instanceof Error ? caught.message : String(caught));
          }
        }
      }),
    [...deps, tick, intervalMs],
  );
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  // What was loaded for other deps (the previous page, another execution) is never shown.
  return loaded.key === key
    ? { data: loaded.data, error: loaded.error, refresh }
    : { data: null, error: null, refresh };
}
