/** `obelisk execution result <id> [--follow]`: the result of an execution. */
import { Command, Option } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { UserError } from '../../cli/errors.js';
import type { Finished } from '../../client/index.js';
import { apiAction, withApiOptions } from './api.js';
import { followToEnd, printResult } from './follow.js';

/** Builds `obelisk execution result`. */
export function createExecutionResultCommand(io: CliIo): Command {
  const command = new Command('result')
    .description(
      'Print the result of an execution (the JSON encoding of its return value); exit 1 unless it returned ok.',
    )
    .argument('<execution-id>', 'E_<ulid>, or a derived ID')
    .addOption(new Option('-f, --follow', 'wait until it finishes (progress on stderr)'));
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'Without --follow an execution that has not finished is an error (code not-finished).',
      'With --json: {"execution_id","state","finished"}.',
      '',
      'Examples:',
      '  $ obelisk execution result E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC',
      '  $ obelisk execution result E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC --follow',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string, flags: { follow?: boolean }) => {
      const result = flags.follow === true ? await followToEnd(ctx, api, id) : await api.getResult(id);
      if (result.finished === null) {
        throw new UserError('not-finished', `${id} has not finished (state: ${result.state})`, {
          hint: 'pass --follow to wait for it',
        });
      }
      printResult(ctx, result as typeof result & { finished: Finished });
    }),
  );
}
