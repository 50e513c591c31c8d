/** `obelisk new [DIR]`: a new project from a template, optionally built. */
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { withContext, type CliIo, type CommandContext } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';
import { cacheDir, loadConfig } from '../config/index.js';
import {
  buildProject,
  DEFAULT_TEMPLATE,
  defaultPackage,
  defaultProjectName,
  listTemplates,
  packageProblem,
  projectNameProblem,
  splitPackage,
  type BuildOutcome,
} from '../scaffold/index.js';
import { checkTarget, createProject, type CreatedProject } from '../scaffold/create.js';
import { nextCommands } from '../scaffold/next-steps.js';
import { reportEvent } from './build.js';
import { askAnswers, type NewAnswers, type NewFlags } from './new-prompts.js';

export function createNewCommand(io: CliIo): Command {
  return new Command('new')
    .description(
      'Create a project from a template: a workflow or an activity in JavaScript or TypeScript, ready to run.',
    )
    .argument('[dir]', 'the project folder (new or empty; default: the project name)')
    .addOption(new Option('-t, --template <name>', `the template (see --list; with --yes: ${DEFAULT_TEMPLATE})`))
    .addOption(new Option('--name <name>', 'the project name (default: the folder name)'))
    .addOption(new Option('--package <namespace:name>', 'the WIT package of the project (default: app:<name>)'))
    .option('--no-build', 'do not build the components now (`obelisk dev` builds them when it starts)')
    .option('-y, --yes', 'use the default for every answer not given by a flag; never ask')
    .option('--force', 'write into a non-empty folder, replacing files of the same names')
    .option('--list', 'list the templates and exit')
    .addOption(new Option('--json', 'print the result (or, with --list, the templates) as JSON'))
    .addHelpText(
      'after',
      [
        '',
        'On a terminal, the answers not given by flags are asked. Without one (scripts, CI) nothing is',
        'asked: --template is required unless --yes is given, the other answers have defaults.',
        '',
        'Examples:',
        '  $ obelisk new demo --template ts-workflow --yes',
        '  $ obelisk new --list',
        '  $ obelisk new billing -t js-activity --package acme:billing --no-build',
      ].join('\n'),
    )
    .action(
      withContext(io, async function (this: Command, ctx, dir: string | undefined, flags: NewFlags) {
        if (flags.list === true) {
          printTemplates(ctx);
          return;
        }
        const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true && flags.yes !== true && !ctx.json;
        // `--no-build` defaults `build` to true: only a flag given on the command line is an answer.
        const given = { ...flags, build: this.getOptionValueSource('build') === 'cli' ? flags.build : undefined };
        if (dir !== undefined) {
          checkTarget(resolve(io.cwd, dir), flags.force === true);
        }
        const answers = validated(interactive ? await askAnswers(io, dir, given) : answersFromFlags(dir, given));
        await runNew(ctx, io, answers);
      }),
    );
}

function printTemplates(ctx: CommandContext): void {
  const templates = listTemplates();
  if (ctx.json) {
    ctx.outJson({
      templates: templates.map((t) => ({
        name: t.name,
        description: t.description,
        language: t.language,
        kind: t.kind,
      })),
    });
    return;
  }
  const width = Math.max(...templates.map((t) => t.name.length));
  for (const t of templates) {
    ctx.out(`${t.name.padEnd(width)}  ${t.description}`);
  }
}

/** Without a terminal: flags and defaults only. */
export function answersFromFlags(dir: string | undefined, flags: NewFlags): NewAnswers {
  const template = flags.template ?? (flags.yes === true ? DEFAULT_TEMPLATE : undefined);
  if (template === undefined) {
    throw new UsageError('missing --template (there is no terminal to ask on)', {
      hint: `pass --template NAME (obelisk new --list shows them) or --yes for ${DEFAULT_TEMPLATE}`,
    });
  }
  const folder = dir ?? flags.name;
  if (folder === undefined) {
    throw new UsageError('missing the project folder (there is no terminal to ask on)', {
      hint: 'pass it as the first argument, e.g. `obelisk new demo`, or pass --name',
    });
  }
  const name = flags.name ?? defaultProjectName(folder);
  const pkg = flags.package ?? defaultPackage(name);
  return { dir: folder, template, name, package: pkg, build: flags.build !== false, force: flags.force === true };
}

function validated(answers: NewAnswers): NewAnswers {
  const nameProblem = projectNameProblem(answers.name);
  if (nameProblem !== null) {
    throw new UsageError(nameProblem, { hint: 'pass --name NAME' });
  }
  const problem = packageProblem(answers.package);
  if (problem !== null) {
    throw new UsageError(problem, { hint: 'pass --package namespace:name, e.g. --package acme:greeter' });
  }
  return answers;
}

async function runNew(ctx: CommandContext, io: CliIo, answers: NewAnswers): Promise<void> {
  const dir = resolve(io.cwd, answers.dir);
  const created = await createProject({
    dir,
    template: answers.template,
    names: { name: answers.name, ...splitPackage(answers.package) },
    force: answers.force,
    env: io.env,
  });
  for (const file of created.replaced) {
    ctx.err(`replaced ${file}`);
  }
  ctx.err(`Created ${answers.name} in ${dir} from ${created.template.name} (${created.files.length} files).`);
  const built = answers.build ? await build(ctx, io, created) : null;
  const next = nextCommands(dir, io.cwd, created.template);
  if (ctx.json) {
    ctx.outJson({ dir, template: created.template.name, files: created.files, built, next });
    return;
  }
  ctx.out(
    ['', 'Next:', ...next.map((line, i) => `  ${line}${i === next.length - 1 ? '   # in another terminal' : ''}`)].join(
      '\n',
    ),
  );
}

async function build(ctx: CommandContext, io: CliIo, created: CreatedProject): Promise<BuildOutcome[]> {
  const file = join(created.dir, 'obelisk.toml');
  const { config } = loadConfig({ file, cwd: io.cwd, env: io.env });
  return buildProject({
    config,
    projectDir: created.dir,
    cacheDir: join(cacheDir(io.env), 'build'),
    cwd: io.cwd,
    onEvent: (event) => reportEvent(ctx, io.cwd, event),
  });
}
