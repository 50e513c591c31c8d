/** The execution list of the API: filters, newest first, opaque cursor pagination. */
import {
  FinishedResult,
  InvalidArgument,
  SUMMARY_STATES,
  type ComponentDigest,
  type ExecutionId,
  type Ffqn,
  type SummaryState,
} from '../../concepts/index.js';
import { decodeListCursor, encodeListCursor } from '../cursor.js';
import { num, optStr, parseJson, str } from '../row-codec.js';
import { MAX_LIST_LIMIT, type ExecutionPage, type ExecutionSummary, type ListExecutionsRequest } from '../types.js';
import type { Dialect } from './dialect.js';
import { all, get, type Sql, type SqlRow, type SqlValue } from './query.js';

const DEFAULT_LIMIT = 20;

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new InvalidArgument(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
  }
}

function whereClause(
  dialect: Dialect,
  request: ListExecutionsRequest,
): { sql: string; params: Record<string, SqlValue> } {
  const conditions: string[] = [];
  const params: Record<string, SqlValue> = {};
  if (request.showDerived !== true) {
    conditions.push('is_top_level = 1');
  }
  if (request.ffqnPrefix !== undefined && request.ffqnPrefix !== '') {
    conditions.push(dialect.startsWith('ffqn', 'ffqn_prefix'));
    params['ffqn_prefix'] = request.ffqnPrefix;
  }
  if (request.state !== undefined) {
    if (!SUMMARY_STATES.includes(request.state)) {
      throw new InvalidArgument(
        `unknown state ${JSON.stringify(request.state)}; expected one of ${SUMMARY_STATES.join(', ')}`,
      );
    }
    conditions.push('summary_state = :state');
    params['state'] = request.state;
    if (request.state !== 'finished') {
      // Implied by the state; stated so that the partial index of unfinished executions by
      // creation time serves the query (it would otherwise walk every finished execution).
      conditions.push("state <> 'finished'");
    }
  }
  if (request.executionIdPrefix !== undefined && request.executionIdPrefix !== '') {
    conditions.push(dialect.startsWith('execution_id', 'id_prefix'));
    params['id_prefix'] = request.executionIdPrefix;
  }
  if (request.queue !== undefined) {
    conditions.push('queue = :queue');
    params['queue'] = request.queue;
  }
  if (request.cursor !== undefined) {
    const position = decodeListCursor(request.cursor);
    conditions.push('(created_at < :cursor_at OR (created_at = :cursor_at AND execution_id < :cursor_id))');
    params['cursor_at'] = position.createdAt;
    params['cursor_id'] = position.executionId;
  }
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
}

function summaryOf(row: SqlRow): ExecutionSummary {
  const result = optStr(row, 'result');
  return {
    executionId: str(row, 'execution_id') as ExecutionId,
    ffqn: str(row, 'ffqn') as Ffqn,
    state: str(row, 'summary_state') as SummaryState,
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
    finished: result === null ? null : FinishedResult.summary(parseJson<FinishedResult>(result)),
    parentId: optStr(row, 'parent_id') as ExecutionId | null,
  };
}

/** `listExecutions` (see `ApiStore`). */
export function* listExecutions(dialect: Dialect, request: ListExecutionsRequest): Sql<ExecutionPage> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  checkLimit(limit);
  const where = whereClause(dialect, request);
  const rows = (yield all(
    `SELECT execution_id, ffqn, summary_state, created_at, updated_at, result, parent_id FROM t_execution
     ${where.sql} ORDER BY created_at DESC, execution_id DESC LIMIT :limit`,
    { ...where.params, limit: limit + 1 },
  )) as SqlRow[];
  const executions = rows.slice(0, limit).map(summaryOf);
  const last = executions.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeListCursor({ createdAt: last.createdAt, executionId: last.executionId })
      : null;
  return { executions, nextCursor };
}

/** Uses the partial index of unfinished executions by component digest. */
export function* hasUnfinishedExecutions(componentDigest: ComponentDigest): Sql<boolean> {
  const found = yield get(
    "SELECT 1 AS found FROM t_execution WHERE component_digest = :digest AND state <> 'finished' LIMIT 1",
    { digest: componentDigest },
  );
  return found !== undefined;
}
