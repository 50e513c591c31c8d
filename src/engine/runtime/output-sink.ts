/**
 * Batches a guest's stdout/stderr bytes into text chunks for the main thread. A guest's writes
 * are synchronous and the worker's event loop does not run during an attempt, so there is no
 * timer: pending bytes go out at a write once the oldest of them is `maxDelayMs` old or
 * `maxBufferBytes` are pending, and on `flush()` — which the worker calls before the guest
 * blocks (poll, pollable.block) and at the end of the attempt. Pure: the clock is injected.
 */
import { TextDecoder } from 'node:util';

/** The guest output streams that are captured. */
export type OutputStreamName = 'stdout' | 'stderr';

export interface OutputSinkOptions {
  /** Receives decoded text, in order per stream. */
  readonly emit: (stream: OutputStreamName, chunk: string) => void;
  /** Send at a write when the oldest pending byte is at least this old (default 20 ms). */
  readonly maxDelayMs?: number;
  /** Send at once when this many bytes are pending (default 16 KiB). */
  readonly maxBufferBytes?: number;
  /** Milliseconds clock (default `performance.now`). */
  readonly now?: () => number;
}

const DEFAULT_MAX_DELAY_MS = 20;
const DEFAULT_MAX_BUFFER_BYTES = 16 * 1024;

/** Collects output of one attempt; see the module doc for when it emits. */
export class OutputSink {
  readonly #emit: OutputSinkOptions['emit'];
  readonly #maxDelayMs: number;
  readonly #maxBufferBytes: number;
  readonly #now: () => number;
  readonly #pending: Record<OutputStreamName, Uint8Array[]> = { stdout: [], stderr: [] };
  readonly #decoders: Record<OutputStreamName, TextDecoder> = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  #pendingBytes = 0;
  #pendingSince = 0;

  constructor(options: OutputSinkOptions) {
    this.#emit = options.emit;
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.#maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Records bytes written by the guest (copied: they may be a view of guest memory). */
  write(stream: OutputStreamName, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) {
      return;
    }
    const now = this.#now();
    if (this.#pendingBytes === 0) {
      this.#pendingSince = now;
    }
    this.#pending[stream].push(bytes.slice());
    this.#pendingBytes += bytes.byteLength;
    if (this.#pendingBytes >= this.#maxBufferBytes || now - this.#pendingSince >= this.#maxDelayMs) {
      this.flush();
    }
  }

  /** Emits everything pending. */
  flush(): void {
    if (this.#pendingBytes === 0) {
      return;
    }
    for (const stream of ['stdout', 'stderr'] as const) {
      const chunks = this.#pending[stream];
      if (chunks.length > 0) {
        this.#pending[stream] = [];
        const text = this.#decoders[stream].decode(concat(chunks), { stream: true });
        if (text !== '') {
          this.#emit(stream, text);
        }
      }
    }
    this.#pendingBytes = 0;
  }

  /** Emits everything pending, including an incomplete UTF-8 sequence at the very end. */
  end(): void {
    this.flush();
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.#decoders[stream].decode();
      if (rest !== '') {
        this.#emit(stream, rest);
      }
    }
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) {
    return chunks[0];
  }
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
