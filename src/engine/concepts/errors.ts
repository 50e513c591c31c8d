/**
 * Engine errors. Each carries a stable string `code` (from {@link EngineErrorCode})
 * and says whether retrying the same call may succeed (`retriable`):
 *
 * - retriable: the storage faults {@link StorageBusy} (the database was locked by another
 *   writer for longer than the busy timeout) and {@link StorageFailure} (full disk, I/O error,
 *   lost connection). They say nothing about the execution: the executor never records them
 *   as an outcome, it unlocks the execution (or leaves its lock to expire) and tries again.
 * - terminal: everything else. {@link VersionConflict} is terminal for the call as issued:
 *   the caller's view is stale, so it must re-read the execution before deciding again
 *   (an executor that gets it for its own run has lost the execution and stops).
 */

import { CodedError, type CodedErrorJson, type CodedErrorOptions } from './coded-error.js';
import { ECHO_PREFIX_LENGTH, echo } from './echo.js';

/** Stable error codes of the engine, shown by the API and `--json`. */
export const EngineErrorCode = {
  versionConflict: 'version-conflict',
  notFound: 'not-found',
  conflict: 'conflict',
  invalidState: 'invalid-state',
  invalidArgument: 'invalid-argument',
  invalidId: 'invalid-id',
  invalidFfqn: 'invalid-ffqn',
  schemaTooNew: 'schema-too-new',
  storageBusy: 'storage-busy',
  storageFailure: 'storage-failure',
} as const;
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

export type EngineErrorOptions = CodedErrorOptions;

/** The JSON shape of an engine error. */
export interface EngineErrorJson extends CodedErrorJson {
  readonly code: EngineErrorCode;
}

/** Base class of every engine error: a {@link CodedError} with a code of {@link EngineErrorCode}. */
export abstract class EngineError extends CodedError {
  abstract override readonly code: EngineErrorCode;
  /** True when the same call may succeed if simply tried again later. */
  abstract readonly retriable: boolean;

  override toJSON(): EngineErrorJson {
    return { ...super.toJSON(), code: this.code };
  }
}

/** An append carried an expected version that is not the execution's current version. Nothing was written. */
export class VersionConflict extends EngineError {
  override name = 'VersionConflict';
  readonly code = EngineErrorCode.versionConflict;
  readonly retriable = false;

  constructor(
    readonly executionId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      `version conflict on ${executionId}: expected version ${expectedVersion}, but it is at version ${actualVersion}`,
    );
  }
}

/** The execution, delay or other entity does not exist. */
export class NotFound extends EngineError {
  override name = 'NotFound';
  readonly code = EngineErrorCode.notFound;
  readonly retriable = false;

  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} not found: ${id.length > ECHO_PREFIX_LENGTH ? echo(id) : id}`);
  }
}

/** The request contradicts what is stored (e.g. the same execution ID with different parameters). */
export class Conflict extends EngineError {
  override name = 'Conflict';
  readonly code = EngineErrorCode.conflict;
  readonly retriable = false;
}

/** The operation is not allowed in the execution's current state (e.g. locking a finished execution). */
export class InvalidState extends EngineError {
  override name = 'InvalidState';
  readonly code = EngineErrorCode.invalidState;
  readonly retriable = false;
}

/** An argument is malformed (bad cursor, limit out of range, ...). */
export class InvalidArgument extends EngineError {
  override name = 'InvalidArgument';
  readonly code = EngineErrorCode.invalidArgument;
  readonly retriable = false;
}

/** A prefixed ID did not parse. */
export class InvalidId extends EngineError {
  override name = 'InvalidId';
  readonly code = EngineErrorCode.invalidId;
  readonly retriable = false;

  constructor(
    readonly kind: string,
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid ${kind} ${echo(input)}: ${reason}`);
  }
}

/** A function name (FFQN) did not parse. */
export class InvalidFfqn extends EngineError {
  override name = 'InvalidFfqn';
  readonly code = EngineErrorCode.invalidFfqn;
  readonly retriable = false;

  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid function name ${echo(input)}: ${reason}`, {
      hint: 'expected namespace:package/interface.function, optionally with @version after the interface',
    });
  }
}

/** The database was written by a newer obelisk: its schema version is higher than this code knows. */
export class SchemaTooNew extends EngineError {
  override name = 'SchemaTooNew';
  readonly code = EngineErrorCode.schemaTooNew;
  readonly retriable = false;

  constructor(
    readonly location: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `the database ${location} has schema version ${found}, but this obelisk supports schema versions up to ${supported}`,
      { hint: 'upgrade obelisk to a version that knows this schema, or point it at a different database file' },
    );
  }
}

/** The database stayed locked by another writer for longer than the busy timeout. Retry later. */
export class StorageBusy extends EngineError {
  override name = 'StorageBusy';
  readonly code = EngineErrorCode.storageBusy;
  readonly retriable = true;
}

/** Any other failure of the database layer (full disk, I/O error, damaged file, lost connection). */
export class StorageFailure extends EngineError {
  override name = 'StorageFailure';
  readonly code = EngineErrorCode.storageFailure;
  readonly retriable = true;
}

/**
 * True for engine errors that say the same call may succeed later: the storage faults.
 * A store that cannot classify a driver error reports it as {@link StorageFailure}.
 */
export function isRetriable(error: unknown): boolean {
  return error instanceof EngineError && error.retriable;
}
