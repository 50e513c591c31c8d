/**
 * Requests Node's HTTP parser refuses before any route sees them (headers too large, a bad
 * request line, malformed HTTP): answered with the API's JSON error body, then the connection
 * is closed.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../wire/common.js';
import { ApiErrorCode } from './errors.js';

interface Refusal {
  readonly status: number;
  readonly body: ErrorBody;
}

function refusal(error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: {
          code: ApiErrorCode.headerTooLarge,
          message: 'the request headers are too large',
          hint: 'send fewer or shorter headers (the server accepts 16 KiB in all by default)',
        },
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        body: { code: ApiErrorCode.requestTimeout, message: 'the request was not received in time' },
      };
    default:
      return {
        status: 400,
        body: { code: ApiErrorCode.malformedHttp, message: 'the request is not well-formed HTTP/1.1' },
      };
  }
}

/** A response on this socket has started: nothing more can be written to it. */
function responseStarted(socket: Duplex): boolean {
  const message = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return message?.headersSent === true;
}

/** The server's `clientError` handler. */
export function refuseMalformed(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
    socket.destroy();
    return;
  }
  const { status, body } = refusal(error);
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(text)}\r\n` +
      'cache-control: no-store\r\n' +
      'connection: close\r\n\r\n' +
      text,
  );
}
