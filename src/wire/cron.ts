/** Bodies of the cron routes. */
import { z } from 'zod';
import { ExecutionIdText, JsonAny, Timestamp } from './common.js';
import { ExecutionSummary } from './executions.js';

export const CronJson = z
  .object({
    name: z.string(),
    ffqn: z.string(),
    params: z.array(JsonAny),
    schedule: z.string().describe('the cron expression and its time zone, or `every <interval>`'),
    catch_up: z.enum(['none', 'latest', 'all']).describe('what happens to firings missed while obelisk was down'),
    next_fire_at: Timestamp.nullable().describe('null when it never fires again'),
    firings: z.number().int().describe('how many firings were recorded'),
    last_fired_at: Timestamp.nullable(),
    last_execution_id: ExecutionIdText.nullable(),
    last_execution: ExecutionSummary.nullable().describe("the last firing's execution; null before the first"),
  })
  .meta({ id: 'Cron', description: 'A `[[cron]]` entry and what it last did.' });
export type CronJson = z.output<typeof CronJson>;

export const CronListBody = z
  .object({ crons: z.array(CronJson).describe('in configuration order') })
  .meta({ id: 'Crons' });
