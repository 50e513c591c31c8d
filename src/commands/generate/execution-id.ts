/** `obelisk generate execution-id`: a new top-level execution ID, for submitting with a chosen ID. */
import { Command } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';

/** Builds `obelisk generate execution-id`. */
export function createGenerateExecutionIdCommand(io: CliIo): Command {
  return new Command('execution-id')
    .description('Print a new execution ID (E_<ulid>), e.g. to submit an execution idempotently with --execution-id.')
    .addHelpText(
      'after',
      ['', 'With --json: {"execution_id": "E_..."}.', '', 'Examples:', '  $ obelisk generate execution-id'].join('\n'),
    )
    .action(
      withContext(io, async (ctx) => {
        const { ExecutionId, realClock } = await import('../../engine/concepts/index.js');
        const id = ExecutionId.generate(realClock);
        ctx.outResult({ execution_id: id }, () => id);
      }),
    );
}
