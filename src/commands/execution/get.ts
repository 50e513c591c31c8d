/** `obelisk execution get <id>`: the status of an execution. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { apiAction, withApiOptions } from './api.js';
import { statusText } from './format.js';

/** Builds `obelisk execution get`. */
export function createExecutionGetCommand(io: CliIo): Command {
  const command = new Command('get')
    .description("Show an execution's status: function, state, result, parameters and details.")
    .argument('<execution-id>', 'E_<ulid>, or a derived ID');
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: the ExecutionStatus object of docs/cli-json.md.',
      '',
      'Examples:',
      '  $ obelisk execution get E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC',
      '  $ obelisk execution get E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC --json',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string) => {
      const status = await api.getExecution(id);
      ctx.outResult(status, statusText);
    }),
  );
}
