/**
 * Starts preview2-shim's I/O thread at the first attempt that needs it, not with every activity
 * worker. Import it before anything that imports preview2-shim.
 *
 * The shim serves blocking WASI calls (sleeping on a pollable, HTTP, sockets, files) from a worker
 * thread of its own, and creates that thread as soon as its `io` module is evaluated. Most attempts
 * never make such a call, yet the thread made every activity worker cost two threads: a second V8
 * isolate loading a large bundle, about 60 ms of CPU per worker, paid again by every worker a pool
 * starts.
 *
 * This module evaluates the shim's `io` module while `worker_threads.Worker` hands out a stand-in
 * for that one thread. The stand-in keeps the listeners and the ref state the shim gives it, and
 * creates the real thread when the shim posts its first call (which then waits for the new thread,
 * as the shim's calls always wait for their answer). Any other `Worker` is created as usual, and
 * `Worker` is put back once the shim is loaded.
 */
import { syncBuiltinESMExports } from 'node:module';
import workerThreads, { type Worker, type WorkerOptions } from 'node:worker_threads';

/** The file the shim starts its I/O thread from. */
const IO_THREAD_SCRIPT = '/worker-thread.bundle.js';

type Listener = (...args: unknown[]) => void;

/**
 * The part of a `Worker` that preview2-shim's synchronous calls use (`on`, `once`, `ref`, `unref`,
 * `postMessage`), backed by a thread started at the first message.
 */
class DeferredWorker {
  readonly #start: () => Worker;
  #worker: Worker | null = null;
  readonly #listeners: [method: 'on' | 'once', event: string, listener: Listener][] = [];
  #referenced = true;

  constructor(start: () => Worker) {
    this.#start = start;
  }

  on(event: string, listener: Listener): this {
    return this.#listen('on', event, listener);
  }

  once(event: string, listener: Listener): this {
    return this.#listen('once', event, listener);
  }

  ref(): void {
    this.#referenced = true;
    this.#worker?.ref();
  }

  unref(): void {
    this.#referenced = false;
    this.#worker?.unref();
  }

  postMessage(value: unknown, transferList?: readonly workerThreads.TransferListItem[]): void {
    this.#thread().postMessage(value, transferList);
  }

  #listen(method: 'on' | 'once', event: string, listener: Listener): this {
    if (this.#worker === null) {
      this.#listeners.push([method, event, listener]);
    } else {
      this.#worker[method](event, listener);
    }
    return this;
  }

  #thread(): Worker {
    if (this.#worker === null) {
      const worker = this.#start();
      for (const [method, event, listener] of this.#listeners.splice(0)) {
        worker[method](event, listener);
      }
      if (!this.#referenced) {
        worker.unref();
      }
      this.#worker = worker;
    }
    return this.#worker;
  }
}

const RealWorker = workerThreads.Worker;
function StandInWorker(script: string | URL, options?: WorkerOptions): Worker | DeferredWorker {
  if (String(script).endsWith(IO_THREAD_SCRIPT)) {
    return new DeferredWorker(() => new RealWorker(script, options));
  }
  return new RealWorker(script, options);
}

const writable = workerThreads as { Worker: unknown };
writable.Worker = StandInWorker;
syncBuiltinESMExports();
try {
  await import('@bytecodealliance/preview2-shim/io');
} finally {
  writable.Worker = RealWorker;
  syncBuiltinESMExports();
}
