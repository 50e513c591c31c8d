/** Parsing of type definitions: `record`, `variant`, `enum`, `flags`, `resource`, `type`. */
import type { GatesAst, NamedCaseAst, ResourceFuncAst, TypeAst, TypeDefAst } from './ast.js';
import { parseFuncType, parseGates, parseParams, parseType } from './parse-types.js';
import type { TokenStream } from './token-stream.js';

/** Parses a type definition starting at its keyword. */
export function parseTypeDef(ts: TokenStream, docs: string | undefined, gates: GatesAst | undefined): TypeDefAst {
  const keyword = ts.next().text;
  const name = ts.ident(`a name for the ${keyword === 'type' ? 'type alias' : keyword}`);
  switch (keyword) {
    case 'record':
      return { kind: 'record', name, fields: parseCases(ts, 'field', true), docs, gates };
    case 'variant':
      return { kind: 'variant', name, cases: parseCases(ts, 'case', false), docs, gates };
    case 'enum':
      return { kind: 'enum', name, cases: parseCases(ts, 'case', null), docs, gates };
    case 'flags':
      return { kind: 'flags', name, cases: parseCases(ts, 'flag', null), docs, gates };
    case 'resource':
      return { kind: 'resource', name, funcs: parseResourceBody(ts), docs, gates };
    default: {
      ts.expect('=');
      const target = parseType(ts);
      ts.expect(';');
      return { kind: 'alias', name, target, docs, gates };
    }
  }
}

/**
 * Parses `{ a, b(..), c: .. }`. `typed`: `true` = `name: type` (record fields),
 * `false` = optional `(type)` payload (variant cases), `null` = bare names.
 */
function parseCases(ts: TokenStream, what: string, typed: boolean | null): NamedCaseAst[] {
  ts.expect('{');
  const cases: NamedCaseAst[] = [];
  while (!ts.at('}')) {
    const docs = ts.peek().docs;
    const name = ts.ident(`a ${what} name or \`}\``);
    let type: TypeAst | null = null;
    if (typed === true) {
      ts.expect(':', '`:` (as in `name: type`)');
      type = parseType(ts);
    } else if (typed === false && ts.eat('(')) {
      type = parseType(ts);
      ts.expect(')');
    }
    cases.push({ name, docs, type });
    if (!ts.eat(',')) {
      break;
    }
  }
  const after = typed === false ? '`(`, `,` or `}`' : '`,` or `}`';
  ts.expect('}', cases.length === 0 ? `a ${what} name or \`}\`` : after);
  return cases;
}

function parseResourceBody(ts: TokenStream): ResourceFuncAst[] {
  if (ts.eat(';')) {
    return [];
  }
  ts.expect('{', '`;` or `{`');
  return ts.untilClose(parseResourceFunc);
}

function parseResourceFunc(ts: TokenStream): ResourceFuncAst {
  const docs = ts.peek().docs;
  const gates = parseGates(ts);
  if (ts.at('constructor')) {
    const start = ts.next().start;
    const params = parseParams(ts);
    const result = ts.eat('->') ? parseType(ts) : null;
    ts.expect(';', result === null ? '`->` or `;`' : '`;`');
    return { kind: 'constructor', func: { async: false, params, result, start }, start, docs, gates };
  }
  const name = ts.ident('a method name (`name: func(..)`), `constructor` or `}`');
  ts.expect(':', '`:` (as in `name: func(..)`)');
  const isStatic = ts.eat('static');
  const func = parseFuncType(ts);
  ts.expect(';', func.result === null ? '`->` or `;`' : '`;`');
  return { kind: isStatic ? 'static' : 'method', name, func, docs, gates };
}
