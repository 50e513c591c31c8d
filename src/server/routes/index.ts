/** The route table of the API: every route, in the order `/openapi.json` lists them. */
import type { Route } from '../route.js';
import { ACTION_ROUTES } from './actions.js';
import { COMPONENT_ROUTES } from './functions.js';
import { CRON_ROUTES } from './cron.js';
import { EXECUTION_ROUTES } from './executions.js';
import { HISTORY_ROUTES } from './history.js';
import { META_ROUTES } from './meta.js';
import { RESULT_ROUTES } from './result.js';
import { RETENTION_ROUTES } from './retention.js';

export const ROUTES: readonly Route[] = [
  ...META_ROUTES,
  ...COMPONENT_ROUTES,
  ...EXECUTION_ROUTES,
  ...RESULT_ROUTES,
  ...HISTORY_ROUTES,
  ...ACTION_ROUTES,
  ...CRON_ROUTES,
  ...RETENTION_ROUTES,
];
