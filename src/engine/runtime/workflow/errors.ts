/**
 * Errors a workflow host function throws to unwind the guest. Both are host-owned `Error`
 * subclasses WITHOUT a `payload` property: jco's glue turns a thrown value that has a
 * `payload` into the guest's `err` of a `result`-returning import, so these pass through
 * the guest instead, and no guest `try/catch` can swallow them. The instance is dead
 * afterwards and is discarded.
 */

/** The run stops here; the execution is persisted (blocked or unlocked) and will be replayed. */
export class WorkflowSuspended extends Error {
  override name = 'WorkflowSuspended';

  constructor(readonly reason: string) {
    super(`workflow suspended: ${reason}`);
  }
}

/** What a replay found when the code asked for something other than what was recorded. */
export interface NondeterminismReport {
  /** The version (index in the event log) of the recorded event that did not match, or `null` after the end. */
  readonly eventIndex: number | null;
  /** The recorded event, described. */
  readonly recorded: string;
  /** What the code asked for, described. */
  readonly requested: string;
}

/** The code did not do what the event log says it did. */
export class NondeterminismDetected extends Error {
  override name = 'NondeterminismDetected';

  constructor(readonly report: NondeterminismReport) {
    super(formatReport(report));
  }
}

export function formatReport(report: NondeterminismReport): string {
  const where = report.eventIndex === null ? 'after the last recorded event' : `at event ${report.eventIndex}`;
  return `nondeterminism detected ${where}: recorded ${report.recorded}, but the code asked for ${report.requested}`;
}

/** A trap raised by the host on the guest's behalf (e.g. a value of the wrong type). */
export class WorkflowTrap extends Error {
  override name = 'WorkflowTrap';
}
