/** Splits streamed guest output into lines, per stream, keeping the unfinished tail. */
import type { Clock, ExecutionId, LogEntry, LogStream, RunId } from '../concepts/index.js';
import type { EngineLogger } from '../executor/index.js';
import type { WorkerStore } from '../storage/index.js';

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

/** What happens to a guest's output lines (`forward_stdout|stderr`, stored logs). */
export interface OutputForwarding {
  /** Store them as the execution's logs (`obelisk execution logs`). */
  readonly store: boolean;
  /** Write them to the server log. */
  readonly log: boolean;
}

export interface GuestOutputOptions {
  readonly executionId: ExecutionId;
  readonly runId: RunId;
  readonly output: OutputForwarding;
  readonly store: Pick<WorkerStore, 'appendLogs'>;
  readonly logger: EngineLogger;
  readonly clock: Clock;
}

/** Collects the guest's output of one attempt or request into log lines, logged and/or stored. */
export class GuestOutput {
  readonly #splitter = new LineSplitter();
  readonly #entries: LogEntry[] = [];
  readonly #options: GuestOutputOptions;

  constructor(options: GuestOutputOptions) {
    this.#options = options;
  }

  push(stream: LogStream, chunk: string): void {
    for (const line of this.#splitter.push(stream, chunk)) {
      this.#add(stream, line);
    }
  }

  /** Takes the unfinished last lines and stores what was collected. */
  async flush(): Promise<void> {
    for (const { stream, line } of this.#splitter.flush()) {
      this.#add(stream, line);
    }
    if (this.#entries.length > 0) {
      await this.#options.store.appendLogs(this.#entries.splice(0));
    }
  }

  #add(stream: LogStream, message: string): void {
    const { executionId, runId, output, logger, clock } = this.#options;
    if (output.log) {
      logger.info(`[${executionId}] ${stream}: ${message}`);
    }
    if (output.store) {
      this.#entries.push({ type: 'stream', stream, message, executionId, runId, createdAt: clock.now() });
    }
  }
}
