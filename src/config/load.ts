/**
 * Loading `obelisk.toml`: read, parse (TOML), expand `${VAR}`s, apply `OBELISK__...` env
 * overrides, validate against the schema and check names and references across entries.
 * Every problem is collected and thrown at once as a {@link ConfigError}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse } from '@iarna/toml';
import { ErrorCode, UserError } from '../cli/errors.js';
import { crossCheck } from './cross-checks.js';
import { ConfigError, ConfigErrorCode, type ConfigProblem } from './errors.js';
import { expandTree, isTable, type ExpansionProblem } from './expand.js';
import { formatKeyPath, scanKeys, type KeyPath } from './key-lines.js';
import { applyEnvOverrides, originOf } from './overrides.js';
import { configSchema } from './schema.js';
import { redact } from './secrets.js';
import { MAX_NESTING, outOfRangeIntegers, tooDeep } from './tree-checks.js';
import type { ObeliskConfig } from './types.js';

const INT64_RANGE = '-9223372036854775808 to 9223372036854775807';

/** The file looked for in the working folder when none is given. */
export const DEFAULT_CONFIG_FILE = 'obelisk.toml';

export interface LoadConfigOptions {
  /** The config file (relative to `cwd`). Omitted: `obelisk.toml` in `cwd` if it exists, else only defaults and env overrides. */
  readonly file?: string | undefined;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  readonly config: ObeliskConfig;
  /** The absolute path of the file read; `null` when there was none. */
  readonly file: string | null;
  /** The folder relative paths were resolved against: the file's, or `cwd`. */
  readonly dir: string;
}

