/**
 * Tracks the server's sockets and the requests each one is serving, so that `close()` ends
 * idle sockets at once (also those a client opened without sending anything yet) and every
 * other one as soon as its last response ends.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class ConnectionTracker {
  readonly #inFlight = new Map<Socket, number>();
  #closing = false;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.#inFlight.set(socket, 0);
      socket.once('close', () => this.#inFlight.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.#track(request.socket, response));
  }

  #track(socket: Socket, response: ServerResponse): void {
    this.#inFlight.set(socket, (this.#inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const count = this.#inFlight.get(socket);
      if (count === undefined) {
        return; // the socket is gone already
      }
      this.#inFlight.set(socket, count - 1);
      if (this.#closing && count === 1) {
        socket.destroySoon();
      }
    });
  }

  /** From now on, sockets are closed once they have no request in flight; idle ones now. */
  closeIdle(): void {
    this.#closing = true;
    for (const [socket, count] of this.#inFlight) {
      if (count === 0) {
        socket.destroy();
      }
    }
  }
}
