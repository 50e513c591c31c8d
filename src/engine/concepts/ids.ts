/**
 * Prefixed, ULID-based IDs, parsed once into branded types:
 * `E_<ulid>` top-level executions, derived (child) executions
 * `E_<ulid>.<join-set-id>_<n>` (nested with further `.<join-set-id>_<n>`),
 * `Delay_<ulid>` (optionally derived the same way), `Run_<ulid>` and `Exr_<ulid>`.
 * Component digests (`sha256:<hex>`) are branded too.
 */
import type { Brand } from './brand.js';
import type { Clock } from './clock.js';
import { InvalidId } from './errors.js';
import { JOIN_SET_ID_PATTERN, type JoinSetId } from './join-set-id.js';
import { ULID_PATTERN, UlidGenerator } from './ulid.js';

export type ExecutionId = Brand<string, 'ExecutionId'>;
export type DelayId = Brand<string, 'DelayId'>;
export type RunId = Brand<string, 'RunId'>;
export type ExecutorId = Brand<string, 'ExecutorId'>;
/** A component's content digest, `sha256:<64 lowercase hex digits>`. */
export type ComponentDigest = Brand<string, 'ComponentDigest'>;

/** One step of a derived ID: the join set in the parent and the child's index in it. */
export interface DerivedStep {
  readonly joinSetId: JoinSetId;
  readonly index: number;
}

/** A derived ID's parent, and where in the parent it was made. */
export interface ParentLink {
  readonly parentId: ExecutionId;
  readonly joinSetId: JoinSetId;
  readonly index: number;
}

const STEP = `\\.(${JOIN_SET_ID_PATTERN})_(0|[1-9][0-9]*)`;
const STEP_RE = new RegExp(STEP, 'g');
const EXECUTION_RE = new RegExp(`^E_${ULID_PATTERN}(?:${STEP})*$`);
const DELAY_RE = new RegExp(`^Delay_${ULID_PATTERN}(?:${STEP})*$`);
const RUN_RE = new RegExp(`^Run_${ULID_PATTERN}$`);
const EXECUTOR_RE = new RegExp(`^Exr_${ULID_PATTERN}$`);
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
const TOP_LEVEL_LEN = 'E_'.length + 26;

/** The process-wide ULID generator used when none is passed. */
export const defaultUlids = new UlidGenerator();

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidId('derived ID index', String(index), 'must be a non-negative integer');
  }
}

function parseWith<T>(re: RegExp, kind: string, expected: string, text: string): T {
  if (!re.test(text)) {
    throw new InvalidId(kind, text, `expected ${expected}`);
  }
  return text as T;
}

/** Functions that make and parse {@link ExecutionId}s. */
export const ExecutionId = {
  /** A new top-level ID `E_<ulid>` for the clock's current time. */
  generate: (clock: Clock, ulids: UlidGenerator = defaultUlids): ExecutionId =>
    `E_${ulids.next(clock.now())}` as ExecutionId,
  /** Parses a top-level or derived execution ID; throws {@link InvalidId}. */
  parse: (text: string): ExecutionId =>
    parseWith<ExecutionId>(EXECUTION_RE, 'execution ID', 'E_<ulid> or E_<ulid>.<join-set-id>_<n>', text),
  /** The ID of the `index`-th child made in join set `joinSetId` of `parent`. */
  derive(parent: ExecutionId, joinSetId: JoinSetId, index: number): ExecutionId {
    checkIndex(index);
    return `${parent}.${joinSetId}_${index}` as ExecutionId;
  },
  /** True for `E_<ulid>` (no parent). */
  isTopLevel: (id: ExecutionId): boolean => id.length === TOP_LEVEL_LEN,
  /** The top-level ancestor's ID (the ID itself when top-level). */
  topLevelOf: (id: ExecutionId): ExecutionId => id.slice(0, TOP_LEVEL_LEN) as ExecutionId,
  /** The parent link of a derived ID, `null` for a top-level one. */
  parentOf(id: ExecutionId): ParentLink | null {
    const steps = derivedSteps(id);
    const last = steps.at(-1);
    if (last === undefined) {
      return null;
    }
    const suffix = `.${last.joinSetId}_${last.index}`;
    return {
      parentId: id.slice(0, id.length - suffix.length) as ExecutionId,
      joinSetId: last.joinSetId,
      index: last.index,
    };
  },
  /** The `.<join-set-id>_<n>` steps of a derived ID, outermost first (empty for top-level). */
  steps: (id: ExecutionId): readonly DerivedStep[] => derivedSteps(id),
};

function derivedSteps(id: string): DerivedStep[] {
  const steps: DerivedStep[] = [];
  for (const match of id.matchAll(STEP_RE)) {
    steps.push({ joinSetId: match[1] as JoinSetId, index: Number(match[2]) });
  }
  return steps;
}

/** Functions that make and parse {@link DelayId}s. */
export const DelayId = {
  /** A new random delay ID `Delay_<ulid>`. */
  generate: (clock: Clock, ulids: UlidGenerator = defaultUlids): DelayId =>
    `Delay_${ulids.next(clock.now())}` as DelayId,
  /**
   * A deterministic delay ID for the `index`-th request in join set `joinSetId` of
   * `execution`: `Delay_<execution id without E_>.<join-set-id>_<index>`.
   */
  derive(execution: ExecutionId, joinSetId: JoinSetId, index: number): DelayId {
    checkIndex(index);
    return `Delay_${execution.slice(2)}.${joinSetId}_${index}` as DelayId;
  },
  /** Parses a delay ID; throws {@link InvalidId}. */
  parse: (text: string): DelayId => parseWith<DelayId>(DELAY_RE, 'delay ID', 'Delay_<ulid>', text),
};

/** Functions that make and parse {@link RunId}s (one per attempt of an execution). */
export const RunId = {
  generate: (clock: Clock, ulids: UlidGenerator = defaultUlids): RunId => `Run_${ulids.next(clock.now())}` as RunId,
  parse: (text: string): RunId => parseWith<RunId>(RUN_RE, 'run ID', 'Run_<ulid>', text),
};

/** Functions that make and parse {@link ExecutorId}s. */
export const ExecutorId = {
  generate: (clock: Clock, ulids: UlidGenerator = defaultUlids): ExecutorId =>
    `Exr_${ulids.next(clock.now())}` as ExecutorId,
  parse: (text: string): ExecutorId => parseWith<ExecutorId>(EXECUTOR_RE, 'executor ID', 'Exr_<ulid>', text),
};

/** Parses component digests `sha256:<64 lowercase hex digits>`. */
export const ComponentDigest = {
  parse: (text: string): ComponentDigest =>
    parseWith<ComponentDigest>(DIGEST_RE, 'component digest', 'sha256:<64 lowercase hex digits>', text),
};
