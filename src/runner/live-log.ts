/**
 * The compact live log of `obelisk dev`: one line per top-level execution that started or
 * finished since the last look (polling the list; children show in `execution list --show-derived`).
 */
import type { Engine, ExecutionSummary } from '../engine/index.js';

export interface LiveLogOptions {
  readonly engine: Engine;
  readonly write: (line: string) => void;
  readonly intervalMs?: number;
}

function describe(summary: ExecutionSummary): string {
  const finished = summary.finished;
  if (finished === null) {
    return 'started';
  }
  if (finished.kind === 'failure') {
    return `failed: ${finished.failureKind}`;
  }
  return `finished ${JSON.stringify({ [finished.kind]: finished.value })}`;
}

/** Starts polling; returns a function that stops it. */
export function startLiveLog(options: LiveLogOptions): () => void {
  const seen = new Map<string, string>();
  let stopped = false;
  let first = true;
  const poll = async (): Promise<void> => {
    const page = await options.engine.listExecutions({ limit: 200 });
    for (const summary of [...page.executions].reverse()) {
      const state = summary.finished === null ? 'running' : 'finished';
      if (seen.get(summary.executionId) !== state) {
        seen.set(summary.executionId, state);
        if (!first) {
          options.write(`${summary.executionId} ${summary.ffqn} ${describe(summary)}`);
        }
      }
    }
    first = false;
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        await poll();
      } catch {
        // the store is closing
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250).unref());
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}
