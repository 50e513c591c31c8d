/**
 * The questions `obelisk new` asks on a terminal, for the answers its flags did not give. Nothing
 * is written before the last answer, so Ctrl-C at any question leaves nothing behind.
 */
import { confirm, input, select } from '@inquirer/prompts';
import type { CliIo } from '../cli/context.js';
import { ErrorCode, UserError } from '../cli/errors.js';
import {
  DEFAULT_TEMPLATE,
  defaultPackage,
  defaultProjectName,
  listTemplates,
  packageProblem,
  projectNameProblem,
} from '../scaffold/index.js';

export interface NewFlags {
  readonly template?: string | undefined;
  readonly name?: string | undefined;
  readonly package?: string | undefined;
  readonly build?: boolean | undefined;
  readonly yes?: boolean | undefined;
  readonly force?: boolean | undefined;
  readonly list?: boolean | undefined;
}

export interface NewAnswers {
  readonly dir: string;
  readonly template: string;
  readonly name: string;
  readonly package: string;
  readonly build: boolean;
  readonly force: boolean;
}

/** Asks for each answer its flag did not give; the prompt's default is the flag-less default. */
export async function askAnswers(io: CliIo, dir: string | undefined, flags: NewFlags): Promise<NewAnswers> {
  const context = { input: io.stdin, output: io.stdout, clearPromptOnDone: false };
  try {
    const template =
      flags.template ??
      (await select(
        {
          message: 'Template',
          choices: listTemplates().map((t) => ({ name: t.name, value: t.name, description: t.description })),
          default: DEFAULT_TEMPLATE,
        },
        context,
      ));
    const name =
      flags.name ??
      (
        await input(
          {
            message: 'Project name',
            default: dir === undefined ? 'my-project' : defaultProjectName(dir),
            validate: (value) => projectNameProblem(value.trim()) ?? true,
          },
          context,
        )
      ).trim();
    const pkg =
      flags.package ??
      (
        await input(
          {
            message: 'WIT package (namespace:name)',
            default: defaultPackage(name),
            validate: (value) => packageProblem(value.trim()) ?? true,
          },
          context,
        )
      ).trim();
    const build =
      flags.build === false ? false : await confirm({ message: 'Build the components now?', default: true }, context);
    return { dir: dir ?? name, template, name, package: pkg, build, force: flags.force === true };
  } catch (error: unknown) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new UserError(ErrorCode.failed, 'cancelled: nothing was written', { cause: error });
    }
    throw error;
  }
}
