/** `obelisk execution`: submit executions and inspect or act on them through the API. */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { commandGroup } from '../group.js';
import { createExecutionCancelCommand } from './cancel.js';
import { createExecutionEventsCommand } from './events.js';
import { createExecutionGetCommand } from './get.js';
import { createExecutionListCommand } from './list.js';
import { createExecutionLogsCommand } from './logs.js';
import { createExecutionPauseCommand } from './pause.js';
import { createExecutionPurgeCommand } from './purge.js';
import { createExecutionReplayCommand } from './replay.js';
import { createExecutionResultCommand } from './result.js';
import { createExecutionStubCommand } from './stub.js';
import { createExecutionSubmitCommand } from './submit.js';

/** Builds the `obelisk execution` command group. */
export function createExecutionCommand(io: CliIo): Command {
  return commandGroup({
    name: 'execution',
    description:
      'Submit executions and inspect, cancel, pause, stub, replay or purge them (talks to the API of `obelisk dev` or `obelisk server run`).',
    commands: [
      createExecutionSubmitCommand(io),
      createExecutionGetCommand(io),
      createExecutionResultCommand(io),
      createExecutionListCommand(io),
      createExecutionEventsCommand(io),
      createExecutionLogsCommand(io),
      createExecutionCancelCommand(io),
      createExecutionPauseCommand(io, true),
      createExecutionPauseCommand(io, false),
      createExecutionStubCommand(io),
      createExecutionReplayCommand(io),
      createExecutionPurgeCommand(io),
    ],
    helpAfter: [
      '',
      'Every subcommand takes --api-url (env OBELISK_API_URL, default http://127.0.0.1:5005) and',
      '--api-token (env OBELISK_API_TOKEN). Exit codes: 0 ok, 1 failure (or a result that is not ok), 2 usage.',
      '',
      'Examples:',
      "  $ obelisk execution submit testing:fibo/fibo.fibo '[10]' --follow",
      '  $ obelisk execution list --state finished',
    ],
  });
}
