/** Cron entries: their schedules, next firings and last executions. */
import type { CronStatus } from '../../engine/index.js';
import { isoTime, statusJson } from '../convert.js';
import { defineRoute, reply, type Route } from '../route.js';
import { CronListBody, type CronJson } from '../../wire/cron.js';

function cronJson(status: CronStatus): CronJson {
  const last = status.lastExecution === null ? null : statusJson(status.lastExecution);
  return {
    name: status.name,
    ffqn: status.ffqn,
    params: [...status.params] as CronJson['params'],
    schedule: status.schedule,
    catch_up: status.catchUp as CronJson['catch_up'],
    next_fire_at: status.nextFireAt === null ? null : isoTime(status.nextFireAt),
    firings: status.firings,
    last_fired_at: status.lastFiredAt === null ? null : isoTime(status.lastFiredAt),
    last_execution_id: status.lastExecutionId,
    last_execution:
      last === null
        ? null
        : {
            execution_id: last.execution_id,
            ffqn: last.ffqn,
            state: last.state,
            created_at: last.created_at,
            updated_at: last.updated_at,
            finished: last.finished,
            parent_id: last.parent_id,
          },
  };
}

const list = defineRoute({
  method: 'GET',
  path: '/v1/cron',
  operationId: 'listCron',
  summary: 'The cron entries',
  description:
    'Every scheduled `[[cron]]` entry with its next firing, how many firings were recorded, and the last firing’s execution.',
  tag: 'cron',
  responses: { 200: { description: 'the entries, in configuration order', schema: CronListBody } },
  handle: async ({ engine }) => reply(200, { crons: (await engine.cronList()).map(cronJson) }),
});

export const CRON_ROUTES: readonly Route[] = [list];
