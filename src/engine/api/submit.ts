/**
 * Validating a submission before anything is stored: the FFQN must name a loaded
 * function and the parameters must match its WIT signature.
 */
import {
  checkBoundedText,
  Ffqn,
  InvalidArgument,
  MAX_EXECUTION_ID_LENGTH,
  MAX_FFQN_LENGTH,
  MAX_QUEUE_LENGTH,
  NotFound,
  type JsonValue,
} from '../concepts/index.js';
import type { ComponentRegistry, ExportedFunction } from '../components/registry.js';
import { ValueError } from '../../wit/codec/index.js';

export interface ValidatedSubmission {
  readonly fn: ExportedFunction;
  /** The parameters in canonical JSON (as they are stored). */
  readonly params: JsonValue[];
}

export function validateSubmission(
  registry: ComponentRegistry,
  ffqnText: string,
  params: unknown,
): ValidatedSubmission {
  checkBoundedText('the function name', ffqnText, MAX_FFQN_LENGTH);
  const ffqn = Ffqn.parse(ffqnText);
  const fn = registry.function(ffqn);
  if (fn === undefined) {
    throw new NotFound('function', ffqn);
  }
  try {
    const values = fn.codec.paramsFromJson(params);
    return { fn, params: fn.codec.paramsToJson(values) };
  } catch (error: unknown) {
    if (error instanceof ValueError) {
      throw new InvalidArgument(`invalid parameters for ${ffqn}: ${error.message}`, {
        cause: error,
        hint: `expected ${describeParams(fn)}`,
      });
    }
    throw error;
  }
}

function describeParams(fn: ExportedFunction): string {
  const params = fn.func.params.map((p) => p.name);
  return `a JSON array of ${params.length} parameter${params.length === 1 ? '' : 's'}${params.length > 0 ? ` (${params.join(', ')})` : ''}`;
}

/** The caller's execution ID and queue are bounded and hold no control characters. */
export function checkSubmitOptions(options: { executionId?: string | undefined; queue?: string | undefined }): void {
  if (options.executionId !== undefined) {
    checkBoundedText('the execution ID', options.executionId, MAX_EXECUTION_ID_LENGTH);
  }
  if (options.queue !== undefined) {
    checkBoundedText('the queue name', options.queue, MAX_QUEUE_LENGTH);
  }
}
