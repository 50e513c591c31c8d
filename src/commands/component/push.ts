/** `obelisk component push <file.wasm> <reference>`: push a component to an OCI registry. */
import { Command, Option } from 'commander';
import { basename } from 'node:path';
import { withContext, type CliIo } from '../../cli/context.js';
import { parseReference, pushComponent } from '../../oci/index.js';
import { readComponentFile } from './describe.js';
import { registryClient } from './oci.js';

/** Builds `obelisk component push`. */
export function createComponentPushCommand(io: CliIo): Command {
  return new Command('push')
    .description('Push a component .wasm to an OCI registry (wasm artifact layout) and print its digest.')
    .argument('<file>', 'the component .wasm')
    .argument('<reference>', 'where to push: [oci://]registry/repository:tag')
    .addOption(new Option('--json', 'print {"reference","manifest_digest","content_digest","size"}'))
    .addHelpText(
      'after',
      [
        '',
        'Credentials: OBELISK_OCI_USERNAME / OBELISK_OCI_PASSWORD, else docker config.json (`docker login`),',
        'its credential helpers included. localhost and 127.0.0.1 registries are spoken to over plain HTTP.',
        'Use the printed reference with its digest in location.oci to pin exactly what was pushed.',
        '',
        'Examples:',
        '  $ obelisk component push dist/activity.wasm ghcr.io/acme/payments:1.2.0',
        '  $ obelisk component push activity.wasm oci://127.0.0.1:5000/fibo/activity:1.0.0 --json',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, file: string, target: string) => {
        const bytes = readComponentFile(io, file);
        const ref = parseReference(target);
        const pushed = await pushComponent(bytes, ref, { client: registryClient(io, ref), fileName: basename(file) });
        if (ctx.json) {
          ctx.outJson({
            reference: pushed.reference,
            manifest_digest: pushed.manifestDigest,
            content_digest: pushed.contentDigest,
            size: pushed.size,
          });
          return;
        }
        ctx.out(`${pushed.reference}@${pushed.manifestDigest}`);
        ctx.err(`pushed ${pushed.size} bytes, content ${pushed.contentDigest}`);
      }),
    );
}
