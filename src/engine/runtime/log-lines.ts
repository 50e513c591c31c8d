/** Splits streamed guest output into lines, per stream, keeping the unfinished tail. */
import type { LogStream } from '../concepts/index.js';

export class LineSplitter {
  readonly #partial = new Map<LogStream, string>();

  /** Adds a chunk; returns the complete lines it finished (without the newline). */
  push(stream: LogStream, chunk: string): string[] {
    const text = (this.#partial.get(stream) ?? '') + chunk;
    const lines = text.split('\n');
    this.#partial.set(stream, lines.pop() ?? '');
    return lines;
  }

  /** The unfinished tail of each stream, as last lines. */
  flush(): { stream: LogStream; line: string }[] {
    const out: { stream: LogStream; line: string }[] = [];
    for (const [stream, line] of this.#partial) {
      if (line !== '') {
        out.push({ stream, line });
      }
    }
    this.#partial.clear();
    return out;
  }
}
