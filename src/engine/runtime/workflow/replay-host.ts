/**
 * A read-only {@link RunHost} for `engine.replay`: it answers a run from the recorded log
 * and writes nothing. The run stops where the recorded history ends; a new decision on a
 * finished execution is nondeterminism.
 */
import { describeEvent } from './describe.js';
import type { NondeterminismReport } from './errors.js';
import type { HostReply, HostRequest } from './protocol.js';
import type { RunHost } from './workflow-runtime.js';

/** Why the replay ended at the end of the recorded history. */
export const END_OF_HISTORY = 'replay reached the end of the recorded history';

export class ReplayHost implements RunHost {
  readonly waitingSince = null;
  #inCall = false;
  #stopped: string | null = null;
  /** A decision made beyond the log of a finished execution. */
  extraDecision: NondeterminismReport | null = null;

  constructor(
    private readonly finished: boolean,
    private readonly lastVersion: number,
    private readonly answer: (
      request: Exclude<HostRequest, { type: 'sync' } | { type: 'cancel' }>,
    ) => Promise<HostReply>,
  ) {}

  get inCall(): boolean {
    return this.#inCall;
  }

  evict(): void {}

  stop(reason: string): void {
    this.#stopped = reason;
  }

  async handle(request: HostRequest): Promise<HostReply> {
    if (this.#stopped !== null) {
      return { type: 'suspend', reason: this.#stopped };
    }
    this.#inCall = true;
    try {
      switch (request.type) {
        case 'sync': {
          const first = request.events[0];
          if (first !== undefined && this.finished) {
            this.extraDecision = {
              eventIndex: null,
              recorded: `the end of the log (version ${this.lastVersion})`,
              requested: describeEvent(first),
            };
          }
          return { type: 'suspend', reason: END_OF_HISTORY };
        }
        case 'cancel':
          return { type: 'suspend', reason: END_OF_HISTORY };
        default:
          return await this.answer(request);
      }
    } finally {
      this.#inCall = false;
    }
  }
}
