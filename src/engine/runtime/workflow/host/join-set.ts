/** The `obelisk:types/join-set` resource as the host hands it to the guest. */
import type { JoinSetId } from '../../../concepts/index.js';
import { WorkflowTrap } from '../errors.js';

export class JoinSet {
  constructor(readonly joinSetId: JoinSetId) {}

  id(): string {
    return this.joinSetId;
  }
}

/** The join set ID of a `borrow<join-set>` or owned `join-set` argument. */
export function joinSetOf(value: unknown): JoinSetId {
  if (!(value instanceof JoinSet)) {
    throw new WorkflowTrap('expected a join-set handle');
  }
  return value.joinSetId;
}

export function joinSetImports(): Record<string, Record<string, unknown>> {
  return { 'obelisk:types/join-set': { JoinSet } };
}
