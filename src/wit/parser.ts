/** Recursive-descent parser from WIT source text to a {@link FileAst}. */
import type {
  ExternAst,
  FileAst,
  FuncItemAst,
  GatesAst,
  InterfaceAst,
  InterfaceItemAst,
  NestedPackageAst,
  PackageDeclAst,
  PackageItemAst,
  UseAst,
  WorldAst,
  WorldItemAst,
} from './ast.js';
import { parseTypeDef } from './parse-typedefs.js';
import { parseFuncType, parseGates, parsePackageName, parseUsePath } from './parse-types.js';
import type { SourceFile } from './source.js';
import { TokenStream } from './token-stream.js';

const TYPEDEF_KEYWORDS = new Set(['record', 'variant', 'enum', 'flags', 'resource', 'type']);

/** Parses one WIT source text. Throws a positioned `WitError` on invalid syntax. */
export function parseFile(source: SourceFile): FileAst {
  const ts = new TokenStream(source);
  let pkg: PackageDeclAst | undefined;
  const items: PackageItemAst[] = [];
  const nested: NestedPackageAst[] = [];
  let first = true;
  while (ts.peek().kind !== 'eof') {
    if (ts.at('package')) {
      const docs = ts.peek().docs;
      ts.next();
      const decl: PackageDeclAst = { name: parsePackageName(ts), docs };
      if (first && ts.eat(';')) {
        pkg = decl;
      } else {
        ts.expect(
          '{',
          first ? '`;` or `{` after the package name' : '`{` (only the first item of a file may be `package name;`)',
        );
        nested.push(parseNestedBody(ts, decl));
      }
    } else {
      items.push(parsePackageItem(ts, 'a top-level item (`interface`, `world`, `use` or `package`)'));
    }
    first = false;
  }
  return { source, package: pkg, items, nested };
}

function parseNestedBody(ts: TokenStream, decl: PackageDeclAst): NestedPackageAst {
  const items: PackageItemAst[] = [];
  while (!ts.eat('}')) {
    if (ts.peek().kind === 'eof') {
      throw ts.unexpected('`}` closing the package block');
    }
    items.push(parsePackageItem(ts, 'an `interface`, `world`, `use` or `}`'));
  }
  return { decl, items };
}

function parsePackageItem(ts: TokenStream, what: string): PackageItemAst {
  const docs = ts.peek().docs;
  const gates = parseGates(ts);
  if (ts.at('interface')) {
    return parseInterface(ts, docs, gates);
  }
  if (ts.at('world')) {
    return parseWorld(ts, docs, gates);
  }
  if (ts.at('use')) {
    const start = ts.next().start;
    const path = parseUsePath(ts);
    const as = ts.eat('as') ? ts.ident('a name after `as`') : undefined;
    ts.expect(';', as === undefined ? '`;` or `as`' : '`;`');
    return { kind: 'top-use', path, as, start, gates };
  }
  throw ts.unexpected(gates === undefined ? what : '`interface`, `world` or `use` after the annotations');
}

function parseInterface(ts: TokenStream, docs: string | undefined, gates: GatesAst | undefined): InterfaceAst {
  ts.expect('interface');
  const name = ts.ident('an interface name');
  const items = parseInterfaceBody(ts);
  return { kind: 'interface', name, items, docs, gates };
}

/** Parses `{ items }` of an interface (named or inline in a world). */
export function parseInterfaceBody(ts: TokenStream): InterfaceItemAst[] {
  ts.expect('{');
  return ts.untilClose(parseInterfaceItem);
}

function parseInterfaceItem(ts: TokenStream): InterfaceItemAst {
  const docs = ts.peek().docs;
  const gates = parseGates(ts);
  const token = ts.peek();
  if (token.kind === 'keyword' && token.text === 'use') {
    return parseUse(ts, docs, gates);
  }
  if (token.kind === 'keyword' && TYPEDEF_KEYWORDS.has(token.text)) {
    return parseTypeDef(ts, docs, gates);
  }
  if (token.kind === 'id') {
    return parseFuncItem(ts, docs, gates);
  }
  throw ts.unexpected(
    '`use`, a type definition (`record`, `variant`, `enum`, `flags`, `resource`, `type`), a function (`name: func(..)`) or `}`',
  );
}

