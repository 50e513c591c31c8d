/**
 * Cross-process wake-ups: one dedicated connection `LISTEN`s on the schema's channel and
 * hands what other processes committed to this process's {@link Notifier}. A dropped
 * connection is reconnected with backoff; wake-ups missed meanwhile are caught by the
 * waiters' slow polls.
 */
import pg from 'pg';
import type { ExecutionId, Ffqn } from '../../concepts/index.js';
import type { Notifier } from '../notifier.js';
import { clientConfig, type DbOptions } from './db.js';
import { quoteIdent } from './migrate.js';
import type { Note } from './tx.js';

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

/** The notification channel of a schema (at most 63 bytes, as PostgreSQL truncates identifiers). */
export function channelOf(schema: string): string {
  return `obelisk_${schema}`.slice(0, 63);
}

/** One notification's payload: the sender (to skip our own), then the note. */
export function encodeNote(sender: string, note: Note): string {
  switch (note.type) {
    case 'pending':
      return JSON.stringify([sender, 'p', note.ffqn, note.queue]);
    case 'response':
      return JSON.stringify([sender, 'r', note.executionId]);
    case 'finished':
      return JSON.stringify([sender, 'f', note.executionId]);
  }
}

function deliver(notifier: Notifier, sender: string, payload: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return;
  }
  if (!Array.isArray(parsed) || parsed[0] === sender) {
    return;
  }
  const [, kind, a, b] = parsed as [string, string, string, string | undefined];
  if (kind === 'p' && b !== undefined) {
    notifier.notifyPending(a as Ffqn, b);
  } else if (kind === 'r') {
    notifier.notifyResponse(a as ExecutionId);
  } else if (kind === 'f') {
    notifier.notifyFinished(a as ExecutionId);
  }
}

export class Listener {
  readonly #options: DbOptions;
  readonly #notifier: Notifier;
  readonly #sender: string;
  readonly #channel: string;
  #client: pg.Client | null = null;
  #closed = false;
  #backoffMs = MIN_BACKOFF_MS;
  #timer: NodeJS.Timeout | null = null;
  /** How many times the connection was (re)established. */
  connects = 0;

  constructor(options: DbOptions, notifier: Notifier, sender: string) {
    this.#options = options;
    this.#notifier = notifier;
    this.#sender = sender;
    this.#channel = channelOf(options.schema);
  }

  /** Connects and listens; rejects if the first connection fails. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(clientConfig(this.#options));
    client.on('notification', (message) => {
      if (message.channel === this.#channel && message.payload !== undefined) {
        deliver(this.#notifier, this.#sender, message.payload);
      }
    });
    const lost = (): void => this.#lost(client);
    client.on('error', lost);
    client.on('end', lost);
    this.#client = client;
    await client.connect();
    await client.query(`LISTEN ${quoteIdent(this.#channel)}`);
    this.connects++;
    this.#backoffMs = MIN_BACKOFF_MS;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client || this.#closed) {
      return;
    }
    this.#client = null;
    client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== null) {
      return;
    }
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(MAX_BACKOFF_MS, this.#backoffMs * 2);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect().catch(() => {
        const client = this.#client;
        if (client !== null) {
          this.#lost(client);
        } else {
          this.#schedule();
        }
      });
    }, delay);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
