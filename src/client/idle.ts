/**
 * The client's timeouts. Node's fetch gives up on a connection that cannot be made (its connect
 * timeout, reported as unreachable); this adds the wait for an answer: from the request to the
 * response headers, and between two chunks of the body, at most `limitMs` may pass. A server that
 * accepts the connection and never answers is an {@link ApiTimeoutError}, not a hang.
 */
import { ApiTimeoutError } from './errors.js';

/** The default wait for an answer (headers, and each chunk of a body). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The default wait between two chunks of an event stream (`--follow`): the server sends a keepalive
 * comment every 15 s, so four missed keepalives mean the connection is gone.
 */
export const DEFAULT_STREAM_TIMEOUT_MS = 60_000;

/** One request's idle timer: aborts {@link signal} with an {@link ApiTimeoutError} when not touched in time. */
export class IdleTimer {
  readonly #controller = new AbortController();
  readonly #error: ApiTimeoutError;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number,
    baseUrl: string,
  ) {
    this.#error = new ApiTimeoutError(baseUrl, limitMs);
    this.touch();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the limit passed without progress. */
  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  get error(): ApiTimeoutError {
    return this.#error;
  }

  /** Progress: the wait starts again. */
  touch(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#controller.abort(this.#error), this.limitMs);
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  /** `response` with a body that touches the timer on every chunk and stops it at the end. */
  guard(response: Response): Response {
    const body = response.body;
    if (body === null) {
      this.stop();
      return response;
    }
    const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const guarded = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const { done, value } = await reader.read();
          if (done) {
            this.stop();
            controller.close();
            return;
          }
          this.touch();
          controller.enqueue(value);
        } catch (error: unknown) {
          this.stop();
          controller.error(this.expired ? this.#error : error);
        }
      },
      cancel: async (reason) => {
        this.stop();
        await reader.cancel(reason);
      },
    });
    return new Response(guarded, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
}
