/** `obelisk generate config [blank|<example>] [--out FILE]`: a commented obelisk.toml. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { ErrorCode, UserError } from '../../cli/errors.js';
import { writeOutputFile } from '../../cli/files.js';
import { blankConfigTemplate, EXAMPLES_DIR, exampleConfigTemplate, exampleNames } from '../../config/template.js';

interface Flags {
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

/** Builds `obelisk generate config`. */
export function createGenerateConfigCommand(io: CliIo): Command {
  const templates = ['blank', ...exampleNames()];
  return new Command('config')
    .description(
      'Print (or write with --out) a commented obelisk.toml: blank documents every key and its default; an example name configures that bundled example.',
    )
    .addArgument(new Argument('[template]', 'what to generate').choices(templates).default('blank'))
    .addOption(
      new Option('-o, --out <file>', 'write the file instead of printing it; paths inside are relative to its folder'),
    )
    .addOption(new Option('-f, --force', 'overwrite --out if it exists'))
    .addHelpText(
      'after',
      [
        '',
        'Without --out, paths in an example config are relative to the current folder.',
        'With --json: {"template", "path" (null when printed), "content"}.',
        '',
        'Examples:',
        '  $ obelisk generate config > obelisk.toml',
        '  $ obelisk generate config fibo --out obelisk.toml && obelisk server verify',
      ].join('\n'),
    )
    .action(
      withContext(io, (ctx, template: string, flags: Flags) => {
        const out = flags.out === undefined ? null : resolve(io.cwd, flags.out);
        const content =
          template === 'blank'
            ? blankConfigTemplate()
            : exampleConfig(template, out === null ? io.cwd : dirname(out), (text) => ctx.err(text));
        if (out !== null) {
          write(out, content, flags.force === true);
        }
        if (ctx.json) {
          ctx.outJson({ template, path: out, content });
        } else if (out === null) {
          io.stdout.write(content);
        } else {
          ctx.out(out);
        }
      }),
    );
}

function exampleConfig(name: string, outDir: string, warn: (text: string) => void): string {
  const dist = join(EXAMPLES_DIR, name, 'dist');
  if (!existsSync(dist)) {
    warn(
      `note: the example is not built yet (${dist} is missing); build it with \`node scripts/build-examples.mjs ${name}\` in the obelisk package`,
    );
  }
  return exampleConfigTemplate(name, outDir);
}

function write(path: string, content: string, force: boolean): void {
  if (existsSync(path) && !force) {
    throw new UserError(ErrorCode.conflict, `${path} already exists`, {
      hint: 'pass --force to overwrite it, or choose another --out',
    });
  }
  writeOutputFile(path, content);
}
