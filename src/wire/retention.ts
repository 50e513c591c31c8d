/** Bodies of the purge route. */
import { z } from 'zod';
import { DURATION_FORMAT, parseDuration } from '../cli/duration.js';
import { Timestamp } from './common.js';

export const PurgeRequest = z
  .object({
    older_than: z
      .string()
      .refine((text) => parseDuration(text) !== null, { message: `expected ${DURATION_FORMAT}` })
      .describe(`trees whose top-level execution finished longer ago than this go: ${DURATION_FORMAT}`),
    dry_run: z.boolean().default(false).describe('count what would be deleted, delete nothing'),
  })
  .meta({ id: 'PurgeRequest' });

const count = z.number().int().nonnegative();

export const PurgeCountsJson = z
  .object({
    top_level: count.describe('top-level executions whose whole tree was deleted'),
    executions: count.describe('executions at every depth, top-level ones included'),
    events: count,
    join_sets: count,
    responses: count,
    delays: count,
    logs: count,
  })
  .meta({ id: 'PurgeCounts', description: 'Rows deleted (or, in a dry run, that would be), per kind.' });

export const PurgeBody = z
  .object({
    dry_run: z.boolean(),
    finished_before: Timestamp.describe('trees whose top-level execution finished before this went'),
    batches: z.number().int().describe('transactions used (each deletes a bounded number of executions)'),
    counts: PurgeCountsJson,
  })
  .meta({ id: 'Purge' });
export type PurgeBody = z.output<typeof PurgeBody>;
