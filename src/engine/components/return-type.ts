/**
 * Exported functions must return a `result` the engine can reason about (the forms
 * the original obelisk accepts): `result`, `result<T>`, `result<_, string>`,
 * `result<T, string>`, or `result<T, E>` where E is a variant with an
 * `execution-failed` case (the engine maps its own failures into it).
 */
import { formatType } from '../../wit/format-type.js';
import type { Func, Resolve, Type, TypeDef } from '../../wit/model.js';

export type ReturnShape =
  { readonly err: 'none' } | { readonly err: 'string' } | { readonly err: 'variant'; readonly variant: TypeDef };

export type ReturnCheck =
  { readonly ok: true; readonly shape: ReturnShape } | { readonly ok: false; readonly reason: string };

const ACCEPTED =
  'result, result<T>, result<_, string>, result<T, string>, or result<T, E> where E is a variant with an execution-failed case';

/** Follows aliases (`type a = b`, `use`d names) to the definition. */
export function dealias(resolve: Resolve, type: Type): Type {
  let current = type;
  for (let depth = 0; depth < 64 && current.kind === 'named'; depth++) {
    const def = resolve.types[current.id];
    if (def === undefined || def.kind.tag !== 'alias') {
      return current;
    }
    current = def.kind.target;
  }
  return current;
}

export function checkReturnType(resolve: Resolve, func: Func): ReturnCheck {
  const written = func.result === null ? 'nothing' : formatType(resolve, func.result);
  const fail = (why: string): ReturnCheck => ({
    ok: false,
    reason: `${func.name} returns ${written}: ${why}; it must return ${ACCEPTED}`,
  });
  if (func.result === null) {
    return fail('no result');
  }
  const result = dealias(resolve, func.result);
  if (result.kind !== 'result') {
    return fail('not a result');
  }
  if (result.err === null) {
    return { ok: true, shape: { err: 'none' } };
  }
  const err = dealias(resolve, result.err);
  if (err.kind === 'primitive' && err.name === 'string') {
    return { ok: true, shape: { err: 'string' } };
  }
  if (err.kind === 'named') {
    const def = resolve.types[err.id];
    if (def?.kind.tag === 'variant') {
      return def.kind.cases.some((c) => c.name === 'execution-failed')
        ? { ok: true, shape: { err: 'variant', variant: def } }
        : fail(`the error variant ${def.name ?? ''} has no execution-failed case`);
    }
  }
  return fail('the error type is neither string nor a variant');
}
