/**
 * Join set IDs: `o:<n>` (one-off, made for a direct call), `g:<n>` (generated)
 * and `n:<name>` (named by the workflow; names use letters, digits, `-` and `/`).
 */
import type { Brand } from './brand.js';
import { InvalidId } from './errors.js';

/** A parsed join set ID. */
export type JoinSetId = Brand<string, 'JoinSetId'>;

/** The three kinds of join set, by their one-letter prefix. */
export const JoinSetKind = { oneOff: 'o', generated: 'g', named: 'n' } as const;
export type JoinSetKind = (typeof JoinSetKind)[keyof typeof JoinSetKind];

/** Source of a regular expression matching one join set ID (no anchors). */
export const JOIN_SET_ID_PATTERN = '(?:[og]:(?:0|[1-9][0-9]*)|n:[A-Za-z0-9/-]+)';

const JOIN_SET_ID_RE = new RegExp(`^${JOIN_SET_ID_PATTERN}$`);
const NAME_RE = /^[A-Za-z0-9/-]+$/;

function fromCounter(kind: 'o' | 'g', n: number): JoinSetId {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidId('join set ID', `${kind}:${n}`, 'the number must be a non-negative integer');
  }
  return `${kind}:${n}` as JoinSetId;
}

/** Functions that make and parse {@link JoinSetId}s. */
export const JoinSetId = {
  /** `o:<n>`: the join set of a direct (blocking) call. */
  oneOff: (n: number): JoinSetId => fromCounter('o', n),
  /** `g:<n>`: a join set created without a name. */
  generated: (n: number): JoinSetId => fromCounter('g', n),
  /** `n:<name>`: a named join set. Throws {@link InvalidId} for an invalid name. */
  named(name: string): JoinSetId {
    if (!NAME_RE.test(name)) {
      throw new InvalidId('join set name', name, 'use only letters, digits, "-" and "/", at least one character');
    }
    return `n:${name}` as JoinSetId;
  },
  /** Parses `o:<n>`, `g:<n>` or `n:<name>`; throws {@link InvalidId}. */
  parse(text: string): JoinSetId {
    if (!JOIN_SET_ID_RE.test(text)) {
      throw new InvalidId(
        'join set ID',
        text,
        'expected o:<number>, g:<number> or n:<name> (name: letters, digits, "-", "/")',
      );
    }
    return text as JoinSetId;
  },
  /** The kind prefix of a join set ID. */
  kind: (id: JoinSetId): JoinSetKind => id.charAt(0) as JoinSetKind,
  /** The part after the `:`. */
  name: (id: JoinSetId): string => id.slice(2),
};
