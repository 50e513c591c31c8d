/**
 * How a workflow component's imports are linked, decided on the main thread when the
 * component is loaded (see `link.ts`) and sent to the worker threads that run it.
 */
import type { InterfaceId } from '../../../wit/model.js';
import type { ChildTarget } from './join-sets.js';

/** What calling an imported function does. */
export const ImportKind = {
  /** The plain imported function: a blocking child call in a one-off join set. */
  call: 'call',
  /** `f-submit(join-set, params) -> execution-id` */
  submit: 'submit',
  /** `f-await-next(join-set) -> result<tuple<execution-id, R>, await-next-error>` */
  awaitNext: 'await-next',
  /** `f-get(execution-id) -> result<R, get-error>` */
  get: 'get',
  /** `f-invoke(params) -> tuple<execution-id, R>` */
  invoke: 'invoke',
  /** `f-schedule(schedule-at, params) -> execution-id` */
  schedule: 'schedule',
  /** `f-stub(execution-id, R) -> result<_, stub-error>` */
  stub: 'stub',
} as const;
export type ImportKind = (typeof ImportKind)[keyof typeof ImportKind];

export interface FunctionLink {
  /** The imported interface in the workflow's own decoded model. */
  readonly interfaceId: InterfaceId;
  /** The WIT name of the imported function, e.g. `fibo-submit`. */
  readonly functionName: string;
  readonly kind: ImportKind;
  /** The function that runs as the child execution. */
  readonly target: ChildTarget;
}

export interface LinkPlan {
  readonly functions: readonly FunctionLink[];
}
