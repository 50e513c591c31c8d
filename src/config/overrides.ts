/**
 * Env overrides: `OBELISK__<SECTION>__<KEY>[__<KEY>...]=value` sets a key (names are
 * case-insensitive, nested keys joined by `__`) with or without a config file. The value is
 * read as a TOML scalar (`4`, `true`, `"text"`); text that is not one is taken as it is, and a
 * key that expects a string gets the text as written unless it reads as a TOML string
 * (`OBELISK__API__TOKEN=12345` is the string "12345"). Arrays of tables
 * (`[[activity_wasm]]`, ...) cannot be overridden.
 */
import { parse } from '@iarna/toml';
import { isTable } from './expand.js';
import { formatKeyPath, type KeyPath } from './key-lines.js';

export const ENV_PREFIX = 'OBELISK__';

/** Sections that are arrays of tables: not overridable from the environment. */
export const ARRAY_SECTIONS = [
  'activity_wasm',
  'activity_stub',
  'workflow',
  'webhook_endpoint',
  'http_server',
  'cron',
] as const;

/** The units of a duration table (`{ seconds = 1 }`). */
export const DURATION_UNITS = ['milliseconds', 'seconds', 'minutes', 'hours', 'days'] as const;

/** A value set by an env override: the text as written and its reading as a TOML scalar. */
export class EnvValue {
  constructor(
    readonly variable: string,
    readonly raw: string,
    readonly parsed: unknown,
  ) {}
}

export interface OverrideProblem {
  readonly variable: string;
  readonly message: string;
}

export interface Overrides {
  /** The tree with the overrides applied (the input is not modified). */
  readonly tree: Record<string, unknown>;
  /** Formatted key path -> the variable that set it (tables it created included). */
  readonly origins: ReadonlyMap<string, string>;
  readonly problems: readonly OverrideProblem[];
}

/** Applies every `OBELISK__...` variable of `env` to a copy of `tree`, in name order. */
export function applyEnvOverrides(tree: Record<string, unknown>, env: NodeJS.ProcessEnv): Overrides {
  const root = structuredClone(tree);
  const origins = new Map<string, string>();
  const problems: OverrideProblem[] = [];
  const names = Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith(ENV_PREFIX))
    .sort();
  for (const variable of names) {
    const value = env[variable];
    if (value !== undefined) {
      const problem = applyOne(root, variable, value, origins);
      if (problem !== null) {
        problems.push({ variable, message: problem });
      }
    }
  }
  return { tree: root, origins, problems };
}

function applyOne(
  root: Record<string, unknown>,
  variable: string,
  value: string,
  origins: Map<string, string>,
): string | null {
  const segments = variable
    .slice(ENV_PREFIX.length)
    .split('__')
    .map((segment) => segment.toLowerCase());
  const [section] = segments;
  if (section === undefined || segments.some((segment) => segment === '')) {
    return 'invalid override name: expected OBELISK__<SECTION>__<KEY>, nested keys joined by __ (e.g. OBELISK__API__LISTENING_ADDR)';
  }
  if ((ARRAY_SECTIONS as readonly string[]).includes(section)) {
    return `[[${section}]] is an array of tables, which cannot be overridden from the environment; edit the config file instead`;
  }
  retargetDatabaseAlias(root, segments);
  let node = root;
  const path: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    path.push(segment);
    const child = node[segment];
    if (child === undefined) {
      const created: Record<string, unknown> = {};
      node[segment] = created;
      origins.set(formatKeyPath(path), variable);
      node = created;
    } else if (isTable(child)) {
      node = child;
    } else {
      return `${formatKeyPath(path)} is not a table, so ${formatKeyPath(segments)} cannot be set`;
    }
  }
  const last = segments[segments.length - 1] ?? section;
  if ((DURATION_UNITS as readonly string[]).includes(last)) {
    // A duration has exactly one unit: the override replaces whatever unit the file used.
    DURATION_UNITS.forEach((unit) => delete node[unit]);
  }
  node[last] = new EnvValue(variable, value, parseScalar(value));
  origins.set(formatKeyPath(segments), variable);
  return null;
}

/** `database.sqlite` and `database.libsql` are one table: an override goes to whichever the file uses. */
function retargetDatabaseAlias(root: Record<string, unknown>, segments: string[]): void {
  const database = root['database'];
  if (segments[0] !== 'database' || !isTable(database)) {
    return;
  }
  if (segments[1] === 'sqlite' && database['sqlite'] === undefined && database['libsql'] !== undefined) {
    segments[1] = 'libsql';
  } else if (segments[1] === 'libsql' && database['libsql'] === undefined && database['sqlite'] !== undefined) {
    segments[1] = 'sqlite';
  }
}

/** Reads `text` as a TOML scalar (string, number, boolean, date); anything else is the text itself. */
export function parseScalar(text: string): unknown {
  if (text.includes('\n')) {
    return text;
  }
  try {
    const value = parse(`v = ${text}`)['v'];
    return typeof value === 'object' && !(value instanceof Date) ? text : value;
  } catch {
    return text;
  }
}

/** The variable that set `path` or one of the tables above it, if an env override did. */
export function originOf(origins: ReadonlyMap<string, string>, path: KeyPath): string | undefined {
  for (let length = path.length; length > 0; length -= 1) {
    const variable = origins.get(formatKeyPath(path.slice(0, length)));
    if (variable !== undefined) {
      return variable;
    }
  }
  return undefined;
}
