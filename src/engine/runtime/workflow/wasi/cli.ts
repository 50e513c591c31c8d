/** `wasi:cli/*` for workflows: no environment, arguments or terminal; empty stdin; captured stdout/stderr. */
import { WorkflowTrap } from '../errors.js';
import type { WasiContext } from './context.js';
import { InputStream, OutputStream } from './io.js';

export class TerminalInput {}
export class TerminalOutput {}

export function cliImports(ctx: WasiContext): Record<string, Record<string, unknown>> {
  const stdout = new OutputStream(ctx, 'stdout');
  const stderr = new OutputStream(ctx, 'stderr');
  const stdin = new InputStream();
  return {
    'wasi:cli/environment': { getEnvironment: () => [], getArguments: () => [], initialCwd: () => undefined },
    'wasi:cli/exit': {
      exit: (status: { tag: string }): never => {
        throw new WorkflowTrap(`the workflow called exit (${status.tag})`);
      },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
  };
}
