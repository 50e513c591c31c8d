/**
 * `useInput` with a handler that always sees the latest render: Ink registers handlers in an
 * effect, which runs after the frame is drawn, so a key pressed right after a redraw would
 * otherwise reach the handler of the previous render (e.g. one without the rows now shown).
 */
import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

export function useKeys(handler: (input: string, key: Key) => void, options: { isActive: boolean }): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => latest.current(input, key), []);
  useInput(stable, options);
}
