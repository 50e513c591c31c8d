/** Reading request bodies (JSON only, size-limited) and writing JSON responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiErrorCode, HttpError } from './errors.js';

/** The largest request body accepted (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body; `undefined` when it is empty. Rejects non-JSON media types and bodies over the limit. */
export async function readJsonBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw tooLarge(limit);
    }
    chunks.push(buffer);
  }
  if (size === 0) {
    return undefined;
  }
  checkMediaType(request.headers['content-type']);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new HttpError(
      400,
      ApiErrorCode.invalidJson,
      `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A missing content type is read as JSON; anything else than `application/json` is refused. */
function checkMediaType(contentType: string | undefined): void {
  if (contentType === undefined) {
    return;
  }
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new HttpError(
      415,
      ApiErrorCode.unsupportedMediaType,
      `request bodies must be application/json, got ${contentType}`,
      'send JSON with `Content-Type: application/json`',
    );
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, ApiErrorCode.payloadTooLarge, `the request body is larger than ${limit} bytes`);
}

/** Writes `body` as JSON with `status`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}
