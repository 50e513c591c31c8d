import { describe, expect, test } from 'vitest';
import { SimClock, type ExecutionId, type Ffqn } from '../../../src/engine/concepts/index.js';
import { Notifier } from '../../../src/engine/storage/notifier.js';

const A = 'E_01KB00000000000000000000AA' as ExecutionId;
const B = 'E_01KB00000000000000000000BB' as ExecutionId;
const FFQN = 'ns:pkg/ifc.fn' as Ffqn;
const OTHER = 'ns:pkg/ifc.other' as Ffqn;

describe('Notifier', () => {
  test('a notification wakes only the waiters of its topic and execution', async () => {
    const clock = new SimClock();
    const notifier = new Notifier(clock);
    const woken: string[] = [];
    const finishedA = notifier.waitForFinished(A, 1000).then((n) => woken.push(`finished A ${n}`));
    const finishedA2 = notifier.waitForFinished(A, 1000).then((n) => woken.push(`finished A again ${n}`));
    const responseA = notifier.waitForResponse(A, 1000).then((n) => woken.push(`response A ${n}`));
    const finishedB = notifier.waitForFinished(B, 1000).then((n) => woken.push(`finished B ${n}`));
    const pending = notifier.waitForPending({ ffqns: [FFQN] }, 1000).then((n) => woken.push(`pending ${n}`));
    expect(notifier.waiting).toBe(5);

    notifier.notifyFinished(A);
    notifier.notifyPending(OTHER, 'default');
    await Promise.all([finishedA, finishedA2]);
    expect(woken.sort()).toEqual(['finished A again true', 'finished A true']);
    expect(notifier.waiting).toBe(3);

    notifier.notifyResponse(A);
    notifier.notifyPending(FFQN, 'default');
    await Promise.all([responseA, pending]);
    expect(notifier.waiting).toBe(1);

    clock.advance(1000); // B times out
    await finishedB;
    expect(woken).toContain('finished B false');
    expect(notifier.waiting).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  test('an abort or close wakes with false and leaves no waiter or timer behind', async () => {
    const clock = new SimClock();
    const notifier = new Notifier(clock);
    const controller = new AbortController();
    const aborted = notifier.waitForResponse(A, 1000, controller.signal);
    const closed = notifier.waitForPending({ queue: 'default' }, 1000);
    const closedToo = notifier.waitForFinished(B, 1000);
    controller.abort();
    await expect(aborted).resolves.toBe(false);
    expect(notifier.waiting).toBe(2);
    notifier.close();
    await expect(closed).resolves.toBe(false);
    await expect(closedToo).resolves.toBe(false);
    expect(notifier.waiting).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    await expect(notifier.waitForFinished(A, 1000, controller.signal)).resolves.toBe(false);
    expect(notifier.waiting).toBe(0);
  });
});
