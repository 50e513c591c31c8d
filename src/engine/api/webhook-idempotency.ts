/**
 * Idempotency keys of webhook requests: a request carrying the {@link IDEMPOTENCY_KEY_HEADER}
 * header runs as an execution whose ID is derived from the endpoint and the key, so a client
 * retrying it reaches the same execution instead of a new one. The retry is answered from the
 * record (the body is not kept): the status the first run answered once it finished, 409 while
 * it runs, 422 when the key was used for another request (other method, path or parameters).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ExecutionId } from '../concepts/index.js';
import { ulidFrom } from '../concepts/ulid.js';
import type { ExecutionRecord } from '../storage/index.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set on an answer given from the record of an earlier request with the same key. */
export const REPLAYED_HEADER = 'obelisk-idempotent-replay';
const MAX_KEY_LENGTH = 255;

/** The key of a request, or `null` when it has none (or an unusable one). */
export function idempotencyKey(value: string | string[] | undefined): string | null {
  const key = Array.isArray(value) ? undefined : value?.trim();
  return key === undefined || key === '' || key.length > MAX_KEY_LENGTH ? null : key;
}

/** The execution ID of endpoint `name`'s request with idempotency key `key`. */
export function idempotentExecutionId(name: string, key: string): ExecutionId {
  const digest = createHash('sha256').update(`obelisk webhook\0${name}\0${key}`).digest();
  // 48 bits of the digest as the ULID's time part (any value is valid), 80 as its random part.
  const time = digest.readUIntBE(0, 6);
  return ExecutionId.parse(`E_${ulidFrom(time, digest.subarray(6, 16))}`);
}

/** Answers a retried request from the record of its execution. */
export function answerRetry(res: ServerResponse, record: ExecutionRecord): void {
  res.setHeader('obelisk-execution-id', record.executionId);
  res.setHeader(REPLAYED_HEADER, 'true');
  const text = { 'content-type': 'text/plain; charset=utf-8' };
  if (record.state.type !== 'finished') {
    res.writeHead(409, text).end('a request with this idempotency key is still running\n');
    return;
  }
  const { result } = record.state;
  const value = result.kind === 'ok' ? (result.value as { status?: unknown } | null) : null;
  const status = typeof value?.status === 'number' ? value.status : 500;
  res.writeHead(status, text).end();
}

/** Answers a request whose idempotency key was used for another request. */
export function answerKeyReused(res: ServerResponse, executionId: ExecutionId): void {
  res.setHeader('obelisk-execution-id', executionId);
  res
    .writeHead(422, { 'content-type': 'text/plain; charset=utf-8' })
    .end('this idempotency key was used for another request (method, path or parameters differ)\n');
}
