/** `obelisk execution replay <id>`: replay a workflow execution against its log, read-only. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { ExitFailure } from '../../cli/errors.js';
import { apiAction, withApiOptions } from './api.js';

/** Builds `obelisk execution replay`. */
export function createExecutionReplayCommand(io: CliIo): Command {
  const command = new Command('replay')
    .description(
      'Replay a workflow execution from its event log and check that the code makes the same decisions (nothing is written); exit 1 if not.',
    )
    .argument('<execution-id>', 'a workflow execution');
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"execution_id","ok","nondeterminism"?,"trap"?}.',
      '',
      'Examples:',
      '  $ obelisk execution replay E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string) => {
      const replay = await api.replay(id);
      if (ctx.json) {
        ctx.outJson(replay);
      } else if (replay.ok) {
        ctx.out(`${id}: the replay made the same decisions as the log`);
      } else if (replay.nondeterminism !== undefined) {
        const { event_index: index, recorded, requested } = replay.nondeterminism;
        ctx.out(
          `${id}: nondeterminism ${index === null ? 'after the last event' : `at event ${index}`}: the log has ${recorded}, but the code asked for ${requested}`,
        );
      } else {
        ctx.out(`${id}: the replay stopped: ${replay.trap ?? 'unknown reason'}`);
      }
      if (!replay.ok) {
        throw new ExitFailure(`${id} did not replay`);
      }
    }),
  );
}
