/** Errors of the API client: the server answered with an error, could not be reached, or did not answer. */
import { CodedError } from '../engine/concepts/coded-error.js';

/** The server answered with a 4xx/5xx and its `{"code","message","hint"?}` body. */
export class ApiError extends CodedError {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    hint: string | undefined,
  ) {
    super(message, { hint });
  }
}

/** No connection to the server (refused, unknown host, reset). */
export class ApiUnreachableError extends CodedError {
  override name = 'ApiUnreachableError';
  readonly code = 'unreachable';

  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    super(
      `cannot reach the server at ${baseUrl}: is \`obelisk dev\` or \`obelisk server run\` running? (set --api-url or OBELISK_API_URL)`,
      { cause },
    );
  }
}

/** The server's answer is not what the API promises (e.g. not JSON). */
export class ApiProtocolError extends CodedError {
  override name = 'ApiProtocolError';
  readonly code = 'bad-response';
}

/** The server accepted the connection but did not answer (or stopped sending) within the limit. */
export class ApiTimeoutError extends CodedError {
  override name = 'ApiTimeoutError';
  readonly code = 'timeout';

  constructor(
    readonly baseUrl: string,
    readonly limitMs: number,
  ) {
    super(`the server at ${baseUrl} did not answer within ${describeMs(limitMs)}`, {
      hint: 'check that the address is an obelisk API and that the server is not overloaded; set OBELISK_HTTP_TIMEOUT_MS to wait longer',
    });
  }
}

function describeMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
