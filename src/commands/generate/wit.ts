/**
 * `obelisk generate wit [-c FILE] [--component NAME] [--check]`: write (or check) wit/deps and the
 * TypeScript types of a project; `--oci REF [--name NAME] [--add]`: the WIT of a component in a registry.
 */
import { relative } from 'node:path';
import { Command, Option } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { ErrorCode, UsageError, UserError } from '../../cli/errors.js';

interface Flags {
  readonly config?: string | undefined;
  readonly component?: string | undefined;
  readonly check?: boolean | undefined;
  readonly oci?: string | undefined;
  readonly name?: string | undefined;
  readonly add?: boolean | undefined;
}

export function createGenerateWitCommand(io: CliIo): Command {
  return new Command('wit')
    .description(
      'Write the wit/deps/ of each component of obelisk.toml that has a build table (host WIT, and the packages and extensions of what a workflow or webhook endpoint may call), and the TypeScript types of TypeScript components.',
    )
    .addOption(new Option('-c, --config <file>', 'the config file (default: ./obelisk.toml)'))
    .addOption(new Option('--component <name>', 'only this component'))
    .option('--check', 'write nothing; list what would change and exit 1 if anything would (for CI)')
    .addOption(
      new Option('--oci <ref>', 'pull this component ([oci://]registry/repo[:tag][@sha256:...]) and write its WIT'),
    )
    .addOption(new Option('--name <name>', 'with --oci: the component name (default: the last part of the repository)'))
    .addOption(
      new Option('--add', 'with --oci: also add the component to obelisk.toml (location.oci) and obelisk.lock'),
    )
    .addOption(new Option('--json', 'print {"changes": [{"path","change","component"}]}'))
    .addHelpText(
      'after',
      [
        '',
        'Every component gets obelisk:types; workflows also get obelisk:workflow and wasi:logging, webhook',
        'endpoints obelisk:webhook, and both get for every other activity, stub or workflow in the same',
        'obelisk.toml its WIT package with the generated -obelisk-ext and -obelisk-schedule (stubs: also',
        '-obelisk-stub) packages; a component without a build',
        "table (a .wasm, or location.oci) is read from its binary. WASI 0.2 packages a component's WIT names",
        'are written too. TypeScript components get declarations of',
        'their world in <component>/types/. What it writes is listed in wit/deps/.obelisk-generated; those',
        'files are deleted once no longer needed, other files are never touched. Running it twice changes nothing.',
        '',
        'Examples:',
        '  $ obelisk generate wit',
        '  $ obelisk generate wit --check',
        '  $ obelisk generate wit --component workflow -c app/obelisk.toml',
        '  $ obelisk generate wit --oci ghcr.io/acme/payments:1.2.0 --add',
        '',
        "With --oci, the pulled component's exported interfaces and their extension packages go into the",
        'wit/deps/ of every workflow and webhook endpoint with a build table (or of --component). Without',
        '--add they are your files (never deleted); with --add the component is appended to obelisk.toml',
        'with location.oci, its digests are locked in obelisk.lock, and its WIT is generated like any other',
        "component's.",
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, flags: Flags) => {
        if (flags.oci !== undefined) {
          if (flags.check === true) {
            throw new UsageError('--check cannot be used with --oci');
          }
          const { generateOciWit } = await import('./wit-oci.js');
          const outcome = await generateOciWit(io, { ...flags, oci: flags.oci });
          if (ctx.json) {
            const { manifestDigest, contentDigest, ...rest } = outcome;
            ctx.outJson({ ...rest, manifest_digest: manifestDigest, content_digest: contentDigest });
            return;
          }
          ctx.err(
            `${outcome.reference}: ${outcome.manifestDigest}${outcome.added ? ` (added to obelisk.toml as ${outcome.name})` : ''}`,
          );
          for (const change of outcome.changes) {
            ctx.out(`${change.change}: ${relative(io.cwd, change.path)}`);
          }
          return;
        }
        if (flags.name !== undefined || flags.add === true) {
          throw new UsageError('--name and --add go with --oci <ref>');
        }
        // Loaded here, not at the top: the other generate commands do without the config and jco.
        const { generateWit, loadProject } = await import('../../scaffold/index.js');
        const project = loadProject(flags.config, io.cwd, io.env);
        const check = flags.check === true;
        const changes = await generateWit(project.config, {
          component: flags.component,
          check,
          configFile: project.file,
          env: io.env,
        });
        if (ctx.json) {
          ctx.outJson({ changes });
        } else {
          for (const change of changes) {
            ctx.out(`${check ? `would be ${change.change}` : change.change}: ${relative(io.cwd, change.path)}`);
          }
          if (changes.length === 0) {
            ctx.err(check ? 'generate wit: up to date' : 'generate wit: nothing to change');
          }
        }
        if (check && changes.length > 0) {
          throw new UserError(ErrorCode.failed, `${changes.length} generated file(s) out of date`, {
            hint: 'run `obelisk generate wit` and commit the result',
          });
        }
      }),
    );
}