function parseFuncItem(ts: TokenStream, docs: string | undefined, gates: GatesAst | undefined): FuncItemAst {
  const name = ts.ident();
  ts.expect(':', '`:` (as in `name: func(..)`)');
  const func = parseFuncType(ts);
  ts.expect(';', func.result === null ? '`->` or `;`' : '`;`');
  return { kind: 'func', name, func, docs, gates };
}

function parseUse(ts: TokenStream, docs: string | undefined, gates: GatesAst | undefined): UseAst {
  const start = ts.expect('use').start;
  const path = parseUsePath(ts);
  ts.expect('.', '`.` (as in `use interface.{name}`)');
  ts.expect('{');
  const names: UseAst['names'][number][] = [];
  while (!ts.at('}')) {
    const name = ts.ident('a type name or `}`');
    const as = ts.eat('as') ? ts.ident('a name after `as`') : undefined;
    names.push({ name, as });
    if (!ts.eat(',')) {
      break;
    }
  }
  ts.expect('}', names.length === 0 ? 'a type name or `}`' : '`,` or `}`');
  ts.expect(';');
  return { kind: 'use', path, names, start, docs, gates };
}

function parseWorld(ts: TokenStream, docs: string | undefined, gates: GatesAst | undefined): WorldAst {
  ts.expect('world');
  const name = ts.ident('a world name');
  ts.expect('{');
  const items = ts.untilClose(parseWorldItem);
  return { kind: 'world', name, items, docs, gates };
}

function parseWorldItem(ts: TokenStream): WorldItemAst {
  const docs = ts.peek().docs;
  const gates = parseGates(ts);
  const token = ts.peek();
  if (token.kind === 'keyword') {
    if (token.text === 'import' || token.text === 'export') {
      ts.next();
      return { kind: token.text, extern: parseExtern(ts), start: token.start, docs, gates };
    }
    if (token.text === 'include') {
      return parseInclude(ts, docs, gates);
    }
    if (token.text === 'use') {
      return parseUse(ts, docs, gates);
    }
    if (TYPEDEF_KEYWORDS.has(token.text)) {
      return parseTypeDef(ts, docs, gates);
    }
  }
  throw ts.unexpected('`import`, `export`, `include`, `use`, a type definition or `}`');
}

function parseExtern(ts: TokenStream): ExternAst {
  // `name: func..`, `name: interface {..}`, `name: path;` or a path (`ifc;`, `ns:pkg/ifc@v;`).
  if (ts.peek().kind === 'id' && ts.at(':', 1) && !(ts.peek(2).kind === 'id' && ts.at('/', 3))) {
    const name = ts.ident();
    ts.next();
    if (ts.at('func') || ts.at('async')) {
      const func = parseFuncType(ts);
      ts.expect(';', func.result === null ? '`->` or `;`' : '`;`');
      return { kind: 'func', name, func };
    }
    if (ts.at('interface')) {
      const start = ts.next().start;
      return { kind: 'interface', name, items: parseInterfaceBody(ts), start };
    }
    const path = parseUsePath(ts, '`func`, `interface` or an interface name after `:`');
    ts.expect(';');
    return { kind: 'named-path', name, path };
  }
  const path = parseUsePath(ts, 'an interface name, or `name:` followed by `func(..)` or `interface {..}`');
  ts.expect(';');
  return { kind: 'path', path };
}

function parseInclude(ts: TokenStream, docs: string | undefined, gates: GatesAst | undefined): WorldItemAst {
  const start = ts.expect('include').start;
  const path = parseUsePath(ts, 'a world name (`name` or `namespace:package/name`)');
  const renames: {
    from: { name: string; start: number; end: number };
    to: { name: string; start: number; end: number };
  }[] = [];
  if (ts.eat('with')) {
    ts.expect('{');
    while (!ts.at('}')) {
      const from = ts.ident('a name to rename or `}`');
      ts.expect('as');
      const to = ts.ident('the new name after `as`');
      renames.push({ from, to });
      if (!ts.eat(',')) {
        break;
      }
    }
    ts.expect('}', renames.length === 0 ? 'a name to rename or `}`' : '`,` or `}`');
  } else {
    ts.expect(';', '`;` or `with`');
  }
  return { kind: 'include', path, with: renames, start, docs, gates };
}
