/** Parsing of WIT type expressions, function signatures, gates and paths. */
import type { FuncTypeAst, GatesAst, Ident, PackageNameAst, ParamAst, TypeAst, UsePathAst, VersionAst } from './ast.js';
import { PRIMITIVES, type Primitive } from './model.js';
import { WitErrorCode } from './errors.js';
import type { TokenStream } from './token-stream.js';

const PRIMITIVE_KEYWORDS: ReadonlySet<string> = new Set<Primitive>(PRIMITIVES);

const TYPE_WHAT =
  'a type (a primitive like `u32`, a type name, or `list<..>`, `option<..>`, `result<..>`, `tuple<..>`, `borrow<..>`, `future`, `stream`, `map<..>`)';

/** How deeply type expressions may nest (`list<list<..>>`), so that hostile input cannot exhaust the stack. */
const MAX_TYPE_DEPTH = 100;

/** Parses a type expression. */
export function parseType(ts: TokenStream): TypeAst {
  if (ts.typeDepth >= MAX_TYPE_DEPTH) {
    const token = ts.peek();
    throw ts.errorAt(
      token.start,
      token.end,
      `type expressions nest more than ${MAX_TYPE_DEPTH} levels deep; expected a shallower type (name the inner parts with \`type\` aliases)`,
    );
  }
  ts.typeDepth++;
  try {
    return parseTypeAt(ts);
  } finally {
    ts.typeDepth--;
  }
}

function parseTypeAt(ts: TokenStream): TypeAst {
  const token = ts.peek();
  const start = token.start;
  if (token.kind === 'id') {
    const name = ts.ident();
    return { kind: 'name', name, start, end: name.end };
  }
  if (token.kind !== 'keyword') {
    throw ts.unexpected(TYPE_WHAT);
  }
  if (PRIMITIVE_KEYWORDS.has(token.text)) {
    ts.next();
    return { kind: 'primitive', name: token.text as Primitive, start, end: token.end };
  }
  switch (token.text) {
    case 'list':
      return parseList(ts, start);
    case 'option':
      return parseOption(ts, start);
    case 'result':
      return parseResult(ts, start);
    case 'tuple':
      return parseTuple(ts, start);
    case 'borrow':
    case 'own':
      return parseHandle(ts, token.text, start);
    case 'future':
    case 'stream':
      return parseAsyncValue(ts, token.text, start);
    case 'map':
      return parseMap(ts, start);
    default:
      throw ts.unexpected(TYPE_WHAT);
  }
}

function parseOption(ts: TokenStream, start: number): TypeAst {
  ts.next();
  ts.expect('<');
  const inner = parseType(ts);
  ts.expect('>');
  return { kind: 'option', inner, start, end: ts.lastEnd };
}

function parseHandle(ts: TokenStream, kind: 'borrow' | 'own', start: number): TypeAst {
  ts.next();
  ts.expect('<');
  const name = ts.ident('a resource name');
  ts.expect('>');
  return { kind, name, start, end: ts.lastEnd };
}

function parseAsyncValue(ts: TokenStream, kind: 'future' | 'stream', start: number): TypeAst {
  ts.next();
  let inner: TypeAst | null = null;
  if (ts.eat('<')) {
    inner = parseType(ts);
    ts.expect('>');
  }
  return { kind, inner, start, end: ts.lastEnd };
}

function parseMap(ts: TokenStream, start: number): TypeAst {
  ts.next();
  ts.expect('<');
  const key = parseType(ts);
  ts.expect(',');
  const value = parseType(ts);
  ts.expect('>');
  return { kind: 'map', key, value, start, end: ts.lastEnd };
}

function parseList(ts: TokenStream, start: number): TypeAst {
  ts.next();
  ts.expect('<');
  const element = parseType(ts);
  let size: { value: string; start: number; end: number } | undefined;
  if (ts.eat(',')) {
    const token = ts.peek();
    if (token.kind !== 'int') {
      throw ts.unexpected('the length of a fixed-size list (a number)');
    }
    ts.next();
    size = { value: token.text, start: token.start, end: token.end };
  }
  ts.expect('>');
  return { kind: 'list', element, size, start, end: ts.lastEnd };
}

function parseResult(ts: TokenStream, start: number): TypeAst {
  ts.next();
  if (!ts.eat('<')) {
    return { kind: 'result', ok: null, err: null, start, end: ts.lastEnd };
  }
  if (ts.eat('_')) {
    ts.expect(',', '`,` (after `_` comes the error type: `result<_, E>`)');
    const err = parseType(ts);
    ts.expect('>');
    return { kind: 'result', ok: null, err, start, end: ts.lastEnd };
  }
  const ok = parseType(ts);
  let err: TypeAst | null = null;
  if (ts.eat(',')) {
    err = parseType(ts);
  }
  ts.expect('>', err === null ? '`,` or `>`' : '`>`');
  return { kind: 'result', ok, err, start, end: ts.lastEnd };
}

