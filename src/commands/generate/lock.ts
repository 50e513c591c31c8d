/** `obelisk generate lock [-c FILE] [--update [NAME]]`: write obelisk.lock for the location.oci components. */
import { Command, Option } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';

const DEFAULT_CONFIG_FILE = 'obelisk.toml';

interface Flags {
  readonly config?: string | undefined;
  readonly update?: string | boolean | undefined;
}

/** Builds `obelisk generate lock`. */
export function createGenerateLockCommand(io: CliIo): Command {
  return new Command('lock')
    .description(
      'Resolve the location.oci components of obelisk.toml and write their digests to obelisk.lock beside it.',
    )
    .addOption(new Option('-c, --config <file>', `the configuration file (default: ./${DEFAULT_CONFIG_FILE})`))
    .addOption(
      new Option('--update [name]', 're-resolve the tags of every component (or of NAME) instead of keeping the lock'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Without --update, components already locked keep their digests; new ones are resolved.',
        'A tag that moved is reported on stderr. With --json:',
        '{"lock_file","written","components":[{"name","reference","manifest_digest","content_digest"}],',
        ' "moved":[{"name","reference","from","to"}]}.',
        '',
        'Examples:',
        '  $ obelisk generate lock',
        '  $ obelisk generate lock --update payments',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, flags: Flags) => {
        // loaded on use: the config schema pulls in the engine, which `generate execution-id` must not load
        const { loadConfig, ociComponents, resolveOciComponents } = await import('../../config/index.js');
        const loaded = loadConfig({ file: flags.config, cwd: io.cwd, env: io.env });
        if (loaded.file === null) {
          throw new UserError(ErrorCode.notFound, `there is no ${DEFAULT_CONFIG_FILE} in ${io.cwd}`, {
            hint: 'pass -c FILE',
          });
        }
        const names = ociComponents(loaded.config).map((c) => c.name);
        if (typeof flags.update === 'string' && !names.includes(flags.update)) {
          throw new UserError(ErrorCode.notFound, `no component named ${flags.update} has location.oci`, {
            hint:
              names.length === 0
                ? 'no component has location.oci'
                : `components with location.oci: ${names.join(', ')}`,
          });
        }
        const resolved = await resolveOciComponents(loaded.config, {
          configFile: loaded.file,
          env: io.env,
          mode: flags.update === undefined ? 'auto' : 'update',
          update: typeof flags.update === 'string' ? [flags.update] : [],
          write: true,
          cacheDirectory: loaded.config.wasm.cacheDirectory,
        });
        for (const moved of resolved.moved) {
          ctx.err(`${moved.name}: ${moved.reference} moved from ${moved.from} to ${moved.to}`);
        }
        if (resolved.problems.size > 0) {
          const list = [...resolved.problems].map(([name, problem]) => `  - ${name}: ${problem}`).join('\n');
          throw new UserError(ErrorCode.failed, `cannot resolve ${resolved.problems.size} component(s):\n${list}`, {
            hint: 'the components that resolved were locked; fix the others and run `obelisk generate lock` again',
          });
        }
        if (ctx.json) {
          ctx.outJson({
            lock_file: resolved.lockFile,
            written: resolved.written,
            components: resolved.entries.map((e) => ({
              name: e.name,
              reference: e.reference,
              manifest_digest: e.manifestDigest,
              content_digest: e.contentDigest,
            })),
            moved: resolved.moved,
          });
          return;
        }
        for (const entry of resolved.entries) {
          ctx.out(`${entry.name} ${entry.reference} ${entry.manifestDigest}`);
        }
        ctx.err(`${resolved.written ? 'wrote' : 'unchanged:'} ${resolved.lockFile ?? ''}`);
      }),
    );
}
