/**
 * Reading type definitions (`type`), component and instance types with their
 * declarations, extern descriptions, sorts and aliases.
 */
import { skipCoreType } from './core-types.js';
import { DecodeErrorCode, fail } from './errors.js';
import type { Reader } from './reader.js';
import { type DecodeContext, Scope } from './scope.js';
import {
  type CompT,
  type Entity,
  type FuncT,
  type InstT,
  type TypeEntry,
  entitiesDepth,
  isNode,
  measure,
} from './types.js';
import { readDefValType, readFuncType, readValType } from './valtypes.js';

export type Sort = 'core-module' | 'core' | 'func' | 'value' | 'type' | 'component' | 'instance';

/** The bound of an imported or exported type: `(eq i)` or `(sub resource)`. */
export type TypeBound = { readonly eq: TypeEntry } | 'sub-resource';

export type ExternDesc =
  | { readonly sort: 'module' }
  | { readonly sort: 'value' }
  | { readonly sort: 'func'; readonly type: FuncT }
  | { readonly sort: 'type'; readonly bound: TypeBound }
  | { readonly sort: 'instance'; readonly type: InstT }
  | { readonly sort: 'component'; readonly type: CompT };

/** `sort`: `0x00 core:sort` or one of the component sorts. */
export function readSort(r: Reader): Sort {
  const offset = r.pos;
  const byte = r.u8('sort');
  switch (byte) {
    case 0x00: {
      const core = r.u8('core sort');
      if (core > 0x04 && (core < 0x10 || core > 0x12)) {
        fail(DecodeErrorCode.malformed, offset + 1, `invalid core sort 0x${core.toString(16)}`);
      }
      return core === 0x11 ? 'core-module' : 'core';
    }
    case 0x01:
      return 'func';
    case 0x02:
      return 'value';
    case 0x03:
      return 'type';
    case 0x04:
      return 'component';
    case 0x05:
      return 'instance';
    default:
      return fail(DecodeErrorCode.malformed, offset, `invalid sort 0x${byte.toString(16)}`);
  }
}

/** The version of an interface name cut to its canonical prefix (`@1`, `@0.2`), as written before a version suffix. */
const CANONICAL_VERSION = /@(?:[1-9][0-9]*|0\.[1-9][0-9]*)$/;

/**
 * An import or export name: `0x00` and a string; or `0x01` and a string,
 * which older encoders wrote for interface names, and which the canonical
 * interface names form uses for a name cut to its canonical version prefix
 * (`a:b/c@0.2`) followed by the version's suffix (`.6`), joined here into
 * the full name (`a:b/c@0.2.6`); or `0x02`, a string and a vector of name
 * options, of which option `0x00` is `(implements "ns:pkg/iface@v")` (a plain
 * name standing for an interface), returned as `[implements=<ns:pkg/iface@v>]name`.
 */
export function readExternName(r: Reader, what: string): string {
  const offset = r.pos;
  const kind = r.u8(what);
  if (kind === 0x02) {
    return readOptionedName(r, what);
  }
  if (kind !== 0x00 && kind !== 0x01) {
    fail(DecodeErrorCode.malformed, offset, `invalid ${what} kind 0x${kind.toString(16)}`);
  }
  const name = r.name(what);
  return kind === 0x01 && CANONICAL_VERSION.test(name) ? `${name}${r.name(`${what} version suffix`)}` : name;
}

function readOptionedName(r: Reader, what: string): string {
  const name = r.name(what);
  const count = r.count(`${what} options`, 2);
  let implemented: string | undefined;
  for (let i = 0; i < count; i++) {
    const offset = r.pos;
    const option = r.u8(`${what} option`);
    if (option !== 0x00) {
      fail(DecodeErrorCode.unsupported, offset, `unknown ${what} option 0x${option.toString(16)}`);
    }
    implemented = r.name(`${what} implements`);
  }
  return implemented === undefined ? name : `[implements=<${implemented}>]${name}`;
}

