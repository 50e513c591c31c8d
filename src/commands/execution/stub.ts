/** `obelisk execution stub <id> <result>`: write the result of a stub activity's execution. */
import { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { UsageError } from '../../cli/errors.js';
import { apiAction, withApiOptions } from './api.js';
import { parseJsonArgument } from './params.js';

function resultOf(text: string, cwd: string): { ok: unknown } | { err: unknown } {
  const value = parseJsonArgument(text, 'the result', cwd);
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.keys(value).length !== 1 ||
    !('ok' in value || 'err' in value)
  ) {
    throw new UsageError(`the result must be {"ok": value} or {"err": value}, got ${text}`, {
      hint: `e.g. '{"ok": "approved"}' or '{"err": null}'`,
    });
  }
  return value;
}

/** Builds `obelisk execution stub`. */
export function createExecutionStubCommand(io: CliIo): Command {
  const command = new Command('stub')
    .description("Write the result of a stub activity's execution, unblocking a workflow that awaits it.")
    .argument('<execution-id>', 'the stub execution (often a derived ID)')
    .argument('<result>', '{"ok": value} or {"err": value} in the JSON encoding of the return type, or @file.json');
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'Writing the same result again does nothing; a different one is an error (code conflict).',
      'With --json: {"execution_id","outcome"}.',
      '',
      'Examples:',
      `  $ obelisk execution stub E_01J9Z8Q0W5N3T4V6X7Y8Z9A0BC.o:1_1 '{"ok": "approved"}'`,
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, id: string, text: string) => {
      const stubbed = await api.stub(id, resultOf(text, io.cwd));
      ctx.outResult(stubbed, () => `${stubbed.execution_id}: result written`);
    }),
  );
}
