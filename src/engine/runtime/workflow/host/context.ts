/** What every host function of a workflow run shares. */
import type { LogLevel } from '../../../concepts/index.js';
import type { Resolve } from '../../../../wit/model.js';
import type { WorkflowState } from '../workflow-state.js';

export interface HostContext {
  readonly state: WorkflowState;
  /** The workflow component's own decoded WIT (its imports' types). */
  readonly resolve: Resolve;
  /** A `wasi:logging` record (dropped while replaying). */
  log(level: LogLevel, context: string, message: string): void;
}
