/** `wasi:io/poll`, `wasi:io/error`, `wasi:io/streams` for workflows: output streams are captured, input is empty. */
import { fail, Pollable, type WasiContext } from './context.js';

const WRITE_BUDGET = 1n << 20n;

/** `wasi:io/error.error`: never created (streams only ever report `closed`). */
export class IoError {
  toDebugString(): string {
    return 'workflow I/O error';
  }
}

export class InputStream {
  read(): Uint8Array {
    return fail({ tag: 'closed' });
  }
  blockingRead(): Uint8Array {
    return fail({ tag: 'closed' });
  }
  skip(): bigint {
    return fail({ tag: 'closed' });
  }
  blockingSkip(): bigint {
    return fail({ tag: 'closed' });
  }
  subscribe(): Pollable {
    return new Pollable();
  }
}

export class OutputStream {
  constructor(
    private readonly ctx: WasiContext | null,
    private readonly stream: 'stdout' | 'stderr',
  ) {}

  checkWrite(): bigint {
    return WRITE_BUDGET;
  }
  write(contents: Uint8Array): void {
    this.ctx?.write(this.stream, contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.ctx?.write(this.stream, contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  writeZeroes(len: bigint): void {
    this.ctx?.write(this.stream, new Uint8Array(Number(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(): bigint {
    return fail({ tag: 'closed' });
  }
  blockingSplice(): bigint {
    return fail({ tag: 'closed' });
  }
  subscribe(): Pollable {
    return new Pollable();
  }
}

export function ioImports(): Record<string, Record<string, unknown>> {
  return {
    'wasi:io/poll': { Pollable, poll: (list: readonly unknown[]): Uint32Array => Uint32Array.from(list.keys()) },
    'wasi:io/error': { Error: IoError },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}
