// The workflow: implements `{{namespace}}:{{pkg}}-workflow/greetings` (workflow/wit/workflow.wit).
//
// Workflows must be deterministic: no I/O of their own, only calls to activities (child
// executions), join sets, durable sleeps and logging, which obelisk records and replays. Time and
// randomness come from the host, so `Date.now()` and `Math.random()` are replayed too.
import { greet } from '{{namespace}}:{{pkg}}/greeter';
import { greetAwaitNext, greetSubmit } from '{{namespace}}:{{pkg}}-obelisk-ext/greeter';
import { joinSetCreate, sleep } from 'obelisk:workflow/workflow-support@1.0.0';
import { log } from 'wasi:logging/logging@0.1.0-draft';

export const greetings = {
  greetAll(names) {
    const [first, ...rest] = names;
    if (first === undefined) {
      throw 'expected at least one name';
    }
    log('info', 'greet-all', `greeting ${names.length} names`);

    // A sequential call: a child execution of the activity; the workflow waits for its result
    // (a child's `err` is thrown here and becomes this workflow's `err`).
    const results = [greet(first)];

    // A fan-out: submit one child per remaining name to a join set, then await them all. They
    // finish in any order; the execution IDs map them back to their names.
    const joinSet = joinSetCreate();
    const positions = new Map();
    rest.forEach((name, index) => positions.set(greetSubmit(joinSet, name).id, index + 1));
    for (let i = 0; i < rest.length; i++) {
      // [execution-id, result]: the child's own result is a `{ tag, val }` object.
      const [id, result] = greetAwaitNext(joinSet);
      if (result.tag === 'err') {
        throw result.val;
      }
      results[positions.get(id.id)] = result.val;
    }

    // A durable sleep (u64 values are BigInts): the execution may be unloaded meanwhile and is
    // resumed by a replay.
    sleep({ tag: 'milliseconds', val: 500n });
    log('info', 'greet-all', 'done');
    return results.join(' ');
  },
};