/** `externdesc`. */
export function readExternDesc(r: Reader, scope: Scope): ExternDesc {
  const offset = r.pos;
  const kind = r.u8('extern description');
  const at = r.pos;
  switch (kind) {
    case 0x00:
      if (r.u8('core module sort') !== 0x11) {
        fail(DecodeErrorCode.malformed, at, 'expected the core module sort (0x11)');
      }
      r.u32('core module type index');
      return { sort: 'module' };
    case 0x01:
      return { sort: 'func', type: scope.funcType(r.u32('function type index'), at) };
    case 0x02:
      readValueBound(r, scope);
      return { sort: 'value' };
    case 0x03:
      return { sort: 'type', bound: readTypeBound(r, scope) };
    case 0x04:
      return { sort: 'component', type: scope.componentType(r.u32('component type index'), at) };
    case 0x05:
      return { sort: 'instance', type: scope.instanceType(r.u32('instance type index'), at) };
    default:
      return fail(DecodeErrorCode.malformed, offset, `invalid extern description 0x${kind.toString(16)}`);
  }
}

function readTypeBound(r: Reader, scope: Scope): TypeBound {
  const offset = r.pos;
  const kind = r.u8('type bound');
  if (kind === 0x01) {
    return 'sub-resource';
  }
  if (kind !== 0x00) {
    fail(DecodeErrorCode.malformed, offset, `invalid type bound 0x${kind.toString(16)}`);
  }
  const at = r.pos;
  return { eq: scope.type(r.u32('type index'), at) };
}

function readValueBound(r: Reader, scope: Scope): void {
  const offset = r.pos;
  const kind = r.u8('value bound');
  if (kind === 0x00) {
    r.u32('value index');
  } else if (kind === 0x01) {
    readValType(r, scope);
  } else {
    fail(DecodeErrorCode.malformed, offset, `invalid value bound 0x${kind.toString(16)}`);
  }
}

/**
 * The entity an import or export declaration introduces. A type gets a new
 * identity: a `named` node (for `(sub resource)`, around a fresh resource).
 */
export function declare(name: string, desc: ExternDesc, ctx: DecodeContext, offset: number): Entity {
  if (desc.sort !== 'type') {
    return desc;
  }
  if (desc.bound === 'sub-resource') {
    return { sort: 'type', type: { k: 'named', name, target: ctx.freshResource(), depth: 2, nodes: 2 } };
  }
  const target = desc.bound.eq;
  if (!isNode(target)) {
    return { sort: 'type', type: target };
  }
  return { sort: 'type', type: { k: 'named', name, target, ...measure([target], offset) } };
}

/** Adds an entity to the index space of its sort. */
export function pushEntity(scope: Scope, entity: Entity): void {
  switch (entity.sort) {
    case 'func':
      scope.funcs.push(entity.type);
      return;
    case 'type':
      scope.types.push(entity.type);
      return;
    case 'instance':
      scope.instances.push(entity.type);
      return;
    case 'component':
      scope.components.push(entity.type);
      return;
    default:
      return;
  }
}

function sortMatches(sort: Sort, entity: Entity): boolean {
  switch (sort) {
    case 'core-module':
      return entity.sort === 'module';
    case 'core':
      return false;
    default:
      return entity.sort === sort;
  }
}

/** `alias`: adds the aliased item to `scope`. */
export function readAlias(r: Reader, scope: Scope): void {
  const offset = r.pos;
  const sort = readSort(r);
  const targetAt = r.pos;
  const target = r.u8('alias target');
  if (target === 0x00) {
    const at = r.pos;
    const index = r.u32('instance index');
    const instance = scope.instance(index, at);
    const name = r.name('export name');
    const entity = instance.exports.get(name);
    if (entity === undefined || !sortMatches(sort, entity)) {
      fail(DecodeErrorCode.invalidIndex, offset, `instance ${index} has no ${sort} export named "${name}"`);
    }
    pushEntity(scope, entity);
  } else if (target === 0x01) {
    if (sort !== 'core' && sort !== 'core-module') {
      fail(DecodeErrorCode.malformed, offset, 'a core export alias must have a core sort');
    }
    r.u32('core instance index');
    r.name('core export name');
  } else if (target === 0x02) {
    const count = r.u32('outer count');
    const at = r.pos;
    const index = r.u32('outer index');
    aliasOuter(scope, sort, count, index, at);
  } else {
    fail(DecodeErrorCode.malformed, targetAt, `invalid alias target 0x${target.toString(16)}`);
  }
}

