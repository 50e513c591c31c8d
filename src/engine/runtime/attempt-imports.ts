/**
 * The WASI imports of one activity attempt, built fresh for every attempt from preview2-shim's
 * `WASIShim` (never its process-wide globals):
 * - no preopened directories (even if `_setPreopens` ran elsewhere in the process),
 * - only the configured environment variables, no arguments, no initial cwd,
 * - stdout/stderr captured into an {@link OutputSink}, stdin empty, no terminal,
 * - no raw sockets; `wasi:http/outgoing-handler` only to `allowed_hosts` (denied by default,
 *   answered with `HTTP-request-denied`),
 * - `wasi:cli/exit` traps instead of ending the thread.
 */
import * as shimCli from '@bytecodealliance/preview2-shim/cli';
import * as shimHttp from '@bytecodealliance/preview2-shim/http';
// eslint-disable-next-line import/no-unresolved -- the package maps the "types" of ./instantiation to a literal "*" path; TypeScript and Node resolve it.
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { describeDenial, isRequestAllowed, type AllowedHost, type RequestTarget } from './allowed-hosts.js';
import type { OutputSink } from './output-sink.js';
import { CapturedOutputStream, EmptyInputStream } from './wasi-stdio.js';

export interface AttemptImportsOptions {
  /** The activity's `env_vars`: the guest sees exactly these. */
  readonly env: Readonly<Record<string, string>>;
  readonly allowedHosts: readonly AllowedHost[];
  readonly sink: OutputSink;
  /** Called with a log line (method, host, setting to change) when a request is denied. */
  readonly onHttpDenied: (message: string) => void;
}

/** Thrown when the guest calls `wasi:cli/exit`: an activity must return, not exit. */
export class GuestExitError extends Error {
  override name = 'GuestExitError';
}

interface ShimOutgoingRequest {
  method(): { tag: string; val?: string };
  scheme(): { tag: string; val?: string } | undefined;
  authority(): string | undefined;
}
type OutgoingHandle = (request: ShimOutgoingRequest, options: unknown) => unknown;

/** Reads method, scheme and authority the way preview2-shim will send the request. */
export function requestTarget(request: ShimOutgoingRequest): RequestTarget {
  const method = request.method();
  const scheme = request.scheme();
  return {
    method: (method.tag === 'other' ? (method.val ?? '') : method.tag).toUpperCase(),
    // preview2-shim sends a request without a scheme as https.
    scheme: scheme === undefined ? 'https' : (scheme.tag === 'other' ? (scheme.val ?? '') : scheme.tag).toLowerCase(),
    authority: request.authority(),
  };
}

function guardedOutgoingHandler(options: AttemptImportsOptions): { handle: OutgoingHandle } {
  const base = (shimHttp.outgoingHandler as unknown as { handle: OutgoingHandle }).handle;
  return {
    handle(request, requestOptions) {
      const target = requestTarget(request);
      if (!isRequestAllowed(options.allowedHosts, target)) {
        options.onHttpDenied(describeDenial(options.allowedHosts, target));
        // A thrown non-Error value becomes the import's `err`: error-code.HTTP-request-denied.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the glue lowers a thrown plain value as the WIT `err` payload.
        throw { tag: 'HTTP-request-denied' };
      }
      return base(request, requestOptions);
    },
  };
}

function sandboxedCli(options: AttemptImportsOptions): object {
  const stdout = new CapturedOutputStream(options.sink, 'stdout');
  const stderr = new CapturedOutputStream(options.sink, 'stderr');
  const exit = (detail: string): never => {
    throw new GuestExitError(`the activity called wasi:cli/exit (${detail}) instead of returning`);
  };
  return {
    ...shimCli,
    environment: {
      getEnvironment: () => Object.entries(options.env),
      getArguments: () => [],
      initialCwd: () => undefined,
    },
    exit: {
      exit: (status: { tag: string }) => exit(`status ${status.tag}`),
      exitWithCode: (code: number) => exit(`code ${code}`),
    },
    stdin: { getStdin: () => new EmptyInputStream() },
    stdout: { getStdout: () => stdout },
    stderr: { getStderr: () => stderr },
    terminalStdin: { getTerminalStdin: () => undefined },
    terminalStdout: { getTerminalStdout: () => undefined },
    terminalStderr: { getTerminalStderr: () => undefined },
  };
}

/** Builds the import object (unversioned interface names) for one attempt. */
export function createAttemptImports(options: AttemptImportsOptions): Record<string, unknown> {
  const shim = new WASIShim({
    cli: sandboxedCli(options),
    sandbox: { env: { ...options.env }, args: [], preopens: {}, enableNetwork: false },
  });
  const imports: Record<string, unknown> = { ...shim.getImportObject() };
  const poll = imports['wasi:io/poll'] as { poll: (list: unknown[]) => unknown };
  imports['wasi:io/poll'] = {
    ...poll,
    // The guest is about to block: send what it wrote so far.
    poll: (list: unknown[]) => {
      options.sink.flush();
      return poll.poll(list);
    },
  };
  imports['wasi:http/outgoing-handler'] = guardedOutgoingHandler(options);
  return imports;
}
