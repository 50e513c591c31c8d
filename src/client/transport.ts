/**
 * The HTTP layer of the API client: URLs, headers, the token, timeouts (idle.ts), and errors from
 * answers and connections.
 */
import { ApiError, ApiProtocolError, ApiUnreachableError } from './errors.js';
import { DEFAULT_STREAM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, IdleTimer } from './idle.js';
import type { ErrorBody } from './types.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface Call {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly query?: Query | undefined;
  readonly body?: unknown;
  readonly accept?: string;
  readonly signal?: AbortSignal | undefined;
  /** An event stream: the longer idle limit applies (the server sends keepalives). */
  readonly stream?: boolean;
}

export interface Transport {
  readonly baseUrl: string;
  /** Sends a request; a non-2xx answer is thrown as an {@link ApiError}, a failed connection as {@link ApiUnreachableError}. */
  readonly send: (path: string, call?: Call) => Promise<Response>;
  /** Sends a request and reads the JSON answer. */
  readonly json: <T>(path: string, call?: Call) => Promise<T>;
}

export interface TransportOptions {
  /** `http://127.0.0.1:5005` (a trailing `/` is ignored). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** The longest wait for an answer, and between chunks of its body; default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** The same for event streams (`--follow`, `followResult`); default 60 s (the server sends a keepalive every 15 s). */
  readonly streamTimeoutMs?: number | undefined;
}

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const send = async (path: string, call: Call = {}): Promise<Response> => {
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    const headers: Record<string, string> = { accept: call.accept ?? 'application/json' };
    if (options.token !== undefined) {
      headers['authorization'] = `Bearer ${options.token}`;
    }
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const idle = new IdleTimer(
      call.stream === true
        ? (options.streamTimeoutMs ?? DEFAULT_STREAM_TIMEOUT_MS)
        : (options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      baseUrl,
    );
    let response: Response;
    try {
      response = await doFetch(url, {
        method: call.method ?? 'GET',
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.signal === undefined ? idle.signal : AbortSignal.any([call.signal, idle.signal]),
      });
    } catch (error: unknown) {
      idle.stop();
      if (idle.expired) {
        throw idle.error;
      }
      throw call.signal?.aborted === true ? error : new ApiUnreachableError(baseUrl, error);
    }
    const guarded = idle.guard(response);
    if (!guarded.ok) {
      throw await errorFrom(guarded);
    }
    return guarded;
  };
  return {
    baseUrl,
    send,
    json: async <T>(path: string, call?: Call): Promise<T> => (await readJson(await send(path, call))) as T,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiProtocolError(
      `the server answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof body.code === 'string' && typeof body.message === 'string') {
      return new ApiError(response.status, body.code, body.message, body.hint);
    }
  } catch {
    // not JSON: described below
  }
  return new ApiError(
    response.status,
    `http-${response.status}`,
    `the server answered ${response.status} ${response.statusText}${text === '' ? '' : `: ${text.slice(0, 200)}`}`,
    undefined,
  );
}