/** Loads and validates the configuration; throws {@link ConfigError} listing every problem. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const file = options.file === undefined ? defaultFile(options.cwd) : resolve(options.cwd, options.file);
  if (file === null) {
    return {
      config: parseConfig(null, { name: DEFAULT_CONFIG_FILE, dir: options.cwd, env: options.env }),
      file: null,
      dir: options.cwd,
    };
  }
  const name = displayName(options.cwd, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      missing ? ConfigErrorCode.notFound : ErrorCode.io,
      missing ? `config file ${name} does not exist` : `cannot read config file ${name}: ${String(error)}`,
      {
        hint: 'pass an existing file with -c FILE, or create one with `obelisk generate config blank --out obelisk.toml`',
        cause: error,
      },
    );
  }
  const dir = dirname(file);
  return { config: parseConfig(text, { name, dir, env: options.env }), file, dir };
}

function defaultFile(cwd: string): string | null {
  const candidate = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(candidate) ? candidate : null;
}

/** `obelisk.toml` or `conf/obelisk.toml` when under `cwd`, else the absolute path. */
function displayName(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

export interface ParseConfigOptions {
  /** How problems name the file (e.g. `obelisk.toml`). */
  readonly name: string;
  /** The folder relative paths are resolved against. */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Validates config text (`null`: no file, defaults and env overrides only). Pure apart from reading `env`. */
export function parseConfig(text: string | null, options: ParseConfigOptions): ObeliskConfig {
  const parsed = text === null ? {} : parseToml(text, options.name);
  const { lines, scalars } = text === null ? { lines: new Map<string, number>(), scalars: new Map() } : scanKeys(text);
  const deep = tooDeep(parsed);
  if (deep !== null) {
    const locator = new Locator(options.name, lines, new Map(), (_path, message) => message);
    locator.add(
      deep,
      `arrays and tables nested more than ${MAX_NESTING} levels deep; no key of the configuration nests that deeply`,
    );
    throw new ConfigError(locator.problems());
  }
  const expansionProblems: ExpansionProblem[] = [];
  const fromEnv = new Set<string>();
  const expanded = expandTree(parsed, options.env, expansionProblems, fromEnv) as Record<string, unknown>;
  const overrides = applyEnvOverrides(expanded, options.env);
  const locator = new Locator(text === null ? null : options.name, lines, overrides.origins, (path, message) =>
    redact(message, path, overrides.tree, fromEnv),
  );
  for (const problem of expansionProblems) {
    locator.add(problem.path, problem.message);
  }
  const reported = new Set(expansionProblems.map((p) => formatKeyPath(p.path)));
  for (const { path, written } of outOfRangeIntegers(parsed, scalars)) {
    locator.add(path, `${written} is out of range: TOML integers are 64-bit (${INT64_RANGE})`);
    reported.add(formatKeyPath(path));
  }
  for (const problem of overrides.problems) {
    locator.addEnv(problem.variable, problem.message);
  }
  const result = configSchema({ dir: options.dir, env: options.env }).safeParse(overrides.tree);
  for (const issue of result.success ? [] : result.error.issues) {
    const path = issue.path.filter((segment) => typeof segment !== 'symbol');
    if (reported.has(formatKeyPath(path))) {
      continue; // already reported: the value could not be expanded, or does not fit in 64 bits
    }
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path];
    keys.forEach((key) => locator.add(key, issue.message));
  }
  for (const problem of crossCheck(overrides.tree)) {
    locator.add(problem.path, problem.message);
  }
  if (!result.success || locator.problems().length > 0) {
    throw new ConfigError(locator.problems());
  }
  return result.data;
}

function parseToml(text: string, name: string): Record<string, unknown> {
  try {
    const tree: unknown = parse(text);
    return isTable(tree) ? tree : {};
  } catch (error: unknown) {
    const { line, col, message } = error as { line?: unknown; col?: unknown; message?: unknown };
    const where = typeof line === 'number' && typeof col === 'number' ? `${name}:${line + 1}:${col + 1}` : name;
    const first = (typeof message === 'string' ? message : String(error)).split('\n')[0] ?? '';
    throw new ConfigError([
      {
        location: where,
        key: null,
        message: `TOML syntax error: ${first.replace(/ at row \d+, col \d+, pos \d+:$/, '')}`,
      },
    ]);
  }
}

/** Turns key paths into problems that name the file and line, or the env variable, and orders them. */
class Locator {
  readonly #entries: { problem: ConfigProblem; rank: number }[] = [];

  constructor(
    private readonly name: string | null,
    private readonly lines: ReadonlyMap<string, number>,
    private readonly origins: ReadonlyMap<string, string>,
    /** Hides the values of secret keys in a message about `path`. */
    private readonly redact: (path: KeyPath, message: string) => string,
  ) {}

  add(path: KeyPath, text: string): void {
    const message = this.redact(path, text);
    const key = path.length === 0 ? null : formatKeyPath(path);
    const variable = originOf(this.origins, path);
    if (variable !== undefined) {
      this.addEnv(variable, message, key);
      return;
    }
    const line = this.#lineOf(path);
    const location = this.name === null ? '(no config file)' : line === undefined ? this.name : `${this.name}:${line}`;
    this.#entries.push({ problem: { location, key, message }, rank: line ?? Number.MAX_SAFE_INTEGER - 1 });
  }

  addEnv(variable: string, message: string, key: string | null = null): void {
    this.#entries.push({ problem: { location: `env ${variable}`, key, message }, rank: Number.MAX_SAFE_INTEGER });
  }

  #lineOf(path: KeyPath): number | undefined {
    for (let length = path.length; length > 0; length -= 1) {
      const line = this.lines.get(formatKeyPath(path.slice(0, length)));
      if (line !== undefined) {
        return line;
      }
    }
    return undefined;
  }

  /** File problems by line, then those without a line, then env problems by variable. */
  problems(): ConfigProblem[] {
    return this.#entries
      .map((entry, index) => ({ ...entry, index }))
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          (a.rank === Number.MAX_SAFE_INTEGER ? a.problem.location.localeCompare(b.problem.location) : 0) ||
          a.index - b.index,
      )
      .map((entry) => entry.problem);
  }
}
