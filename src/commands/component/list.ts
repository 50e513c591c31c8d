/** `obelisk component list`: the components the server has loaded, with their functions. */
import { Command, Option } from 'commander';
import type { CliIo } from '../../cli/context.js';
import type { ComponentInfo, FunctionInfo } from '../../client/index.js';
import { apiAction, withApiOptions } from '../execution/api.js';
import { signatureText } from './describe.js';

interface Flags {
  readonly imports?: boolean | undefined;
  readonly extensions?: boolean | undefined;
}

function componentText(component: ComponentInfo, functions: readonly FunctionInfo[], flags: Flags): string {
  const lines = [`${component.name}  ${component.kind}  ${component.component_id}`];
  lines.push(
    ...functions
      .filter((f) => f.component_id === component.component_id)
      .map((f) => `  export     ${signatureText(f)}`),
  );
  if (flags.imports === true) {
    lines.push(
      ...(component.imports.length === 0
        ? ['  import     (none)']
        : component.imports.map((item) => `  import     ${item}`)),
    );
  }
  if (flags.extensions === true) {
    lines.push(...(component.extensions ?? []).map((f) => `  extension  ${signatureText(f)}`));
  }
  return lines.join('\n');
}

/** Builds `obelisk component list`. */
export function createComponentListCommand(io: CliIo): Command {
  const command = new Command('list')
    .description('List the components the server has loaded: name, kind, component ID and exported functions.')
    .addOption(new Option('-i, --imports', "also show each component's imports"))
    .addOption(
      new Option(
        '-e, --extensions',
        'also show the generated extension functions (-submit, -await-next, -get, -invoke, -schedule, -stub)',
      ),
    );
  withApiOptions(command).addHelpText(
    'after',
    [
      '',
      'With --json: {"components":[Component...],"functions":[Function...]} (docs/cli-json.md);',
      'components carry "extensions" only with --extensions.',
      '',
      'Examples:',
      '  $ obelisk component list',
      '  $ obelisk component list --imports --extensions',
    ].join('\n'),
  );
  return command.action(
    apiAction(io, async ({ ctx, api }, flags: Flags) => {
      const [components, functions] = await Promise.all([
        api.listComponents({ extensions: flags.extensions === true }),
        api.listFunctions(),
      ]);
      if (ctx.json) {
        ctx.outJson({ components, functions });
      } else if (components.length === 0) {
        ctx.err('no components are loaded');
      } else {
        ctx.out(components.map((c) => componentText(c, functions, flags)).join('\n\n'));
      }
    }),
  );
}
