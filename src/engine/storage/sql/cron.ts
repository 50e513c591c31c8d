/** The durable state of `[[cron]]` entries. */
import type { ExecutionId } from '../../concepts/index.js';
import { num, optNum, optStr, str } from '../row-codec.js';
import type { CronState, SaveCronStateRequest } from '../types.js';
import { all, run, type Sql, type SqlRow } from './query.js';

function stateOf(row: SqlRow): CronState {
  return {
    name: str(row, 'name'),
    specHash: str(row, 'spec_hash'),
    nextFireAt: num(row, 'next_fire_at'),
    lastFiredAt: optNum(row, 'last_fired_at'),
    lastExecutionId: optStr(row, 'last_execution_id') as ExecutionId | null,
    firings: num(row, 'firings'),
    updatedAt: num(row, 'updated_at'),
  };
}

export function* listCronStates(): Sql<CronState[]> {
  const rows = (yield all('SELECT * FROM t_cron ORDER BY name')) as SqlRow[];
  return rows.map(stateOf);
}

const INSERT = `INSERT INTO t_cron (name, spec_hash, next_fire_at, last_fired_at, last_execution_id, firings, updated_at)
VALUES (:name, :spec_hash, :next_fire_at, :last_fired_at, :last_execution_id, :firings, :updated_at)
ON CONFLICT (name) DO NOTHING`;

const UPDATE = `UPDATE t_cron SET spec_hash = :spec_hash, next_fire_at = :next_fire_at, last_fired_at = :last_fired_at,
  last_execution_id = :last_execution_id, firings = :firings, updated_at = :updated_at
WHERE name = :name AND next_fire_at = :expected`;

/** Compare-and-set on `next_fire_at`; true when written. */
export function* saveCronState(request: SaveCronStateRequest): Sql<boolean> {
  const { state } = request;
  const params = {
    name: state.name,
    spec_hash: state.specHash,
    next_fire_at: state.nextFireAt,
    last_fired_at: state.lastFiredAt,
    last_execution_id: state.lastExecutionId,
    firings: state.firings,
    updated_at: state.updatedAt,
  };
  const changed = (yield request.expectedNextFireAt === null
    ? run(INSERT, params)
    : run(UPDATE, { ...params, expected: request.expectedNextFireAt })) as number;
  return changed > 0;
}

export function* deleteCronStates(keep: readonly string[]): Sql<number> {
  const names = (yield* listCronStates()).map((s) => s.name).filter((name) => !keep.includes(name));
  let removed = 0;
  for (const name of names) {
    removed += (yield run('DELETE FROM t_cron WHERE name = :name', { name })) as number;
  }
  return removed;
}
