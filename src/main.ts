/**
 * Composition root of the `obelisk` CLI and its ONE exit point: every command
 * throws on failure and only this file turns the outcome into `process.exitCode`.
 */
import { CommanderError, type Command } from 'commander';
import { globalsFrom, resolveGlobalOptions, type CliIo } from './cli/context.js';
import { ExitCode, reportError } from './cli/exit.js';
import { createProgram } from './program.js';

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let program: Command | undefined;
  try {
    program = await createProgram(io, { argv });
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      return commanderExitCode(error);
    }
    const globals = safeGlobals(program, io);
    const report = reportError(error, globals);
    io.stderr.write(report.stderr);
    return report.exitCode;
  }
}

/** Commander already printed its message; only the code is ours to choose. */
function commanderExitCode(error: CommanderError): number {
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return ExitCode.ok;
    default:
      return ExitCode.usage;
  }
}

function safeGlobals(program: Command | undefined, io: CliIo): ReturnType<typeof resolveGlobalOptions> {
  try {
    return program === undefined ? resolveGlobalOptions({}, io) : globalsFrom(program, io);
  } catch {
    return resolveGlobalOptions({}, io);
  }
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    throw error;
  }
});

process.exitCode = await main(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
