/** A task run in the background between `start()` and `stop()` (the cron scheduler's loop, the retention sweep). */
import { WAIT_ENDED } from './clock.js';

export class BackgroundTask {
  readonly #run: (signal: AbortSignal) => Promise<void>;
  #abort: AbortController | null = null;
  #running: Promise<void> | null = null;

  /** `run` must end soon after its signal aborts (with {@link WAIT_ENDED}), and must not reject. */
  constructor(run: (signal: AbortSignal) => Promise<void>) {
    this.#run = run;
  }

  /** Starts the task, unless it is running. */
  start(): void {
    if (this.#running !== null) {
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.#running = this.#run(abort.signal);
  }

  /** Aborts the task's signal and waits for it to end; it can be started again afterwards. */
  async stop(): Promise<void> {
    this.#abort?.abort(WAIT_ENDED);
    await this.#running;
    this.#running = null;
    this.#abort = null;
  }
}
