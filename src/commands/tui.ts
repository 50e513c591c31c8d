/** `obelisk tui`: the live terminal UI of executions, over the API. Ink and React load only when it runs. */
import { Command } from 'commander';
import { globalsFrom, type CliIo } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';
import { apiEndpoint, clientAction, withApiOptions } from './execution/api.js';

/** Builds `obelisk tui`. */
export function createTuiCommand(io: CliIo): Command {
  const command = new Command('tui').description(
    'Watch and act on executions in a live terminal UI: list, detail, event timeline, child tree, logs, submit forms.',
  );
  withApiOptions(command, false).addHelpText(
    'after',
    [
      '',
      'Needs a terminal (stdin and stdout a TTY). Keys are shown at the bottom; ? lists them all; q quits.',
      'Colours follow --no-color, NO_COLOR and OBELISK_NO_COLOR.',
      '',
      'Examples:',
      '  $ obelisk tui',
      '  $ obelisk tui --api-url http://127.0.0.1:5005 --api-token "$TOKEN"',
    ].join('\n'),
  );
  return command.action(
    clientAction(async function (this: Command) {
      const { baseUrl, token } = apiEndpoint(this, io);
      if (io.stdin.isTTY !== true || io.stdout.isTTY !== true) {
        throw new UsageError('obelisk tui needs a terminal: run it with stdin and stdout on a TTY');
      }
      const { renderTui } = await (await import('../tui/load.js')).loadTui();
      await renderTui({
        apiUrl: baseUrl,
        apiToken: token,
        color: globalsFrom(this, io).color,
        stdin: io.stdin as NodeJS.ReadStream,
        stdout: io.stdout as NodeJS.WriteStream,
      });
    }),
  );
}
