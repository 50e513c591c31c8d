/**
 * Validators of single configuration values ("leaves"), built on zod. Each one reports
 * `expected <what>, got <value>` (or `missing; expected <what>`), reads env overrides
 * ({@link EnvValue}: its TOML reading, except that a key expecting a string takes the text as
 * written when the reading is not a string) and
 * returns the value in its final form (durations in ms, absolute paths).
 */
import * as z from 'zod';
import { resolvePath } from './dirs.js';
import { isTable } from './expand.js';
import { type DURATION_UNITS, EnvValue } from './overrides.js';

/** What leaves that depend on the environment need. */
export interface LeafContext {
  /** The folder relative paths are resolved against (the config file's). */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A short description of a value for messages: `"five"`, `5`, `a table`, `an array`. */
export function show(value: unknown): string {
  if (value instanceof EnvValue) {
    // A bigint may have been wrapped to 64 bits by the TOML reading: show it as written.
    return typeof value.parsed === 'bigint' ? value.raw : show(value.parsed);
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  if (value instanceof Date) {
    return `a date-time (${value.toISOString()})`;
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (isTable(value)) {
    return 'a table';
  }
  return String(value);
}

/**
 * The outcome of checking a value: the converted value, or a failure with a specific message
 * (`undefined`: the generic `expected <what>, got <value>`; `null`: already reported below the key).
 */
export type Check<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string | null | undefined };

export const pass = <T>(value: T): Check<T> => ({ ok: true, value });
export const fail = (message?: string): Check<never> => ({ ok: false, message });
/** A failure whose issues were pushed below the key. */
export const reported = (): Check<never> => ({ ok: false, message: null });

/** An issue a compound leaf reports below its own key (`env_vars[2]`). */
export interface SubIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * A leaf: `accept` gets the value (for env overrides: the TOML reading) and the text as written
 * (`raw`, only for env overrides), and may push issues below the leaf into `sub`.
 */
export function leaf<T>(
  what: string,
  accept: (value: unknown, raw: string | undefined, sub: SubIssue[]) => Check<T>,
): z.ZodType<T> {
  return z.unknown().transform((input, ctx) => {
    if (input === undefined) {
      ctx.issues.push({ code: 'custom', message: `missing; expected ${what}`, input });
      return z.NEVER;
    }
    const env = input instanceof EnvValue ? input : undefined;
    const sub: SubIssue[] = [];
    const checked = accept(env === undefined ? input : env.parsed, env?.raw, sub);
    for (const issue of sub) {
      ctx.issues.push({ code: 'custom', message: issue.message, input, path: [...issue.path] });
    }
    if (!checked.ok) {
      if (checked.message !== null) {
        ctx.issues.push({ code: 'custom', message: checked.message ?? `expected ${what}, got ${show(input)}`, input });
      }
      return z.NEVER;
    }
    return sub.length > 0 ? z.NEVER : checked.value;
  });
}

/** A string value: the TOML string, else (env overrides) the text as written. */
function textOf(value: unknown, raw: string | undefined): unknown {
  return typeof value === 'string' ? value : (raw ?? value);
}

/** A string; an env override gives the text as written (`OBELISK__API__TOKEN=123` is the string "123"). */
export function str(what = 'a string', test: (text: string) => boolean = (text) => text !== ''): z.ZodType<string> {
  return leaf(what, (value, raw) => {
    const text = textOf(value, raw);
    return typeof text === 'string' && test(text) ? pass(text) : fail();
  });
}

/** A string matching `pattern`. */
export function matching(what: string, pattern: RegExp): z.ZodType<string> {
  return str(what, (text) => pattern.test(text));
}

/** An integer `>= min`. */
export function int(
  min: number,
  what = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`,
): z.ZodType<number> {
  return leaf(what, (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? pass(value) : fail(),
  );
}

export function bool(): z.ZodType<boolean> {
  return leaf('true or false', (value) => (typeof value === 'boolean' ? pass(value) : fail()));
}

/** One of the given strings. */
export function oneOf<const T extends string>(values: readonly T[]): z.ZodType<T> {
  const what = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return leaf(what, (value, raw) => {
    const text = textOf(value, raw);
    return typeof text === 'string' && (values as readonly string[]).includes(text) ? pass(text as T) : fail();
  });
}

const UNIT_MS: Readonly<Record<(typeof DURATION_UNITS)[number], number>> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

const DURATION_WHAT =
  'a duration: a table with exactly one of milliseconds, seconds, minutes, hours or days, e.g. { seconds = 1 }';

/** A duration table `{ seconds = 1 }` (exactly one unit, a non-negative integer), as milliseconds. */
export function duration(options: { readonly positive?: boolean } = {}): z.ZodType<number> {
  return leaf(DURATION_WHAT, (value) => {
    if (!isTable(value)) {
      return fail();
    }
    const entries = Object.entries(value);
    const [entry] = entries;
    if (entries.length !== 1 || entry === undefined) {
      const keys = entries.map(([key]) => key).join(', ');
      return fail(
        `expected ${DURATION_WHAT}, got ${entries.length === 0 ? 'an empty table' : `{ ${keys} }`} (units cannot be combined)`,
      );
    }
    const [unit, amount] = entry;
    const scale = UNIT_MS[unit as keyof typeof UNIT_MS] as number | undefined;
    if (scale === undefined) {
      return fail(`expected ${DURATION_WHAT}, got the unit ${JSON.stringify(unit)}`);
    }
    const count = amount instanceof EnvValue ? amount.parsed : amount;
    const ms = typeof count === 'number' ? count * scale : NaN;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(ms)) {
      return fail(`expected ${DURATION_WHAT}, got ${unit} = ${show(count)} (expected a non-negative integer)`);
    }
    if (options.positive === true && ms === 0) {
      return fail(`expected a duration longer than zero, got ${unit} = 0`);
    }
    return pass(ms);
  });
}

/** A path: `~` expanded, relative to the config file's folder, returned absolute. */
export function path(ctx: LeafContext, what = 'a path (relative to the config file, ~ allowed)'): z.ZodType<string> {
  return leaf(what, (value, raw) => {
    const text = textOf(value, raw);
    return typeof text === 'string' && text !== '' ? pass(resolvePath(ctx.dir, text, ctx.env)) : fail();
  });
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** `host:port` (`127.0.0.1:5005`, `[::1]:5005`, `localhost:8080`); port 0 picks a free one. */
export function listeningAddr(): z.ZodType<string> {
  return str('host:port, e.g. "127.0.0.1:5005"', (text) => {
    const match = HOST_PORT.exec(text);
    return match !== null && Number(match[2]) <= 65_535;
  });
}

/** A key that is not allowed where it appears, with the reason. */
export function forbidden(reason: string): z.ZodType<undefined> {
  return z
    .unknown()
    .transform((input, ctx) => {
      ctx.issues.push({ code: 'custom', message: reason, input });
      return undefined;
    })
    .optional();
}
