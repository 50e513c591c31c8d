/** Option parsers shared by the execution commands (commander reports their errors as usage errors, exit 2). */
import { InvalidArgumentError } from 'commander';

/** An integer in `[min, max]`. */
export function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}
