/** Following an execution until it finishes (`submit --follow`, `result --follow`) and printing its result. */
import { ExitFailure } from '../../cli/errors.js';
import type { CommandContext } from '../../cli/context.js';
import type { ApiClient, Finished, ResultBody } from '../../client/index.js';
import { failureText, returnValueJson } from './format.js';

/** Waits for the result, writing each state change to stderr. */
export async function followToEnd(ctx: CommandContext, api: ApiClient, executionId: string): Promise<ResultBody> {
  return api.followResult(executionId, { onStatus: (status) => ctx.err(`${executionId} ${status.state}`) });
}

/**
 * Prints a finished result: the API's JSON with `--json`, else the JSON encoding of the return
 * value on stdout (a failure goes to stderr). Throws {@link ExitFailure} unless it is `ok`.
 */
export function printResult(ctx: CommandContext, result: ResultBody & { finished: Finished }): void {
  const finished = result.finished;
  if (ctx.json) {
    ctx.outJson(result);
  } else {
    const value = returnValueJson(finished);
    if (value === null) {
      ctx.err(`${result.execution_id} ${failureText(finished as Finished & { kind: 'failure' })}`);
    } else {
      ctx.out(value);
    }
  }
  if (finished.kind !== 'ok') {
    throw new ExitFailure(`${result.execution_id} finished with ${finished.kind}`);
  }
}
