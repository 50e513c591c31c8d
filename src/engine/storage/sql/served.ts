/**
 * Which process serves which component versions (`t_served_digest`). Each process announces the
 * digests it has loaded, with a time until which the announcement holds, and renews it while it
 * runs; `lockPending` with `servedDigests` then leaves an execution to the processes that have its
 * digest while any of them is alive, and lets anyone take it when none is.
 */
import { run, type Sql } from './query.js';

/** Announcements that ran out this long ago are deleted (whoever announced them is gone). */
const FORGET_AFTER_MS = 60_000;

/** Replaces `processId`'s announcement with `digests`, valid until `aliveUntil`; drops long-expired ones. */
export function* announceServedDigests(
  processId: string,
  digests: readonly string[],
  aliveUntil: number,
  now: number,
): Sql<void> {
  yield run('DELETE FROM t_served_digest WHERE process_id = :process_id OR alive_until < :forget_before', {
    process_id: processId,
    forget_before: now - FORGET_AFTER_MS,
  });
  for (const digest of new Set(digests)) {
    yield run(
      'INSERT INTO t_served_digest (process_id, component_digest, alive_until) VALUES (:process_id, :digest, :alive_until)',
      { process_id: processId, digest, alive_until: aliveUntil },
    );
  }
}

/** Withdraws `processId`'s announcement (it stops serving). */
export function* withdrawServedDigests(processId: string): Sql<void> {
  yield run('DELETE FROM t_served_digest WHERE process_id = :process_id', { process_id: processId });
}

/**
 * `AND (component_digest IN (:d0, ...) OR no live process serves it)`: the filter `lockPending`
 * adds for a process that has `digests`.
 */
export function byServedDigests(digests: readonly string[], params: Record<string, string | number>): string {
  digests.forEach((digest, i) => (params[`d${i}`] = digest));
  const mine = digests.length === 0 ? '' : `component_digest IN (${digests.map((_, i) => `:d${i}`).join(', ')}) OR `;
  return `AND (${mine}NOT EXISTS (SELECT 1 FROM t_served_digest s WHERE s.component_digest = t_execution.component_digest AND s.alive_until > :now))`;
}
