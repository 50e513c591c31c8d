/**
 * The join-set bookkeeping of a workflow run: which join sets it created, what it submitted to
 * each (children and delays, in order), the responses that arrived (by cursor) and the ones it
 * consumed. Pure state: deciding, replaying and talking to the store are `workflow-state.ts`'s.
 */
import type { ComponentDigest, Ffqn, JoinSetId, JoinSetResponseRecord } from '../../concepts/index.js';

/** What a child or delay submitted to a join set is. */
export type TargetKind = 'activity' | 'workflow' | 'stub';

export interface ChildTarget {
  readonly ffqn: Ffqn;
  readonly digest: ComponentDigest;
  readonly kind: TargetKind;
}

/** One child execution or delay submitted to a join set. */
export interface SubmittedRequest {
  /** The child's execution ID or the delay's ID. */
  readonly id: string;
  /** `null` for delays. */
  readonly target: ChildTarget | null;
}

/** One join set: what was submitted to it, the responses consumed from it, and whether it is closed. */
export interface JoinSet {
  readonly id: JoinSetId;
  readonly requests: SubmittedRequest[];
  readonly consumed: JoinSetResponseRecord[];
  closed: boolean;
}

/** The child execution or delay a response answers. */
export function responseKey(response: JoinSetResponseRecord): string {
  return response.response.type === 'child-finished' ? response.response.childExecutionId : response.response.delayId;
}

export class JoinSets {
  readonly #joinSets = new Map<JoinSetId, JoinSet>();
  /** Every response received, in cursor order. */
  readonly #responses: JoinSetResponseRecord[] = [];
  /** The consumed responses, by {@link responseKey}. */
  readonly #processed = new Map<string, JoinSetResponseRecord>();

  has(joinSetId: JoinSetId): boolean {
    return this.#joinSets.has(joinSetId);
  }

  add(joinSetId: JoinSetId): void {
    this.#joinSets.set(joinSetId, { id: joinSetId, requests: [], consumed: [], closed: false });
  }

  /** The join set IDs in creation order. */
  ids(): JoinSetId[] {
    return [...this.#joinSets.keys()];
  }

  /** A join set that can take new requests; throws when it is unknown or closed. */
  open(joinSetId: JoinSetId): JoinSet {
    const joinSet = this.known(joinSetId);
    if (joinSet.closed) {
      throw new Error(`join set ${joinSetId} is closed`);
    }
    return joinSet;
  }

  /** A join set of this run; throws when it is unknown. */
  known(joinSetId: JoinSetId): JoinSet {
    const joinSet = this.#joinSets.get(joinSetId);
    if (joinSet === undefined) {
      throw new Error(`unknown join set ${joinSetId}`);
    }
    return joinSet;
  }

  /** The requests of the join set that no consumed response answers yet. */
  unanswered(joinSet: JoinSet): SubmittedRequest[] {
    const answered = new Set(joinSet.consumed.map(responseKey));
    return joinSet.requests.filter((request) => !answered.has(request.id));
  }

  /** The join set's next response in completion order, if one arrived. */
  nextResponse(joinSet: JoinSet): JoinSetResponseRecord | undefined {
    let seen = 0;
    for (const response of this.#responses) {
      if (response.joinSetId === joinSet.id) {
        if (seen === joinSet.consumed.length) {
          return response;
        }
        seen++;
      }
    }
    return undefined;
  }

  consume(joinSet: JoinSet, response: JoinSetResponseRecord): JoinSetResponseRecord {
    joinSet.consumed.push(response);
    this.#processed.set(responseKey(response), response);
    return response;
  }

  /** The cursor of the first response not received yet. */
  nextCursor(): number {
    return (this.#responses.at(-1)?.cursor ?? -1) + 1;
  }

  /** Keeps the responses not received yet (a reply may repeat some), in cursor order. */
  addResponses(responses: readonly JoinSetResponseRecord[]): void {
    const next = this.nextCursor();
    for (const response of responses) {
      if (response.cursor >= next && (this.#responses.at(-1)?.cursor ?? -1) < response.cursor) {
        this.#responses.push(response);
      }
    }
  }

  /** A response the workflow already consumed, by child execution or delay ID. */
  processedResponse(id: string): JoinSetResponseRecord | undefined {
    return this.#processed.get(id);
  }

  /** The target of a child this workflow submitted (`null`: a delay; `undefined`: not submitted). */
  childTarget(id: string): ChildTarget | null | undefined {
    for (const joinSet of this.#joinSets.values()) {
      const request = joinSet.requests.find((r) => r.id === id);
      if (request !== undefined) {
        return request.target;
      }
    }
    return undefined;
  }
}
