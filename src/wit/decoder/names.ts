/**
 * Import and export names of components: interface names
 * (`ns:pkg/iface@1.2.3`), `[implements=<ns:pkg/iface>]label` names, plain
 * kebab names, and the annotated function names of resources.
 */
import { DecodeErrorCode, fail } from './errors.js';
import type { PackageName } from '../model.js';

export interface InterfaceName {
  readonly package: PackageName;
  readonly interface: string;
  /** `ns:pkg/iface@version` as written. */
  readonly full: string;
}

export type ExternName =
  | { readonly kind: 'interface'; readonly name: InterfaceName }
  | { readonly kind: 'implements'; readonly label: string; readonly name: InterfaceName }
  | { readonly kind: 'plain'; readonly name: string };

const WORD = '[a-z][a-z0-9]*|[A-Z][A-Z0-9]*';
const KEBAB = `(?:${WORD})(?:-(?:${WORD}))*`;
const KEBAB_RE = new RegExp(`^${KEBAB}$`);
const INTERFACE_RE = new RegExp(`^(${KEBAB}):(${KEBAB})/(${KEBAB})(?:@([0-9A-Za-z.+-]+))?$`);
const IMPLEMENTS_RE = /^\[implements=<([^>]*)>\](.*)$/;
const ANNOTATED_RE = /^\[(constructor|method|static|async|async method|async static)\](.*)$/;

function parseInterfaceName(text: string): InterfaceName | undefined {
  const match = INTERFACE_RE.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, namespace = '', name = '', iface = '', version] = match;
  return { package: { namespace, name, version }, interface: iface, full: text };
}

/** Classifies an import or export name of a component. */
export function parseExternName(text: string, offset: number): ExternName {
  const implementsMatch = IMPLEMENTS_RE.exec(text);
  if (implementsMatch !== null) {
    const [, target = '', label = ''] = implementsMatch;
    const name = parseInterfaceName(target);
    if (name === undefined || !KEBAB_RE.test(label)) {
      fail(DecodeErrorCode.malformed, offset, `invalid name "${text}"`);
    }
    return { kind: 'implements', label, name };
  }
  const name = parseInterfaceName(text);
  if (name !== undefined) {
    return { kind: 'interface', name };
  }
  if (text.includes(':') || text.includes('=')) {
    fail(DecodeErrorCode.unsupported, offset, `import or export name "${text}" has no WIT equivalent`);
  }
  return { kind: 'plain', name: text };
}

/** A function name split into its kind and, for resource functions, the resource. */
export interface FuncName {
  /** The WIT full name: `f`, `[constructor]r`, `[method]r.f`, `[static]r.f`. */
  readonly name: string;
  readonly kind: 'freestanding' | 'constructor' | 'method' | 'static';
  readonly resource: string | undefined;
}

/** Parses an (annotated) function name; the legacy `[async ...]` forms are normalised. */
export function parseFuncName(text: string): FuncName {
  const match = ANNOTATED_RE.exec(text);
  if (match === null) {
    return { name: text, kind: 'freestanding', resource: undefined };
  }
  const [, annotation = '', rest = ''] = match;
  if (annotation === 'constructor') {
    return { name: text, kind: 'constructor', resource: rest };
  }
  if (annotation === 'async') {
    return { name: rest, kind: 'freestanding', resource: undefined };
  }
  const kind = annotation.endsWith('method') ? 'method' : 'static';
  const dot = rest.indexOf('.');
  const resource = dot < 0 ? rest : rest.slice(0, dot);
  return { name: `[${kind}]${rest}`, kind, resource };
}
