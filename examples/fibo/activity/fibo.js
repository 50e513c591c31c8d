// The fibo activity: the n-th Fibonacci number, computed iteratively.
//
// ComponentizeJS maps u64 to BigInt. Returning a value is `ok`; returning `{ tag: 'err' }` is
// `err` (throwing an `Error` would trap instead).

const U64_MAX = (1n << 64n) - 1n;

export const fibo = {
  fibo(n) {
    let current = 0n;
    let next = 1n;
    for (let i = 0; i < n; i++) {
      [current, next] = [next, current + next];
    }
    if (current > U64_MAX) {
      return { tag: 'err', val: undefined };
    }
    return current;
  },
};
