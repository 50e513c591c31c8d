/** `obelisk execution submit <ffqn> [params...]`: start an execution, optionally waiting for its result. */
import { Command, Option } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { DURATION_FORMAT, parseDuration } from '../../cli/duration.js';
import { UsageError } from '../../cli/errors.js';
import type { Finished, SubmitRequest } from '../../client/index.js';
import { apiAction, withApiOptions } from './api.js';
import { followToEnd, printResult } from './follow.js';
import { operandsAfterDash, parseParams } from './params.js';

interface Flags {
  readonly executionId?: string | undefined;
  readonly queue?: string | undefined;
  readonly follow?: boolean | undefined;
  readonly paused?: boolean | undefined;
  readonly at?: string | undefined;
  readonly in?: string | undefined;
}

/** `scheduled_at` / `delay` / `paused` of the request, from the flags (checked here, before any request). */
function scheduleFields(flags: Flags): Pick<SubmitRequest, 'scheduled_at' | 'delay' | 'paused'> {
  if (flags.at !== undefined && flags.in !== undefined) {
    throw new UsageError('give --at or --in, not both');
  }
  const fields: { scheduled_at?: string; delay?: string; paused?: boolean } = {};
  if (flags.at !== undefined) {
    const at = Date.parse(flags.at);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(flags.at) || Number.isNaN(at)) {
      throw new UsageError(
        `--at: expected an RFC 3339 time such as 2030-01-31T12:00:00Z, got ${JSON.stringify(flags.at)}`,
      );
    }
    fields.scheduled_at = new Date(at).toISOString();
  }
  if (flags.in !== undefined) {
    if (parseDuration(flags.in) === null) {
      throw new UsageError(`--in: expected ${DURATION_FORMAT}, got ${JSON.stringify(flags.in)}`);
    }
    fields.delay = flags.in;
  }
  if (flags.paused === true) {
    fields.paused = true;
  }
  return fields;
}

/** Builds `obelisk execution submit`. */
export function createExecutionSubmitCommand(io: CliIo): Command {
  const command = new Command('submit')
    .description('Submit an execution of a function; print its ID, or with --follow wait and print its result.')
    .argument(
      '<ffqn>',
      'the function: namespace:package/interface.function (with @version after the interface if it has one), or .../interface.function when only one loaded function matches',
    )
    .argument('[params...]', 'one JSON array, @file.json, or (after --) one JSON value or @file per parameter')
    .addOption(
      new Option(
        '-e, --execution-id <id>',
        'choose the execution ID (submitting the same ID with the same parameters again does nothing)',
      ),
    )
    .addOption(new Option('--queue <name>', 'the queue (default: default)'))
    .addOption(new Option('--at <time>', 'do not start it before this RFC 3339 time (e.g. 2030-01-31T12:00:00Z)'))
    .addOption(new Option('--in <duration>', 'start it after this long: 30s, 10m, 2h, 1h30m').conflicts('at'))
    .addOption(new Option('--paused', 'create it paused (start it with `obelisk execution unpause <id>`)'))
    .addOption(
      new Option(
        '-f, --follow',
        'wait until it finishes: progress on stderr, the result on stdout; exit 1 unless it returned ok',
      ),
    );
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'Output: the execution ID; with --follow the return value as JSON (e.g. {"ok":55}).',
      'With --json: {"execution_id","ffqn","created"}, or with --follow the result {"execution_id","state","finished"}.',
      '',
      'Examples:',
      "  $ obelisk execution submit testing:fibo/fibo.fibo '[10]'",
      "  $ obelisk execution submit .../fibo.fibo '[10]' --follow",
      "  $ obelisk execution submit .../fibo.fibo '[10]' --in 10m",
      "  $ obelisk execution submit .../fibo.fibo '[10]' --paused",
      '  $ obelisk execution submit my:app/orders.place @order.json',
      '  $ obelisk execution submit my:app/greet.hello -- \'"world"\' 3',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async function (this: Command, { ctx, api }, ffqn: string, values: string[], flags: Flags) {
      const params = parseParams(values, operandsAfterDash(this), io.cwd);
      const schedule = scheduleFields(flags);
      const submitted = await api.submit({
        ffqn,
        params,
        ...(flags.executionId === undefined ? {} : { execution_id: flags.executionId }),
        ...(flags.queue === undefined ? {} : { queue: flags.queue }),
        ...schedule,
      });
      if (flags.follow !== true) {
        if (ctx.json) {
          ctx.outJson(submitted);
        } else {
          ctx.out(submitted.execution_id);
          if (!submitted.created) {
            ctx.err(`note: ${submitted.execution_id} was already submitted with the same parameters; nothing changed`);
          }
        }
        return;
      }
      ctx.err(`${submitted.execution_id} submitted (${submitted.ffqn})`);
      const result = await followToEnd(ctx, api, submitted.execution_id);
      printResult(ctx, result as typeof result & { finished: Finished });
    }),
  );
}
