/** Small lookups over a resolved model for tests. */
import { join } from 'node:path';
import {
  formatPackageName,
  type Func,
  type Interface,
  type Resolve,
  type TypeDef,
  type World,
} from '../../../src/wit/model.js';
import { REPO_ROOT } from '../../helpers/bin.js';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'wit');

export function pkgId(resolve: Resolve, name: string): number {
  const id = resolve.packages.findIndex((p) => formatPackageName(p.name) === name);
  if (id < 0) {
    throw new Error(`no package ${name}`);
  }
  return id;
}

export function iface(resolve: Resolve, pkg: string, name: string): Interface {
  const id = resolve.packages[pkgId(resolve, pkg)]?.interfaces.get(name);
  const found = id === undefined ? undefined : resolve.interfaces[id];
  if (found === undefined) {
    throw new Error(`no interface ${pkg}/${name}`);
  }
  return found;
}

export function world(resolve: Resolve, pkg: string, name: string): World {
  const id = resolve.packages[pkgId(resolve, pkg)]?.worlds.get(name);
  const found = id === undefined ? undefined : resolve.worlds[id];
  if (found === undefined) {
    throw new Error(`no world ${pkg}/${name}`);
  }
  return found;
}

export function typeIn(resolve: Resolve, i: Interface, name: string): TypeDef {
  const id = i.types.get(name);
  const def = id === undefined ? undefined : resolve.types[id];
  if (def === undefined) {
    throw new Error(`no type ${name}`);
  }
  return def;
}

export function funcIn(i: Interface, name: string): Func {
  const func = i.functions.get(name);
  if (func === undefined) {
    throw new Error(`no function ${name}`);
  }
  return func;
}
