/**
 * Compares function signatures across two models (e.g. a workflow's import and the export
 * it is linked to). Types are compared by structure, and named definitions also by name;
 * aliases are followed. Returns a description of the first difference, or `null`.
 */
import { formatType } from '../../wit/format-type.js';
import type { Func, Resolve, Type, TypeDef } from '../../wit/model.js';

interface Side {
  readonly resolve: Resolve;
  /** Definitions compared by name only (e.g. host types a generated model only names). */
  readonly nominal?: ((def: TypeDef, resolve: Resolve) => boolean) | undefined;
}

export interface SignatureOptions {
  /** Definitions (on either side) to compare by name only. */
  readonly nominal?: (def: TypeDef, resolve: Resolve) => boolean;
}

export function signatureDiff(
  a: Resolve,
  fa: Func,
  b: Resolve,
  fb: Func,
  options: SignatureOptions = {},
): string | null {
  const sa: Side = { resolve: a, nominal: options.nominal };
  const sb: Side = { resolve: b, nominal: options.nominal };
  if (fa.params.length !== fb.params.length) {
    return `expected ${fb.params.length} parameters, found ${fa.params.length}`;
  }
  const seen = new Set<string>();
  for (const [i, pa] of fa.params.entries()) {
    const pb = fb.params[i];
    if (pb === undefined) {
      continue;
    }
    if (!typesEqual(sa, pa.type, sb, pb.type, seen)) {
      return `parameter ${pa.name}: expected ${formatType(b, pb.type)}, found ${formatType(a, pa.type)}`;
    }
  }
  if (fa.result === null || fb.result === null) {
    return fa.result === fb.result
      ? null
      : `result: expected ${fb.result === null ? 'none' : formatType(b, fb.result)}, found ${fa.result === null ? 'none' : formatType(a, fa.result)}`;
  }
  if (!typesEqual(sa, fa.result, sb, fb.result, seen)) {
    return `result: expected ${formatType(b, fb.result)}, found ${formatType(a, fa.result)}`;
  }
  return null;
}

function dealias(side: Side, type: Type): Type {
  let current = type;
  for (let depth = 0; depth < 64 && current.kind === 'named'; depth++) {
    const def = side.resolve.types[current.id];
    if (def?.kind.tag !== 'alias') {
      return current;
    }
    current = def.kind.target;
  }
  return current;
}

function typesEqual(sa: Side, ta: Type, sb: Side, tb: Type, seen: Set<string>): boolean {
  const x = dealias(sa, ta);
  const y = dealias(sb, tb);
  switch (x.kind) {
    case 'primitive':
      return y.kind === 'primitive' && x.name === y.name;
    case 'named':
      return y.kind === 'named' && defsEqual(sa, x.id, sb, y.id, seen);
    case 'borrow':
      return y.kind === 'borrow' && defsEqual(sa, x.resource, sb, y.resource, seen);
    case 'list':
      return y.kind === 'list' && x.size === y.size && typesEqual(sa, x.element, sb, y.element, seen);
    case 'option':
      return y.kind === 'option' && typesEqual(sa, x.inner, sb, y.inner, seen);
    case 'result':
      return y.kind === 'result' && optEqual(sa, x.ok, sb, y.ok, seen) && optEqual(sa, x.err, sb, y.err, seen);
    case 'tuple':
      return (
        y.kind === 'tuple' &&
        x.items.length === y.items.length &&
        x.items.every((t, i) => typesEqual(sa, t, sb, y.items[i] as Type, seen))
      );
    case 'map':
      return y.kind === 'map' && typesEqual(sa, x.key, sb, y.key, seen) && typesEqual(sa, x.value, sb, y.value, seen);
    case 'future':
    case 'stream':
      return y.kind === x.kind && optEqual(sa, x.inner, sb, y.inner, seen);
  }
}

function optEqual(sa: Side, a: Type | null, sb: Side, b: Type | null, seen: Set<string>): boolean {
  return a === null || b === null ? a === b : typesEqual(sa, a, sb, b, seen);
}

/** Follows `type a = b` and `use`d names to the definition. */
function dealiasId(side: Side, id: number): number {
  let current = id;
  for (let depth = 0; depth < 64; depth++) {
    const def = side.resolve.types[current];
    if (def?.kind.tag !== 'alias' || def.kind.target.kind !== 'named') {
      return current;
    }
    current = def.kind.target.id;
  }
  return current;
}

function defsEqual(sa: Side, fromA: number, sb: Side, fromB: number, seen: Set<string>): boolean {
  const ia = dealiasId(sa, fromA);
  const ib = dealiasId(sb, fromB);
  const key = `${ia}/${ib}`;
  if (seen.has(key)) {
    return true;
  }
  seen.add(key);
  const x = sa.resolve.types[ia];
  const y = sb.resolve.types[ib];
  if (x === undefined || y === undefined || x.name !== y.name || x.kind.tag !== y.kind.tag) {
    return false;
  }
  if (sa.nominal?.(x, sa.resolve) === true || sb.nominal?.(y, sb.resolve) === true) {
    return true;
  }
  return kindsEqual(sa, x, sb, y, seen);
}

/** Whether two definitions have the same structure (fields, cases, flags), comparing nested types deeply. */
export function typeDefsEqual(a: Resolve, x: TypeDef, b: Resolve, y: TypeDef): boolean {
  return x.kind.tag === y.kind.tag && kindsEqual({ resolve: a }, x, { resolve: b }, y, new Set());
}

function kindsEqual(sa: Side, x: TypeDef, sb: Side, y: TypeDef, seen: Set<string>): boolean {
  const a = x.kind;
  const b = y.kind;
  if (a.tag === 'record' && b.tag === 'record') {
    return (
      a.fields.length === b.fields.length &&
      a.fields.every((f, i) => f.name === b.fields[i]?.name && typesEqual(sa, f.type, sb, b.fields[i].type, seen))
    );
  }
  if (a.tag === 'variant' && b.tag === 'variant') {
    return (
      a.cases.length === b.cases.length &&
      a.cases.every((c, i) => c.name === b.cases[i]?.name && optEqual(sa, c.type, sb, b.cases[i].type, seen))
    );
  }
  if (a.tag === 'enum' && b.tag === 'enum') {
    return a.cases.map((c) => c.name).join() === b.cases.map((c) => c.name).join();
  }
  if (a.tag === 'flags' && b.tag === 'flags') {
    return a.flags.map((f) => f.name).join() === b.flags.map((f) => f.name).join();
  }
  if (a.tag === 'alias' && b.tag === 'alias') {
    return typesEqual(sa, a.target, sb, b.target, seen);
  }
  return a.tag === 'resource' && b.tag === 'resource';
}
