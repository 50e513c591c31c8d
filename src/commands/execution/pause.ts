/** `obelisk execution pause|unpause <id>`: stop an execution from being started, or let it start again. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { apiAction, withApiOptions } from './api.js';

/** Builds `obelisk execution pause` (`paused: true`) or `obelisk execution unpause`. */
export function createExecutionPauseCommand(io: CliIo, paused: boolean): Command {
  const verb = paused ? 'pause' : 'unpause';
  const command = new Command(verb)
    .description(
      paused
        ? 'Pause an execution: it is not started until unpaused; a running attempt is stopped. Its children keep running.'
        : 'Unpause an execution: it starts again when its scheduled time has come.',
    )
    .argument('<execution-id>', 'E_<ulid>, or a derived ID');
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"execution_id","paused","state"}.',
      '',
      'Examples:',
      `  $ obelisk execution ${verb} E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC`,
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string) => {
      const result = paused ? await api.pause(id) : await api.unpause(id);
      ctx.outResult(result, () => `${result.execution_id} ${result.paused ? 'paused' : 'unpaused'} (${result.state})`);
    }),
  );
}