function aliasOuter(scope: Scope, sort: Sort, count: number, index: number, offset: number): void {
  const outer = scope.outer(count, offset);
  if (sort === 'type') {
    scope.types.push(outer.type(index, offset));
  } else if (sort === 'component') {
    scope.components.push(outer.component(index, offset));
  } else if (sort !== 'core-module' && sort !== 'core') {
    fail(DecodeErrorCode.malformed, offset, `an outer alias cannot refer to a ${sort}`);
  }
}

/** `type` (a `deftype`): value, function, component, instance or resource type. */
export function readTypeDef(r: Reader, scope: Scope, ctx: DecodeContext): TypeEntry {
  const offset = r.pos;
  const byte = r.u8('type definition');
  switch (byte) {
    case 0x40:
    case 0x43:
      return readFuncType(r, scope, byte === 0x43, offset);
    case 0x41:
      return readComponentType(r, scope, ctx, offset);
    case 0x42:
      return readInstanceType(r, scope, ctx, offset);
    case 0x3f:
    case 0x3e:
      readResourceType(r, byte === 0x3e);
      return ctx.freshResource();
    default:
      return readDefValType(byte, r, scope, offset);
  }
}

function readResourceType(r: Reader, isAsync: boolean): void {
  const at = r.pos;
  if (r.u8('resource representation') !== 0x7f) {
    fail(DecodeErrorCode.malformed, at, 'a resource representation must be i32 (0x7f)');
  }
  if (isAsync) {
    r.u32('destructor index');
  }
  for (const what of isAsync ? ['destructor callback'] : ['destructor']) {
    const flagAt = r.pos;
    const flag = r.u8(what);
    if (flag === 0x01) {
      r.u32(`${what} index`);
    } else if (flag !== 0x00) {
      fail(DecodeErrorCode.malformed, flagAt, `invalid ${what} flag 0x${flag.toString(16)}`);
    }
  }
}

interface Decls {
  readonly imports: Map<string, Entity>;
  readonly exports: Map<string, Entity>;
}

function readDecls(r: Reader, scope: Scope, ctx: DecodeContext, allowImports: boolean): Decls {
  const decls: Decls = { imports: new Map(), exports: new Map() };
  const n = r.count('type declarations');
  for (let i = 0; i < n; i++) {
    const offset = r.pos;
    const tag = r.u8('type declaration');
    if (tag === 0x00) {
      skipCoreType(r);
    } else if (tag === 0x01) {
      scope.types.push(readTypeDef(r, scope, ctx));
    } else if (tag === 0x02) {
      readAlias(r, scope);
    } else if (tag === 0x04 || (tag === 0x03 && allowImports)) {
      const name = readExternName(r, tag === 0x03 ? 'import name' : 'export name');
      const entity = declare(name, readExternDesc(r, scope), ctx, offset);
      pushEntity(scope, entity);
      (tag === 0x03 ? decls.imports : decls.exports).set(name, entity);
    } else {
      fail(DecodeErrorCode.malformed, offset, `invalid type declaration 0x${tag.toString(16)}`);
    }
  }
  return decls;
}

function readInstanceType(r: Reader, parent: Scope, ctx: DecodeContext, offset: number): InstT {
  const { exports } = readDecls(r, new Scope(parent, offset), ctx, false);
  return { k: 'instance', exports, depth: entitiesDepth([exports], offset) };
}

function readComponentType(r: Reader, parent: Scope, ctx: DecodeContext, offset: number): CompT {
  const { imports, exports } = readDecls(r, new Scope(parent, offset), ctx, true);
  return { k: 'component', imports, exports, depth: entitiesDepth([imports, exports], offset) };
}
