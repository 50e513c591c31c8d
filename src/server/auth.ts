/** Bearer-token authentication, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiErrorCode, HttpError } from './errors.js';

/** Returns a checker for `Authorization: Bearer <token>`; with no token, every request passes. */
export function bearerCheck(token: string | undefined): (headers: IncomingHttpHeaders) => void {
  if (token === undefined) {
    return () => undefined;
  }
  const expected = digest(token);
  return (headers) => {
    const header = headers.authorization;
    const match = header === undefined ? null : /^Bearer[ \t]+(.+)$/i.exec(header.trim());
    const presented = match?.[1];
    // Hashing both sides gives equal lengths, so the comparison time says nothing about the token.
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      throw new HttpError(
        401,
        ApiErrorCode.unauthorized,
        header === undefined ? 'this server requires an API token' : 'the API token is not valid',
        'pass the token as `Authorization: Bearer <token>` (CLI: --api-token or OBELISK_API_TOKEN)',
      );
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
