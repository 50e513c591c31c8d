// The workflow: implements `{{namespace}}:{{pkg}}-workflow/countdown` (workflow/wit/workflow.wit).
//
// Workflows must be deterministic: no I/O of their own, only calls to activities, join sets,
// durable sleeps and logging, which obelisk records and replays.
import { sleep } from 'obelisk:workflow/workflow-support@1.0.0';
import { log } from 'wasi:logging/logging@0.1.0-draft';

export const countdown = {
  countdown(steps) {
    if (steps > 100) {
      throw `expected at most 100, got ${steps}`;
    }
    for (let left = steps; left > 0; left--) {
      log('info', 'countdown', `${left}`);
      // A durable sleep (u64 values are BigInts): the execution may be unloaded meanwhile.
      sleep({ tag: 'milliseconds', val: 200n });
    }
    return `counted down from ${steps}`;
  },
};
