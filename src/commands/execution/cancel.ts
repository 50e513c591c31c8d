/** `obelisk execution cancel <id>`: request cancellation. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { apiAction, withApiOptions } from './api.js';

const SAID = {
  cancelled: (id: string) => `${id} cancelled`,
  requested: (id: string) => `${id}: cancellation requested; it finishes as cancelled once its executor stops it`,
  'already-finished': (id: string) => `${id} had already finished; nothing to cancel`,
} as const;

/** Builds `obelisk execution cancel`. */
export function createExecutionCancelCommand(io: CliIo): Command {
  const command = new Command('cancel')
    .description(
      'Cancel an execution: a running attempt is stopped, a workflow cancels its children first; it finishes as cancelled.',
    )
    .argument('<execution-id>', 'E_<ulid>, or a derived ID');
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"execution_id","outcome"} with outcome cancelled, requested or already-finished.',
      '',
      'Examples:',
      '  $ obelisk execution cancel E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string) => {
      const cancelled = await api.cancel(id);
      ctx.outResult(cancelled, () => SAID[cancelled.outcome](cancelled.execution_id));
    }),
  );
}
