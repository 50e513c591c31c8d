/** `obelisk component wit <path|component-id>`: the WIT of a component. */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';
import { readComponentFile } from './describe.js';
import { componentTargetCommand, isOciTarget, pullTarget } from './oci.js';

async function localWit(io: CliIo, path: string): Promise<string> {
  const bytes = isOciTarget(io, path) ? (await pullTarget(io, path)).bytes : readComponentFile(io, path);
  const [{ decodeComponent, ComponentDecodeError }, { printResolve }] = await Promise.all([
    import('../../wit/decoder/index.js'),
    import('../../wit/print.js'),
  ]);
  try {
    const resolve = decodeComponent(bytes);
    const root = resolve.worlds.find((w) => w.name === 'root')?.package;
    return printResolve(resolve, { root });
  } catch (error: unknown) {
    if (error instanceof ComponentDecodeError) {
      throw new UserError(error.code, `${path}: cannot read the component: ${error.message}`, {
        cause: error,
        hint: 'pass a component .wasm (not a core module)',
      });
    }
    throw new UserError(ErrorCode.invalidInput, `${path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Builds `obelisk component wit`. */
export function createComponentWitCommand(io: CliIo): Command {
  return componentTargetCommand(io, {
    name: 'wit',
    description:
      'Print the WIT of a component: a local .wasm file, a component in an OCI registry, or a component ID the server has loaded.',
    help: [
      "The component's own package comes first, the packages it uses follow as nested blocks.",
      'With --json: {"wit": "<text>"}.',
      '',
      'Examples:',
      '  $ obelisk component wit activity.wasm',
      '  $ obelisk component wit oci://ghcr.io/acme/payments:1.2.0',
      '  $ obelisk component wit sha256:4dab81ca7cfff8ff7e59ab8bc8c09cde617be5e3bf9378a902b12fad1902e757',
    ],
    loaded: (api, id) => api.getComponentWit(id),
    local: (target) => localWit(io, target),
    print: (ctx, wit) => {
      if (ctx.json) {
        ctx.outJson({ wit });
      } else {
        io.stdout.write(wit.endsWith('\n') ? wit : `${wit}\n`);
      }
    },
  });
}
