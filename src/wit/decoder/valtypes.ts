/**
 * Reading value types (`valtype`, `defvaltype`) and function types.
 */
import { DecodeErrorCode, fail } from './errors.js';
import type { Reader } from './reader.js';
import type { Scope } from './scope.js';
import { type CaseNode, type FuncT, type Label, type Node, depthOf, measure, prim } from './types.js';
import type { Primitive } from '../model.js';

const PRIMITIVE_BYTES: ReadonlyMap<number, Primitive> = new Map<number, Primitive>([
  [0x7f, 'bool'],
  [0x7e, 's8'],
  [0x7d, 'u8'],
  [0x7c, 's16'],
  [0x7b, 'u16'],
  [0x7a, 's32'],
  [0x79, 'u32'],
  [0x78, 's64'],
  [0x77, 'u64'],
  [0x76, 'f32'],
  [0x75, 'f64'],
  [0x74, 'char'],
  [0x73, 'string'],
  [0x64, 'error-context'],
]);

/** The primitive a type opcode stands for, if any. */
export function primitiveOf(byte: number): Primitive | undefined {
  return PRIMITIVE_BYTES.get(byte);
}

/** `valtype`: a primitive opcode or a (non-negative) type index. */
export function readValType(r: Reader, scope: Scope): Node {
  const byte = r.peek('value type');
  const primitive = primitiveOf(byte);
  if (primitive !== undefined) {
    r.pos++;
    return prim(primitive);
  }
  const offset = r.pos;
  const index = r.s33('value type');
  if (index < 0) {
    fail(DecodeErrorCode.malformed, offset, `invalid value type opcode 0x${byte.toString(16)}`);
  }
  return scope.valueType(index, offset);
}

/** `<valtype>?`: `0x00` or `0x01 valtype`. */
export function readOptionalValType(r: Reader, scope: Scope, what: string): Node | null {
  const offset = r.pos;
  const flag = r.u8(what);
  if (flag === 0x00) {
    return null;
  }
  if (flag !== 0x01) {
    fail(DecodeErrorCode.malformed, offset, `invalid ${what} flag 0x${flag.toString(16)}`);
  }
  return readValType(r, scope);
}

function readLabels(r: Reader, scope: Scope, what: string): Label[] {
  const n = r.count(what, 2);
  const labels: Label[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.name(`${what} name`);
    labels.push({ name, type: readValType(r, scope) });
  }
  return labels;
}

function readNames(r: Reader, what: string): string[] {
  const n = r.count(what);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    names.push(r.name(what));
  }
  return names;
}

function readCases(r: Reader, scope: Scope): CaseNode[] {
  const n = r.count('variant cases', 3);
  const cases: CaseNode[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.name('variant case name');
    const type = readOptionalValType(r, scope, 'variant case payload');
    const refinesAt = r.pos;
    const refines = r.u8('variant case refinement');
    if (refines === 0x01) {
      r.u32('refined case index');
    } else if (refines !== 0x00) {
      fail(DecodeErrorCode.malformed, refinesAt, `invalid variant case refinement flag 0x${refines.toString(16)}`);
    }
    cases.push({ name, type });
  }
  return cases;
}

function readValTypes(r: Reader, scope: Scope, what: string): Node[] {
  const n = r.count(what);
  const items: Node[] = [];
  for (let i = 0; i < n; i++) {
    items.push(readValType(r, scope));
  }
  return items;
}

/** A `defvaltype` whose opcode `byte` was already read. */
export function readDefValType(byte: number, r: Reader, scope: Scope, offset: number): Node {
  const primitive = primitiveOf(byte);
  if (primitive !== undefined) {
    return prim(primitive);
  }
  switch (byte) {
    case 0x72: {
      const fields = readLabels(r, scope, 'record fields');
      return {
        k: 'record',
        fields,
        ...measure(
          fields.map((f) => f.type),
          offset,
        ),
      };
    }
    case 0x71: {
      const cases = readCases(r, scope);
      return {
        k: 'variant',
        cases,
        ...measure(
          cases.map((c) => c.type),
          offset,
        ),
      };
    }
    case 0x70: {
      const element = readValType(r, scope);
      return { k: 'list', element, size: undefined, ...measure([element], offset) };
    }
    case 0x67: {
      const element = readValType(r, scope);
      const size = r.u32('fixed-size list length');
      return { k: 'list', element, size, ...measure([element], offset) };
    }
    case 0x63: {
      const key = readValType(r, scope);
      const value = readValType(r, scope);
      return { k: 'map', key, value, ...measure([key, value], offset) };
    }
    case 0x6f: {
      const items = readValTypes(r, scope, 'tuple types');
      return { k: 'tuple', items, ...measure(items, offset) };
    }
    case 0x6e:
      return { k: 'flags', names: readNames(r, 'flag names'), depth: 1, nodes: 1 };
    case 0x6d:
      return { k: 'enum', names: readNames(r, 'enum cases'), depth: 1, nodes: 1 };
    case 0x6b: {
      const inner = readValType(r, scope);
      return { k: 'option', inner, ...measure([inner], offset) };
    }
    case 0x6a: {
      const ok = readOptionalValType(r, scope, 'result ok type');
      const err = readOptionalValType(r, scope, 'result error type');
      return { k: 'result', ok, err, ...measure([ok, err], offset) };
    }
    default:
      return readHandleOrAsync(byte, r, scope, offset);
  }
}

function readHandleOrAsync(byte: number, r: Reader, scope: Scope, offset: number): Node {
  switch (byte) {
    case 0x69:
    case 0x68: {
      const at = r.pos;
      const resource = scope.resourceType(r.u32('resource type index'), at);
      return { k: byte === 0x69 ? 'own' : 'borrow', resource, ...measure([resource], offset) };
    }
    case 0x66:
    case 0x65: {
      const inner = readOptionalValType(r, scope, byte === 0x66 ? 'stream payload' : 'future payload');
      return { k: byte === 0x66 ? 'stream' : 'future', inner, ...measure([inner], offset) };
    }
    case 0x6c:
      return fail(DecodeErrorCode.unsupported, offset, 'the `union` type was removed from the component model');
    default:
      return fail(DecodeErrorCode.malformed, offset, `invalid type opcode 0x${byte.toString(16)}`);
  }
}

/** A function type whose opcode (`0x40`, or `0x43` for `async`) was already read. */
export function readFuncType(r: Reader, scope: Scope, isAsync: boolean, offset: number): FuncT {
  const params = readLabels(r, scope, 'function parameters');
  const at = r.pos;
  const kind = r.u8('function results');
  let result: Node | null = null;
  if (kind === 0x00) {
    result = readValType(r, scope);
  } else if (kind === 0x01) {
    const countAt = r.pos;
    const count = r.u32('number of named results');
    if (count !== 0) {
      fail(DecodeErrorCode.unsupported, countAt, 'functions with named results cannot be expressed in WIT');
    }
  } else {
    fail(DecodeErrorCode.malformed, at, `invalid function result list 0x${kind.toString(16)}`);
  }
  const depth = depthOf([...params.map((p) => p.type), result], offset);
  return { k: 'func', params, result, async: isAsync, depth };
}
