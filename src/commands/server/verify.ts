/** `obelisk server verify [-c FILE]`: load the configuration and every component, check every workflow import, run nothing. */
import { Command, Option } from 'commander';
import { withContext, type CliIo, type CommandContext } from '../../cli/context.js';
import { UserError } from '../../cli/errors.js';
import { createStyle } from '../../cli/style.js';
import type { VerifiedComponent, VerifyReport } from '../../config/verify.js';

/** Stable error codes of this command. */
export const VerifyErrorCode = { failed: 'verify-failed' } as const;

interface Flags {
  readonly config?: string | undefined;
}

/** Builds `obelisk server verify`. */
export function createServerVerifyCommand(io: CliIo): Command {
  return new Command('verify')
    .description(
      'Load the configuration and every component (transpiling them), check that every workflow import is satisfied, and exit without starting the server.',
    )
    .addOption(
      new Option(
        '-c, --config <file>',
        'the config file (default: obelisk.toml in the current folder; without one, the defaults)',
      ),
    )
    .addOption(
      new Option('--json', 'print {"ok", "components": [{"name","kind","digest","functions"}], "problems": [...]}'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Every problem is reported at once: configuration problems first, then sections not supported',
        'yet, unreadable components, and the imports of each workflow that no component satisfies.',
        'Exit code 1 when there is any problem.',
        '',
        'Examples:',
        '  $ obelisk server verify',
        '  $ obelisk server verify -c deploy/obelisk.toml --json',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, flags: Flags) => {
        const { verifyConfig } = await import('../../config/verify.js');
        const report = await verifyConfig({ file: flags.config, cwd: io.cwd, env: io.env });
        if (ctx.json) {
          ctx.outJson({ ok: report.ok, components: report.components, problems: report.problems });
        } else if (report.ok) {
          printComponents(ctx, report);
        }
        if (!report.ok) {
          throw failure(report);
        }
      }),
    );
}

function failure(report: VerifyReport): UserError {
  const count = report.problems.length === 1 ? '1 problem' : `${report.problems.length} problems`;
  return new UserError(
    VerifyErrorCode.failed,
    `the configuration has ${count}:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`,
    {
      hint: 'fix the problems listed above and run `obelisk server verify` again; docs/configuration.md describes every key',
    },
  );
}

function count(components: readonly VerifiedComponent[], kind: VerifiedComponent['kind']): number {
  return components.filter((c) => c.kind === kind).length;
}

function printComponents(ctx: CommandContext, report: VerifyReport): void {
  const style = createStyle(ctx.color);
  const { components } = report;
  ctx.out(
    style.green(
      `ok: ${components.length} components (${count(components, 'activity_wasm')} activities, ${count(components, 'workflow')} workflows, ${count(components, 'activity_stub')} stubs, ${count(components, 'webhook_endpoint')} webhook endpoints)`,
    ),
  );
  for (const component of components) {
    ctx.out(`${style.bold(component.name)} ${style.dim(`${component.kind} ${component.digest}`)}`);
    for (const fn of component.functions) {
      const params = fn.params.map((p) => `${p.name}: ${p.type}`).join(', ');
      ctx.out(`  ${fn.ffqn}: func(${params})${fn.result === null ? '' : ` -> ${fn.result}`}`);
    }
  }
}
