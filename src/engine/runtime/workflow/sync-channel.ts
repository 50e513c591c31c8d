/**
 * Synchronous calls from a worker thread to the main thread: the worker posts a request on a
 * dedicated port and blocks with `Atomics.wait`; the main thread answers on the same channel
 * and wakes it with `Atomics.notify`; the worker then reads the answer with
 * `receiveMessageOnPort`. The worker end of the port must have no message listener.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

const IDLE = 0;
const ANSWERED = 1;

/** The worker's end. */
export class SyncCaller<Req, Rep> {
  readonly #flag: Int32Array;

  constructor(
    private readonly port: MessagePort,
    signal: SharedArrayBuffer,
  ) {
    this.#flag = new Int32Array(signal);
  }

  call(request: Req): Rep {
    Atomics.store(this.#flag, 0, IDLE);
    this.port.postMessage(request);
    while (Atomics.load(this.#flag, 0) === IDLE) {
      Atomics.wait(this.#flag, 0, IDLE);
    }
    const received = receiveMessageOnPort(this.port);
    if (received === undefined) {
      throw new Error('the main thread answered without a message');
    }
    return received.message as Rep;
  }
}

/** The main thread's end: answers each request of one worker, in order. */
export class SyncAnswerer<Req, Rep> {
  readonly #flag: Int32Array;

  constructor(
    private readonly port: MessagePort,
    signal: SharedArrayBuffer,
    handle: (request: Req) => Promise<Rep>,
    onError: (error: unknown) => Rep,
  ) {
    this.#flag = new Int32Array(signal);
    port.on('message', (request: Req) => {
      handle(request).then(
        (reply) => this.#answer(reply),
        (error: unknown) => this.#answer(onError(error)),
      );
    });
  }

  #answer(reply: Rep): void {
    this.port.postMessage(reply);
    Atomics.store(this.#flag, 0, ANSWERED);
    Atomics.notify(this.#flag, 0);
  }

  close(): void {
    this.port.close();
  }
}
