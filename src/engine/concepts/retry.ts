/**
 * Retry policy: after the n-th temporary failure (n >= 1) an execution is retried
 * after `backoffMs * 2^(n-1)` milliseconds, while `n <= maxRetries`
 * (`maxRetries = null`: forever). Optional jitter shortens each delay by a random
 * fraction (at most `jitter` of it) drawn from an injected random source.
 */

export interface RetryConfig {
  /** How many retries after the first attempt; `null` retries forever. */
  readonly maxRetries: number | null;
  /** The delay before the first retry, doubled for each further one. */
  readonly backoffMs: number;
  /** Upper bound of one delay, if any. */
  readonly maxBackoffMs?: number | undefined;
  /** 0..1: each delay is shortened by up to this fraction of itself, at random. 0 or absent: none. */
  readonly jitter?: number | undefined;
}

/** A number in [0, 1). Injected so jitter is reproducible in tests. */
export type RandomFraction = () => number;

/**
 * The delay before the retry that follows the `failures`-th temporary failure, or
 * `null` when no retry is left. `failures` counts this failure (1 for the first).
 */
export function backoffDelay(
  config: RetryConfig,
  failures: number,
  random: RandomFraction = Math.random,
): number | null {
  if (!Number.isInteger(failures) || failures < 1) {
    throw new RangeError(`failures must be an integer >= 1, got ${failures}`);
  }
  if (config.maxRetries !== null && failures > config.maxRetries) {
    return null;
  }
  const exponential = config.backoffMs * 2 ** (failures - 1);
  const capped = config.maxBackoffMs === undefined ? exponential : Math.min(exponential, config.maxBackoffMs);
  const jitter = Math.min(Math.max(config.jitter ?? 0, 0), 1);
  if (jitter === 0) {
    return capped;
  }
  return Math.round(capped * (1 - jitter * random()));
}

/**
 * When to retry after the `failures`-th temporary failure that happened at `now`,
 * or `null` when the execution should be finished instead.
 */
export function retryAt(config: RetryConfig, failures: number, now: number, random?: RandomFraction): number | null {
  const delay = backoffDelay(config, failures, random);
  return delay === null ? null : now + delay;
}
