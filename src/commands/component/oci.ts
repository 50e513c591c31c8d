/**
 * Components named on the command line (a `.wasm` file, a component ID the server has loaded, an
 * OCI reference): the commands that take one, telling references from paths, and pulling them
 * into the cache.
 */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { withContext, type CliIo, type CommandContext } from '../../cli/context.js';
import type { ApiClient } from '../../client/index.js';
import { cacheDir } from '../../config/dirs.js';
import { clientAction, clientContext, withApiOptions } from '../execution/api.js';
import { isComponentId } from './describe.js';
import {
  ComponentCache,
  ociCacheDir,
  parseReference,
  progressReporter,
  pullComponent,
  RegistryClient,
  type OciReference,
  type PulledComponent,
} from '../../oci/index.js';

/** A command taking `<path|component-id|oci-ref>`: what it answers for each, and how it prints the answer. */
export interface ComponentTargetCommand<T> {
  readonly name: string;
  readonly description: string;
  /** Shown after the options. */
  readonly help: readonly string[];
  /** The answer for a component ID, asked of the server. */
  readonly loaded: (api: ApiClient, id: string) => Promise<T>;
  /** The answer for a .wasm file or an OCI reference. */
  readonly local: (target: string) => Promise<T>;
  readonly print: (ctx: CommandContext, answer: T) => void;
}

/** Builds a command taking `<path|component-id|oci-ref>`, with the API options and its help after the options. */
export function componentTargetCommand<T>(io: CliIo, spec: ComponentTargetCommand<T>): Command {
  const command = new Command(spec.name)
    .description(spec.description)
    .argument(
      '<path|component-id|oci-ref>',
      'a component .wasm file, sha256:<hex> (asks the server), or [oci://]registry/repo:tag (pulls it)',
    );
  withApiOptions(command).addHelpText('after', ['', ...spec.help].join('\n'));
  return command.action(
    clientAction(
      withContext(io, async function (this: Command, ctx, target: string) {
        const answer = isComponentId(target)
          ? await spec.loaded(clientContext(this, io).api, target)
          : await spec.local(target);
        spec.print(ctx, answer);
      }),
    ),
  );
}

const REGISTRY_LIKE = /^(?:[a-z0-9-]+\.[a-z0-9.-]+|localhost|[a-z0-9.-]+:\d+)(?::\d+)?\//;

/** `oci://...`, or a `registry/repo[:tag]` that is not an existing file. */
export function isOciTarget(io: CliIo, target: string): boolean {
  if (target.startsWith('oci://')) {
    return true;
  }
  return REGISTRY_LIKE.test(target) && !existsSync(resolve(io.cwd, target));
}

export function registryClient(io: CliIo, ref: OciReference): RegistryClient {
  return new RegistryClient(ref.registry, ref.baseUrl, { env: io.env });
}

/** Pulls `target` into the component cache (`<cache dir>/oci`), with a progress bar on a TTY. */
export async function pullTarget(io: CliIo, target: string): Promise<PulledComponent & { ref: OciReference }> {
  const ref = parseReference(target);
  const pulled = await pullComponent(ref, {
    client: registryClient(io, ref),
    cache: new ComponentCache(ociCacheDir(cacheDir(io.env))),
    onProgress: progressReporter(io.stderr, `pulling ${ref.repository}`),
  });
  return { ...pulled, ref };
}
