import { describe, expect, test } from 'vitest';
import { SIM_CLOCK_START, SimClock, realClock } from '../../../src/engine/concepts/clock.js';

/** Lets pending promise callbacks run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}

describe('SimClock', () => {
  test('time stands still until advanced or set', () => {
    const clock = new SimClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
    clock.set(5_000);
    expect(clock.now()).toBe(5_000);
    expect(new SimClock().now()).toBe(SIM_CLOCK_START);
  });

  test('a sleeper resolves only once simulated time reaches its deadline', async () => {
    const clock = new SimClock(0);
    let woke = false;
    const sleeping = clock.sleep(100).then(() => (woke = true));
    clock.advance(99);
    await flush();
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  test('sleepers wake in deadline order, then in the order they slept', async () => {
    const clock = new SimClock(0);
    const order: string[] = [];
    const all = [
      clock.sleep(30).then(() => order.push('c')),
      clock.sleep(10).then(() => order.push('a')),
      clock.sleep(10).then(() => order.push('b')),
    ];
    expect(clock.nextDeadline()).toBe(10);
    clock.advance(100);
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  test('set moves time backwards without waking anyone', async () => {
    const clock = new SimClock(1_000);
    let woke = false;
    void clock.sleep(10).then(() => (woke = true));
    clock.set(0);
    await flush();
    expect(woke).toBe(false);
    expect(clock.nextDeadline()).toBe(1_010);
  });

  test('sleep(0) resolves at once', async () => {
    await new SimClock().sleep(0);
  });

  test('an abort rejects the sleeper and removes its timer', async () => {
    const clock = new SimClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pendingTimers).toBe(0);
    await expect(clock.sleep(1, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a timer fires once its deadline is reached, and not after it was cancelled', async () => {
    const clock = new SimClock();
    const fired: string[] = [];
    clock.timer(100, () => fired.push('a'));
    const cancelB = clock.timer(100, () => fired.push('b'));
    clock.timer(0, () => fired.push('now'));
    expect(fired).toEqual([]); // never inside timer()
    await flush();
    expect(fired).toEqual(['now']);
    expect(clock.pendingTimers).toBe(2);
    cancelB();
    expect(clock.pendingTimers).toBe(1);
    clock.advance(99);
    expect(fired).toEqual(['now']);
    clock.advance(1);
    expect(fired).toEqual(['now', 'a']);
    const cancelNow = clock.timer(0, () => fired.push('cancelled'));
    cancelNow();
    await flush();
    expect(fired).toEqual(['now', 'a']);
  });

  test('advance refuses negative amounts', () => {
    expect(() => new SimClock().advance(-1)).toThrow(RangeError);
    expect(() => new SimClock().set(Number.NaN)).toThrow(RangeError);
  });
});

describe('realClock', () => {
  test('it reads the system time and its sleep can be aborted', async () => {
    const before = Date.now();
    expect(realClock.now()).toBeGreaterThanOrEqual(before);
    await realClock.sleep(0);
    const controller = new AbortController();
    const sleeping = realClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('realClock', () => {
  test('a timer fires after its delay unless cancelled, also beyond what one Node timer holds', async () => {
    const fired: string[] = [];
    realClock.timer(1, () => fired.push('short'));
    const cancelFar = realClock.timer(Number.MAX_SAFE_INTEGER, () => fired.push('far'));
    const cancelSoon = realClock.timer(5, () => fired.push('cancelled'));
    cancelSoon();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toEqual(['short']);
    cancelFar();
  });

  test('a sleep longer than a Node timer can hold does not fire early', async () => {
    const controller = new AbortController();
    let settled = false;
    const sleeping = realClock.sleep(Number.MAX_SAFE_INTEGER, controller.signal).then(
      () => (settled = true),
      () => 'aborted',
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    controller.abort();
    expect(await sleeping).toBe('aborted');
  });
});
