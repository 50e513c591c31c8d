/** `obelisk component inspect <path|component-id>`: kind, digest, exports with signatures, imports. */
import type { Command } from 'commander';
import type { CliIo } from '../../cli/context.js';
import { inspectBytes, inspectFile, inspectionText, inspectLoaded } from './describe.js';
import { componentTargetCommand, isOciTarget, pullTarget } from './oci.js';

/** Builds `obelisk component inspect`. */
export function createComponentInspectCommand(io: CliIo): Command {
  return componentTargetCommand(io, {
    name: 'inspect',
    description:
      'Show what a component exports (with signatures) and imports: a local .wasm file, a component in an OCI registry, or a component ID the server has loaded.',
    help: [
      'A file or a pulled component (cached in ~/.cache/obelisk/oci) is decoded locally; its kind is guessed.',
      'With --json: {"component_id","name","kind","kind_guessed","source","exports","imports"} (docs/cli-json.md).',
      '',
      'Examples:',
      '  $ obelisk component inspect target/wasm32-wasip2/release/activity.wasm',
      '  $ obelisk component inspect oci://ghcr.io/acme/payments:1.2.0',
      '  $ obelisk component inspect sha256:4dab81ca7cfff8ff7e59ab8bc8c09cde617be5e3bf9378a902b12fad1902e757 --json',
    ],
    loaded: inspectLoaded,
    local: async (target) =>
      isOciTarget(io, target)
        ? await inspectBytes((await pullTarget(io, target)).bytes, target, 'oci')
        : await inspectFile(io, target),
    print: (ctx, inspection) => ctx.outResult(inspection, inspectionText),
  });
}
