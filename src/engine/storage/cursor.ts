/** Opaque pagination cursors for the execution list (newest first: creation time, then ID). */
import { InvalidArgument, type ExecutionId } from '../concepts/index.js';

export interface ListPosition {
  readonly createdAt: number;
  readonly executionId: ExecutionId;
}

/** Encodes the last row of a page as an opaque string. */
export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.executionId]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeListCursor}; throws `InvalidArgument` for anything else. */
export function decodeListCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidArgument(`invalid cursor ${JSON.stringify(cursor)}`, { cause });
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') {
    throw new InvalidArgument(`invalid cursor ${JSON.stringify(cursor)}`);
  }
  return { createdAt: parsed[0], executionId: parsed[1] as ExecutionId };
}
