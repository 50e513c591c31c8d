/** Server-Sent Events: the framing (`event:`, `data:`, blank line) and a keepalive comment. */
import type { ServerResponse } from 'node:http';

/** How often a comment line is sent on an idle stream, so proxies keep it open. */
export const KEEPALIVE_MS = 15_000;

export interface SseStream {
  /** Sends one event whose data is `data` as JSON (one line). */
  send(event: string, data: unknown): void;
  /** Ends the stream. */
  end(): void;
}

/** Starts an event stream on `response` (status 200, `text/event-stream`). */
export function openSse(response: ServerResponse): SseStream {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  return {
    send(event, data) {
      if (!response.writableEnded) {
        response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      }
    },
    end() {
      clearInterval(keepalive);
      if (!response.writableEnded) {
        response.end();
      }
    },
  };
}