function parseTuple(ts: TokenStream, start: number): TypeAst {
  ts.next();
  ts.expect('<');
  const items: TypeAst[] = [];
  while (!ts.at('>')) {
    items.push(parseType(ts));
    if (!ts.eat(',')) {
      break;
    }
  }
  ts.expect('>', items.length === 0 ? 'a type or `>`' : '`,` or `>`');
  return { kind: 'tuple', items, start, end: ts.lastEnd };
}

/** Parses `async? func(params) (-> type)?`. */
export function parseFuncType(ts: TokenStream): FuncTypeAst {
  const start = ts.peek().start;
  const isAsync = ts.eat('async');
  ts.expect('func', isAsync ? '`func`' : '`func` or `async func`');
  const params = parseParams(ts);
  const result = ts.eat('->') ? parseType(ts) : null;
  return { async: isAsync, params, result, start };
}

/** Parses `(name: type, ...)`. */
export function parseParams(ts: TokenStream): ParamAst[] {
  ts.expect('(');
  const params: ParamAst[] = [];
  while (!ts.at(')')) {
    const name = ts.ident('a parameter name or `)`');
    ts.expect(':');
    params.push({ name, type: parseType(ts) });
    if (!ts.eat(',')) {
      break;
    }
  }
  ts.expect(')', params.length === 0 ? 'a parameter name or `)`' : '`,` or `)`');
  return params;
}

/** Parses `ns:name` with an optional `@version`. */
export function parsePackageName(ts: TokenStream): PackageNameAst {
  const namespace = ts.ident('a package namespace (as in `namespace:name`)');
  ts.expect(':');
  const name = ts.ident('a package name (as in `namespace:name`)');
  let version: string | undefined;
  if (ts.eat('@')) {
    version = ts.version().text;
  }
  return { namespace: namespace.name, name: name.name, version, start: namespace.start, end: ts.lastEnd };
}

/** Parses `ifc` or `ns:pkg/ifc@version`. */
export function parseUsePath(
  ts: TokenStream,
  what = 'an interface name (`name` or `namespace:package/name`)',
): UsePathAst {
  const first = ts.ident(what);
  if (!ts.at(':')) {
    return { kind: 'local', name: first };
  }
  ts.next();
  const pkg = ts.ident('a package name (as in `namespace:package/interface`)');
  ts.expect('/', '`/` (as in `namespace:package/interface`)');
  const name = ts.ident('an interface or world name (as in `namespace:package/interface`)');
  let version: string | undefined;
  if (ts.eat('@')) {
    version = ts.version().text;
  }
  const pkgName: PackageNameAst = {
    namespace: first.name,
    name: pkg.name,
    version,
    start: first.start,
    end: ts.lastEnd,
  };
  return { kind: 'package', package: pkgName, name, start: first.start, end: ts.lastEnd };
}

/** Parses any number of `@since(..)`, `@unstable(..)`, `@deprecated(..)` annotations. */
export function parseGates(ts: TokenStream): GatesAst | undefined {
  if (!ts.at('@')) {
    return undefined;
  }
  const start = ts.peek().start;
  let since: VersionAst | undefined;
  let unstable: Ident | undefined;
  let deprecated: VersionAst | undefined;
  while (ts.eat('@')) {
    const kind = ts.ident('`since`, `unstable` or `deprecated` after `@`');
    if (kind.name !== 'since' && kind.name !== 'unstable' && kind.name !== 'deprecated') {
      throw ts.errorAt(
        kind.start,
        kind.end,
        `unknown annotation \`@${kind.name}\`; expected \`@since\`, \`@unstable\` or \`@deprecated\``,
      );
    }
    const given = kind.name === 'since' ? since : kind.name === 'unstable' ? unstable : deprecated;
    if (given !== undefined) {
      throw ts.errorAt(
        kind.start,
        kind.end,
        `\`@${kind.name}\` is given twice on one item; expected each of \`@since\`, \`@unstable\` and \`@deprecated\` at most once`,
        WitErrorCode.invalidGate,
      );
    }
    ts.expect('(');
    const field = ts.ident(kind.name === 'unstable' ? '`feature`' : '`version`');
    const expected = kind.name === 'unstable' ? 'feature' : 'version';
    if (field.name !== expected) {
      throw ts.errorAt(
        field.start,
        field.end,
        `expected \`${expected}\` in \`@${kind.name}(${expected} = ..)\`, found \`${field.name}\``,
      );
    }
    ts.expect('=');
    if (kind.name === 'unstable') {
      unstable = ts.ident('a feature name');
    } else if (kind.name === 'since') {
      since = ts.version();
    } else {
      deprecated = ts.version();
    }
    ts.expect(')');
    if (since !== undefined && unstable !== undefined) {
      throw ts.errorAt(
        kind.start,
        kind.end,
        'an item cannot be both `@since` and `@unstable`; expected exactly one of them',
        WitErrorCode.invalidGate,
      );
    }
  }
  return { since, unstable, deprecated, start };
}
