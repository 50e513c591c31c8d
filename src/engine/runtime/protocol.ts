/**
 * Messages between the main thread and an activity worker thread. Everything here must
 * survive the structured clone (`WasmModule`s do: compiled code is shared, not copied).
 */
import type { AllowedHost } from './allowed-hosts.js';
import type { MemorySpec } from './memory-import.js';
import type { FinishedOutcome } from './outcome.js';
import type { OutputStreamName } from './output-sink.js';
import type { WasmModule } from './wasm-api.js';

/** A component as a worker needs it: sent with the first attempt that uses it on that worker. */
export interface ComponentPayload {
  readonly digest: string;
  /** `file:` URL of the patched glue module in the codegen cache. */
  readonly glueUrl: string;
  /** Compiled core modules by the file name the glue asks for. */
  readonly modules: Readonly<Record<string, WasmModule>>;
  /**
   * Core modules (by name) whose memory was moved to an import (`memory-import.ts`): every
   * instantiation lends them a zeroed memory of this size (`memory-pool.ts`).
   */
  readonly memories: Readonly<Record<string, MemorySpec>>;
}

/** One attempt: call `interfaceName.functionName(...params)` on a fresh instance. */
export interface AttemptRequest {
  readonly digest: string;
  /** `ns:pkg/ifc@version` (the version may be omitted when the component exports one version). */
  readonly interfaceName: string;
  /** The WIT function name (kebab-case), e.g. `get-user`. */
  readonly functionName: string;
  readonly params: readonly unknown[];
  readonly env: Readonly<Record<string, string>>;
  readonly allowedHosts: readonly AllowedHost[];
}

/** Main thread -> worker. */
export type ToWorker = {
  readonly type: 'run';
  readonly attemptId: number;
  /** Present when this worker has not seen `request.digest` yet. */
  readonly component?: ComponentPayload;
  readonly request: AttemptRequest;
};

/** Worker -> main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'output'; readonly attemptId: number; readonly stream: OutputStreamName; readonly chunk: string }
  | { readonly type: 'log'; readonly attemptId: number; readonly level: 'info' | 'warn'; readonly message: string }
  | { readonly type: 'done'; readonly attemptId: number; readonly outcome: FinishedOutcome };

/** The first message every worker sends once it can take work. */
export const READY_MESSAGE: FromWorker = { type: 'ready' };
