/**
 * Bounds on the strings a caller hands the engine (FFQN, execution ID, queue), checked where
 * they enter (`engine.submit`, the HTTP API).
 */
import { echo } from './echo.js';
import { InvalidArgument } from './errors.js';

/** Longest FFQN accepted (characters). */
export const MAX_FFQN_LENGTH = 512;
/** Longest execution ID accepted from a caller (a top-level ID has 28 characters; derived ones grow per level). */
export const MAX_EXECUTION_ID_LENGTH = 512;
/** Longest queue name. */
export const MAX_QUEUE_LENGTH = 128;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `text` holds a C0/C1 control character (`\u0000`, a newline, `\u007f`, ...). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_RE.test(text);
}

/** Throws {@link InvalidArgument} when `value` is longer than `max` or holds a control character. */
export function checkBoundedText(what: string, value: string, max: number): void {
  if (value.length > max) {
    throw new InvalidArgument(`${what} ${echo(value)} is longer than ${max} characters`);
  }
  if (hasControlCharacter(value)) {
    throw new InvalidArgument(`${what} ${echo(value)} contains a control character`);
  }
}
