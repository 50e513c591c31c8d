/** The join-set bookkeeping of a workflow run: received responses, completion order, consumption. */
import { describe, expect, test } from 'vitest';
import { DelayId, ExecutionId, JoinSetId, SimClock, type JoinSetResponseRecord } from '../../../src/engine/index.js';
import { JoinSets, responseKey } from '../../../src/engine/runtime/workflow/join-sets.js';

const parent = ExecutionId.generate(new SimClock());
const first = JoinSetId.oneOff(1);
const second = JoinSetId.oneOff(2);
const delayOf = (joinSetId: JoinSetId, n: number): DelayId => DelayId.derive(parent, joinSetId, n);

function fired(cursor: number, joinSetId: JoinSetId, n: number): JoinSetResponseRecord {
  return {
    executionId: parent,
    cursor,
    joinSetId,
    createdAt: 1_000 + cursor,
    response: { type: 'delay-finished', delayId: delayOf(joinSetId, n), outcome: 'fired' },
  };
}

function withTwoDelaysEach(): JoinSets {
  const sets = new JoinSets();
  for (const id of [first, second]) {
    sets.add(id);
    const joinSet = sets.open(id);
    joinSet.requests.push({ id: delayOf(id, 1), target: null }, { id: delayOf(id, 2), target: null });
  }
  return sets;
}

describe('join sets', () => {
  test('responses are kept once each, in cursor order, and each join set reads its own in completion order', () => {
    const sets = withTwoDelaysEach();
    sets.addResponses([fired(0, second, 2), fired(1, first, 1)]);
    sets.addResponses([fired(1, first, 1), fired(2, second, 1)]);
    expect(sets.nextCursor()).toBe(3);
    const joinSet = sets.known(second);
    const next = sets.nextResponse(joinSet);
    expect(next?.cursor).toBe(0);
    sets.consume(joinSet, next as JoinSetResponseRecord);
    expect(sets.nextResponse(joinSet)?.cursor).toBe(2);
    expect(sets.unanswered(joinSet)).toEqual([{ id: delayOf(second, 1), target: null }]);
    expect(sets.processedResponse(delayOf(second, 2))).toBe(next);
    expect(sets.processedResponse(delayOf(second, 1))).toBeUndefined();
    expect(responseKey(fired(5, first, 2))).toBe(delayOf(first, 2));
  });

  test('unknown and closed join sets are refused, and targets are found by request ID', () => {
    const sets = withTwoDelaysEach();
    expect(sets.ids()).toEqual([first, second]);
    expect(() => sets.known(JoinSetId.oneOff(3))).toThrow(/unknown join set/);
    sets.known(first).closed = true;
    expect(() => sets.open(first)).toThrow(/is closed/);
    expect(sets.childTarget(delayOf(first, 2))).toBeNull();
    expect(sets.childTarget('E_nothing')).toBeUndefined();
  });
});
