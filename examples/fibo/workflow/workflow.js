// The fibo workflows: call the fibo activity `iterations` times and sum the results.
//
// Workflows are deterministic: the host records every child call, join set and response, and
// replays them after a restart. Imports are synchronous; ComponentizeJS maps u64 to BigInt.
import { fibo } from 'testing:fibo/fibo';
import { fiboAwaitNext, fiboSubmit } from 'testing:fibo-obelisk-ext/fibo';
import { joinSetCreate } from 'obelisk:workflow/workflow-support@1.0.0';

const U64_MAX = (1n << 64n) - 1n;
const ERR = { tag: 'err', val: undefined };

export const workflow = {
  // Each `fibo(n)` is a blocking child execution; a child's `err` is thrown here and becomes
  // this workflow's `err`.
  fiboa(n, iterations) {
    let sum = 0n;
    for (let i = 0; i < iterations; i++) {
      sum += fibo(n);
    }
    return sum > U64_MAX ? ERR : sum;
  },

  // All children are submitted to one join set first, then awaited in completion order.
  fiboaConcurrent(n, iterations) {
    const joinSet = joinSetCreate();
    for (let i = 0; i < iterations; i++) {
      fiboSubmit(joinSet, n);
    }
    let sum = 0n;
    for (let i = 0; i < iterations; i++) {
      // [execution-id, result<u64>]: the child's own result is a `{ tag, val }` object; an
      // await-next error (e.g. a child that timed out) is thrown.
      const [, result] = fiboAwaitNext(joinSet);
      if (result.tag === 'err') {
        return ERR;
      }
      sum += result.val;
    }
    return sum > U64_MAX ? ERR : sum;
  },
};
