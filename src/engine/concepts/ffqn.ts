/**
 * Fully qualified function names: `namespace:package/interface.function`, with an
 * optional `@version` after the interface (`ns:pkg/ifc@1.2.3-rc.1.fn`).
 *
 * The version is the **shortest** semver prefix that is followed by `.` and a valid
 * function name; the rest is the function name. A function name is a WIT identifier
 * or a resource function: `[constructor]res`, `[method]res.name`, `[static]res.name`.
 */
import type { Brand } from './brand.js';
import { echo } from './echo.js';
import { InvalidFfqn } from './errors.js';

/** A parsed FFQN in its canonical text form. */
export type Ffqn = Brand<string, 'Ffqn'>;

/** The parts of an FFQN. */
export interface FfqnParts {
  readonly namespace: string;
  readonly package: string;
  readonly interface: string;
  /** Semver text as written, or `null` when the interface is unversioned. */
  readonly version: string | null;
  readonly function: string;
}

const WORD = '(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)';
const LATER_WORD = '(?:[a-z0-9]+|[A-Z0-9]+)';
const IDENT = `${WORD}(?:-${LATER_WORD})*`;
const IDENT_RE = new RegExp(`^${IDENT}$`);
const FUNCTION_RE = new RegExp(`^(?:${IDENT}|\\[constructor\\]${IDENT}|\\[(?:method|static)\\]${IDENT}\\.${IDENT})$`);
const NUM = '(?:0|[1-9][0-9]*)';
const PRE_ID = `(?:${NUM}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const BUILD_ID = '[0-9A-Za-z-]+';
const SEMVER_RE = new RegExp(
  `^${NUM}\\.${NUM}\\.${NUM}(?:-${PRE_ID}(?:\\.${PRE_ID})*)?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?$`,
);

function fail(input: string, reason: string): never {
  throw new InvalidFfqn(input, reason);
}

function checkIdent(input: string, what: string, value: string): void {
  if (value === '') {
    fail(input, `the ${what} name is empty`);
  }
  if (!IDENT_RE.test(value)) {
    fail(input, `${echo(value)} is not a valid ${what} name (kebab-case words of letters and digits)`);
  }
}

function checkFunction(input: string, value: string): void {
  if (!FUNCTION_RE.test(value)) {
    fail(input, `${echo(value)} is not a valid function name`);
  }
}

/** Splits `version.function` after `@` using the shortest-valid-prefix rule. */
function splitVersioned(input: string, after: string): { version: string; fn: string } {
  let anySemver = false;
  for (let dot = after.indexOf('.'); dot !== -1; dot = after.indexOf('.', dot + 1)) {
    const version = after.slice(0, dot);
    if (!SEMVER_RE.test(version)) {
      continue;
    }
    anySemver = true;
    const fn = after.slice(dot + 1);
    if (FUNCTION_RE.test(fn)) {
      return { version, fn };
    }
  }
  if (!anySemver) {
    fail(input, 'the version after "@" is not valid semver followed by ".<function>"');
  }
  return fail(input, 'no valid function name follows the version');
}

function parseParts(input: string): FfqnParts {
  const colon = input.indexOf(':');
  if (colon === -1) {
    fail(input, 'missing ":" between namespace and package');
  }
  const slash = input.indexOf('/', colon);
  if (slash === -1) {
    fail(input, 'missing "/" between package and interface');
  }
  const namespace = input.slice(0, colon);
  const pkg = input.slice(colon + 1, slash);
  checkIdent(input, 'namespace', namespace);
  checkIdent(input, 'package', pkg);
  const rest = input.slice(slash + 1);
  const at = rest.indexOf('@');
  const dot = rest.indexOf('.');
  if (at !== -1 && (dot === -1 || at < dot)) {
    const ifc = rest.slice(0, at);
    checkIdent(input, 'interface', ifc);
    const { version, fn } = splitVersioned(input, rest.slice(at + 1));
    return { namespace, package: pkg, interface: ifc, version, function: fn };
  }
  if (dot === -1) {
    fail(input, 'missing "." between interface and function');
  }
  const ifc = rest.slice(0, dot);
  checkIdent(input, 'interface', ifc);
  const fn = rest.slice(dot + 1);
  checkFunction(input, fn);
  return { namespace, package: pkg, interface: ifc, version: null, function: fn };
}

function format(parts: FfqnParts): string {
  const version = parts.version === null ? '' : `@${parts.version}`;
  return `${parts.namespace}:${parts.package}/${parts.interface}${version}.${parts.function}`;
}

/** Functions that parse and format {@link Ffqn}s. */
export const Ffqn = {
  /** Validates `text` as an FFQN; throws {@link InvalidFfqn} saying what is wrong. */
  parse(text: string): Ffqn {
    parseParts(text);
    return text as Ffqn;
  },
  /** Splits an FFQN (or text to be validated) into its parts; throws {@link InvalidFfqn}. */
  parts: (text: string): FfqnParts => parseParts(text),
  /** Builds an FFQN from parts, validating the result. */
  format(parts: FfqnParts): Ffqn {
    const text = format(parts);
    const reparsed = parseParts(text);
    if (reparsed.version !== parts.version || reparsed.function !== parts.function) {
      fail(text, 'the parts do not round-trip (the function name must not start like a version)');
    }
    return text as Ffqn;
  },
  /** The interface part, `ns:pkg/ifc[@version]`. */
  interfaceOf(ffqn: Ffqn): string {
    const parts = parseParts(ffqn);
    return format(parts).slice(0, -(parts.function.length + 1));
  },
};
