/**
 * The guest's stdio for one attempt: stdout/stderr are our own `wasi:io/streams` output streams
 * that write into an {@link OutputSink}; stdin is always empty. They subclass preview2-shim's
 * stream classes because the generated glue checks `instanceof` against them.
 */
import { monotonicClock } from '@bytecodealliance/preview2-shim/clocks';
import { streams } from '@bytecodealliance/preview2-shim/io';
import type { OutputSink, OutputStreamName } from './output-sink.js';

interface ShimInputStream {
  read(len: bigint): Uint8Array;
  blockingRead(len: bigint): Uint8Array;
}
type StreamBase = new () => object;

const ShimStreams = streams as unknown as { OutputStream: StreamBase; InputStream: StreamBase };
/** The stream is closed: the glue turns this thrown value into `stream-error.closed`. */
function closed(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the glue lowers a thrown plain value as the WIT `err` payload.
  throw { tag: 'closed' };
}
/** What `check-write` allows the guest to write in one go. */
const WRITE_BUDGET = 1n << 20n;

function readyPollable(): unknown {
  return monotonicClock.subscribeDuration(0n);
}

/** An output stream whose bytes go to an {@link OutputSink} (never to the host's stdio). */
export class CapturedOutputStream extends ShimStreams.OutputStream {
  readonly #sink: OutputSink;
  readonly #stream: OutputStreamName;

  constructor(sink: OutputSink, stream: OutputStreamName) {
    super();
    this.#sink = sink;
    this.#stream = stream;
  }

  checkWrite(): bigint {
    return WRITE_BUDGET;
  }
  write(contents: Uint8Array): void {
    this.#sink.write(this.#stream, contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.#sink.write(this.#stream, contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  writeZeroes(len: bigint): void {
    this.#sink.write(this.#stream, new Uint8Array(Number(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(src: ShimInputStream, len: bigint): bigint {
    const data = src.read(len);
    this.#sink.write(this.#stream, data);
    return BigInt(data.byteLength);
  }
  blockingSplice(src: ShimInputStream, len: bigint): bigint {
    const data = src.blockingRead(len);
    this.#sink.write(this.#stream, data);
    return BigInt(data.byteLength);
  }
  subscribe(): unknown {
    return readyPollable();
  }
}

/** A stdin that is always at end of stream: activities read no host input. */
export class EmptyInputStream extends ShimStreams.InputStream {
  read(_len: bigint): never {
    closed();
  }
  blockingRead(_len: bigint): never {
    closed();
  }
  skip(_len: bigint): never {
    closed();
  }
  blockingSkip(_len: bigint): never {
    closed();
  }
  subscribe(): unknown {
    return readyPollable();
  }
}
