/**
 * Errors of the HTTP API: what a handler throws and how every error becomes a status and a
 * `{"code","message","hint"?}` body. Engine errors keep their stable codes.
 */
import { CodedError } from '../engine/concepts/coded-error.js';
import { ComponentLoadError, EngineError, type EngineErrorCode } from '../engine/index.js';
import { z } from 'zod';
import type { ErrorBody } from '../wire/common.js';

/** Codes the server itself produces (engine errors keep the engine's codes). */
export const ApiErrorCode = {
  notFound: 'not-found',
  methodNotAllowed: 'method-not-allowed',
  unauthorized: 'unauthorized',
  invalidJson: 'invalid-json',
  invalidRequest: 'invalid-request',
  unsupportedMediaType: 'unsupported-media-type',
  payloadTooLarge: 'payload-too-large',
  headerTooLarge: 'header-too-large',
  requestTimeout: 'request-timeout',
  malformedHttp: 'malformed-http',
  ambiguousFfqn: 'ambiguous-ffqn',
  conflict: 'conflict',
  internal: 'internal',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/**
 * An error with its HTTP status, thrown by the dispatcher and by handlers: a {@link CodedError},
 * since it always answers a request the caller can fix (a client reads it back as its own coded
 * error, and the CLI prints it as `error:` and `hint:`, never as a bug).
 */
export class HttpError extends CodedError {
  override name = 'HttpError';
  readonly code: string;

  constructor(
    readonly status: number,
    code: string,
    message: string,
    hint?: string,
  ) {
    super(message, { hint });
    this.code = code;
  }
}

const ENGINE_STATUS: Readonly<Record<EngineErrorCode, number>> = {
  'not-found': 404,
  conflict: 409,
  'version-conflict': 409,
  'invalid-state': 409,
  'invalid-argument': 400,
  'invalid-id': 400,
  'invalid-ffqn': 400,
  'storage-busy': 503,
  'schema-too-new': 500,
  'storage-failure': 500,
};

export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorBody;
  /** True for unexpected errors, which the server logs. */
  readonly unexpected: boolean;
}

function body(code: string, message: string, hint: string | undefined): ErrorBody {
  return hint === undefined ? { code, message } : { code, message, hint };
}

/** The status and body for anything a handler threw. */
export function errorReply(error: unknown): ErrorReply {
  if (error instanceof HttpError) {
    return { status: error.status, body: body(error.code, error.message, error.hint), unexpected: false };
  }
  if (error instanceof EngineError) {
    const status = ENGINE_STATUS[error.code];
    return { status, body: body(error.code, error.message, error.hint), unexpected: status >= 500 };
  }
  if (error instanceof ComponentLoadError) {
    return { status: 400, body: body(error.code, error.message, undefined), unexpected: false };
  }
  if (error instanceof z.ZodError) {
    return {
      status: 400,
      body: body(ApiErrorCode.invalidRequest, describeIssues(error), undefined),
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: body(ApiErrorCode.internal, 'internal server error', 'the server log has the details'),
    unexpected: true,
  };
}

/** `query.limit: Too big: expected number to be <=1000; query.state: Invalid option: ...` */
export function describeIssues(error: z.ZodError, where?: string): string {
  const issues = error.issues.map((issue) => {
    const at = [where, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
    return at === '' ? issue.message : `${at}: ${issue.message}`;
  });
  return issues.join('; ');
}
