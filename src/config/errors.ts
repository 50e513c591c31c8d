/**
 * Configuration problems and the error that carries them. Loading collects every problem
 * it finds (syntax, `${VAR}` expansion, env overrides, schema, cross-checks) and throws one
 * {@link ConfigError} listing all of them, each naming where it comes from (file and line,
 * or the env variable), the key, and what was expected.
 */
import { UserError, type ErrorJson } from '../cli/errors.js';

/** Stable codes of configuration errors. */
export const ConfigErrorCode = {
  invalid: 'config-invalid',
  notFound: 'config-not-found',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** One thing wrong with a configuration. */
export interface ConfigProblem {
  /**
   * Where it comes from: `obelisk.toml:12`, `obelisk.toml:6:5` (syntax errors),
   * `env OBELISK__WASM__MAX_WORKERS` (an env override), or `obelisk.toml` when no line is known.
   */
  readonly location: string;
  /** The key path, e.g. `activity_wasm[1].max_retries` (array indexes from 0); `null` when there is none. */
  readonly key: string | null;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** `obelisk.toml:12: activity_wasm[1].max_retries: expected a non-negative integer, got "five"`. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.key === null
    ? `${problem.location}: ${problem.message}`
    : `${problem.location}: ${problem.key}: ${problem.message}`;
}

/** The `--json` shape of a {@link ConfigError}. */
export interface ConfigErrorJson extends ErrorJson {
  readonly problems: readonly string[];
}

const HINT =
  'fix the keys listed above; docs/configuration.md describes every key and its default, and `obelisk generate config blank` prints a commented template';

/** An invalid configuration: every problem found, at once. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { readonly hint?: string } = {}) {
    super(ConfigErrorCode.invalid, describe(problems), { hint: options.hint ?? HINT });
    this.problems = problems;
  }

  override toJSON(): ConfigErrorJson {
    return { ...super.toJSON(), problems: this.problems.map(formatProblem) };
  }
}

function describe(problems: readonly ConfigProblem[]): string {
  const first = problems[0];
  if (problems.length === 1 && first !== undefined) {
    return `invalid configuration: ${formatProblem(first)}`;
  }
  return `invalid configuration (${problems.length} problems):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`;
}
