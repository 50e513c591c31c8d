/** Purging finished executions on demand (the `[retention]` sweep's work, now). */
import { parseDuration } from '../../cli/duration.js';
import type { PurgeReport } from '../../engine/index.js';
import { isoTime } from '../convert.js';
import { defineRoute, reply, type Route } from '../route.js';
import { PurgeBody, PurgeRequest } from '../../wire/retention.js';

export function purgeJson(report: PurgeReport): PurgeBody {
  const { counts } = report;
  return {
    dry_run: report.dryRun,
    finished_before: isoTime(report.finishedBefore.ok),
    batches: report.batches,
    counts: {
      top_level: counts.topLevel,
      executions: counts.executions,
      events: counts.events,
      join_sets: counts.joinSets,
      responses: counts.responses,
      delays: counts.delays,
      logs: counts.logs,
    },
  };
}

const purge = defineRoute({
  method: 'POST',
  path: '/v1/executions/purge',
  operationId: 'purgeExecutions',
  summary: 'Delete old finished executions',
  description:
    'Deletes finished top-level executions that finished longer ago than `older_than`, with everything they own (children at every depth, events, join sets, responses, delays, logs), in bounded transactions. An unfinished execution, or a tree holding one, is never touched.',
  tag: 'executions',
  body: PurgeRequest,
  responses: { 200: { description: 'what was (or, in a dry run, would be) deleted', schema: PurgeBody } },
  handle: async ({ engine, body }) => {
    const olderThanMs = parseDuration(body.older_than) ?? 0;
    return reply(200, purgeJson(await engine.purge({ olderThanMs, dryRun: body.dry_run })));
  },
});

export const RETENTION_ROUTES: readonly Route[] = [purge];
