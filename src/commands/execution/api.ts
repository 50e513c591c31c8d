/**
 * Shared by the client commands (`execution ...`, `component ...`): the `--api-url` /
 * `--api-token` options with their environment twins, the API client, and API errors as CLI errors.
 */
import { Option, type Command } from 'commander';
import { createContext, globalsFrom, type CliIo, type CommandContext } from '../../cli/context.js';
import { ErrorCode, UsageError, UserError } from '../../cli/errors.js';
import {
  ApiError,
  ApiProtocolError,
  ApiTimeoutError,
  ApiUnreachableError,
  createApiClient,
  type ApiClient,
} from '../../client/index.js';

/** Where the API is when neither `--api-url` nor `OBELISK_API_URL` says. */
export const DEFAULT_API_URL = 'http://127.0.0.1:5005';

interface ApiFlags {
  readonly apiUrl?: string | undefined;
  readonly apiToken?: string | undefined;
}

/** Adds `--api-url` and `--api-token` (and `--json` when `json` is true) to a client command. */
export function withApiOptions(command: Command, json = true): Command {
  command
    .addOption(new Option('--api-url <url>', `the obelisk API (env: OBELISK_API_URL; default ${DEFAULT_API_URL})`))
    .addOption(
      new Option('--api-token <token>', 'bearer token of the API (env: OBELISK_API_TOKEN, then OBELISK__API__TOKEN)'),
    );
  if (json) {
    command.addOption(new Option('--json', "print the API's JSON (shapes in docs/cli-json.md)"));
  }
  return command;
}

export interface ClientContext {
  readonly ctx: CommandContext;
  readonly api: ApiClient;
}

/** The output context and the API client of a command, from its flags and the environment. */
export function clientContext(command: Command, io: CliIo): ClientContext {
  const { baseUrl, token } = apiEndpoint(command, io);
  const timeoutMs = httpTimeout(io.env);
  return { ctx: createContext(globalsFrom(command, io), io), api: createApiClient({ baseUrl, token, timeoutMs }) };
}

/** `OBELISK_HTTP_TIMEOUT_MS`: the longest wait for an answer of the API (default 30 s). */
export function httpTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const text = nonEmpty(env['OBELISK_HTTP_TIMEOUT_MS']);
  if (text === undefined) {
    return undefined;
  }
  const ms = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms) || ms < 1) {
    throw new UsageError(
      `OBELISK_HTTP_TIMEOUT_MS must be a positive number of milliseconds, got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

/** The API's URL and token from `--api-url` / `--api-token` and the environment. */
export function apiEndpoint(command: Command, io: CliIo): { baseUrl: string; token: string | undefined } {
  const flags = command.opts<ApiFlags>();
  const baseUrl = nonEmpty(flags.apiUrl) ?? nonEmpty(io.env['OBELISK_API_URL']) ?? DEFAULT_API_URL;
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new UsageError(`--api-url must be an http:// or https:// URL, got ${JSON.stringify(baseUrl)}`);
  }
  // OBELISK__API__TOKEN is the env override of `api.token` in obelisk.toml: the server's own token.
  const token =
    nonEmpty(flags.apiToken) ?? nonEmpty(io.env['OBELISK_API_TOKEN']) ?? nonEmpty(io.env['OBELISK__API__TOKEN']);
  return { baseUrl, token };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** API and connection errors as {@link UserError}s (code and hint kept); anything else unchanged. */
export function cliError(error: unknown): unknown {
  if (error instanceof ApiError) {
    return new UserError(error.code, error.message, { hint: error.hint, cause: error });
  }
  if (error instanceof ApiUnreachableError) {
    return new UserError(ErrorCode.unavailable, error.message, { cause: error.cause });
  }
  if (error instanceof ApiTimeoutError) {
    return new UserError(error.code, error.message, { hint: error.hint, cause: error });
  }
  if (error instanceof ApiProtocolError) {
    return new UserError(error.code, error.message, { cause: error });
  }
  return error;
}

/** A client command's action: `run` gets the output context and the API client before the command's arguments. */
export function apiAction<A extends unknown[]>(
  io: CliIo,
  run: (this: Command, client: ClientContext, ...args: A) => Promise<void>,
): (this: Command, ...args: A) => Promise<void> {
  return clientAction(async function (this: Command, ...args: A) {
    await run.call(this, clientContext(this, io), ...args);
  });
}

/** Wraps a command action so that API errors become CLI errors. */
export function clientAction<A extends unknown[]>(
  action: (this: Command, ...args: A) => Promise<void>,
): (this: Command, ...args: A) => Promise<void> {
  return async function (this: Command, ...args: A): Promise<void> {
    try {
      await action.apply(this, args);
    } catch (error: unknown) {
      throw cliError(error);
    }
  };
}
