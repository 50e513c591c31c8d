/** `obelisk build [-c FILE] [NAME...]`: build the JavaScript and TypeScript components of a project. */
import { relative } from 'node:path';
import { Command, Option } from 'commander';
import { withContext, type CliIo, type CommandContext } from '../cli/context.js';
import { buildProject, loadProject, type BuildEvent } from '../scaffold/index.js';

interface Flags {
  readonly config?: string | undefined;
  readonly force?: boolean | undefined;
}

export function createBuildCommand(io: CliIo): Command {
  return new Command('build')
    .description(
      'Build the components of obelisk.toml that have a `build` table (JavaScript or TypeScript) into their location.path, with the ComponentizeJS obelisk ships.',
    )
    .argument('[name...]', 'only these components (default: every component with a build table)')
    .addOption(new Option('-c, --config <file>', 'the config file (default: ./obelisk.toml)'))
    .option('--force', 'rebuild even the components whose inputs did not change')
    .addOption(new Option('--json', 'print {"components": [{"component","status","output","ms","bytes"}]}'))
    .addHelpText(
      'after',
      [
        '',
        'First regenerates wit/deps and the TypeScript types (as `obelisk generate wit` does), then builds',
        'each component: TypeScript is type-checked and compiled, then ComponentizeJS makes the component',
        '(~10-30 s each). A component whose inputs did not change is skipped; one whose inputs were built',
        'before is copied from the build cache (<cache dir>/build). Workflows are built without the http',
        'and fetch-event features. Progress goes to stderr.',
        '',
        'Examples:',
        '  $ obelisk build',
        '  $ obelisk build workflow --force',
        '  $ obelisk build -c app/obelisk.toml --json',
      ].join('\n'),
    )
    .action(
      withContext(io, async function (this: Command, ctx, names: string[], flags: Flags) {
        const project = loadProject(flags.config, io.cwd, io.env);
        const outcomes = await buildProject({
          config: project.config,
          projectDir: project.dir,
          cacheDir: project.buildCache,
          names,
          force: flags.force === true,
          cwd: io.cwd,
          configFile: project.file,
          env: io.env,
          onEvent: (event) => reportEvent(ctx, io.cwd, event),
        });
        if (ctx.json) {
          ctx.outJson({ components: outcomes });
        } else if (outcomes.length === 0) {
          ctx.err('nothing to build: no component of this obelisk.toml has a build table');
        }
      }),
    );
}

/** One progress line per event, on stderr. */
export function reportEvent(ctx: CommandContext, cwd: string, event: BuildEvent): void {
  switch (event.kind) {
    case 'wit':
      for (const change of event.changes) {
        ctx.err(`generate wit: ${change.change} ${relative(cwd, change.path)}`);
      }
      return;
    case 'start':
      ctx.err(
        `${event.component.name}: building ${relative(cwd, event.component.build.source)} (${event.index + 1}/${event.total}) ...`,
      );
      return;
    case 'done': {
      const { outcome } = event;
      const what =
        outcome.status === 'up-to-date'
          ? 'up to date'
          : outcome.status === 'cached'
            ? 'copied from the build cache'
            : `built in ${(outcome.ms / 1000).toFixed(1)} s`;
      ctx.err(
        `${outcome.component}: ${what} -> ${relative(cwd, outcome.output)} (${(outcome.bytes / 1e6).toFixed(1)} MB)`,
      );
    }
  }
}
