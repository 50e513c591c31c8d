/**
 * Short FFQNs: `.../ifc.fn` (or `.../ifc@version.fn`) names the one loaded function whose
 * interface and function names match, whatever its namespace and package.
 */
import { echo, type ExportedFunction } from '../engine/index.js';
import { ApiErrorCode, HttpError } from './errors.js';

const SHORT_PREFIX = '.../';

/** True for `.../ifc.fn`. */
export function isShortFfqn(text: string): boolean {
  return text.startsWith(SHORT_PREFIX);
}

/**
 * The full FFQN of `text`: a full FFQN is returned as is (the engine checks it); a short one
 * is resolved among `functions`, or a 404 (no match) / 400 (several, listed) is thrown.
 */
export function resolveFfqn(text: string, functions: readonly ExportedFunction[]): string {
  if (!isShortFfqn(text)) {
    return text;
  }
  const wanted = text.slice(SHORT_PREFIX.length);
  const candidates = functions.filter((fn) => shortForms(fn).includes(wanted)).map((fn) => fn.ffqn as string);
  if (candidates.length === 1) {
    return candidates[0] as string;
  }
  if (candidates.length === 0) {
    throw new HttpError(
      404,
      'not-found',
      `no loaded function matches ${echo(text)}`,
      'GET /v1/functions (or `obelisk component list`) lists the functions',
    );
  }
  throw new HttpError(
    400,
    ApiErrorCode.ambiguousFfqn,
    `${echo(text)} matches ${candidates.length} functions: ${candidates.sort().join(', ')}`,
    'pass the full FFQN (namespace:package/interface.function)',
  );
}

/** `ifc@1.0.0.fn` and `ifc.fn` for `ns:pkg/ifc@1.0.0.fn`. */
function shortForms(fn: ExportedFunction): string[] {
  const afterSlash = fn.interfaceName.slice(fn.interfaceName.indexOf('/') + 1);
  const at = afterSlash.indexOf('@');
  const forms = [`${afterSlash}.${fn.functionName}`];
  if (at !== -1) {
    forms.push(`${afterSlash.slice(0, at)}.${fn.functionName}`);
  }
  return forms;
}
