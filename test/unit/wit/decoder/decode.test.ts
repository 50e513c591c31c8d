/**
 * What the decoder makes of components built from known WIT (and of a few
 * written in WAT): packages and versions, interface types and `use`s,
 * resources and their functions, world-level items, async functions,
 * streams and futures, interfaces both imported and exported, and the
 * skipping of core modules.
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import { decodeComponent } from '../../../../src/wit/decoder/index.js';
import {
  type Func,
  formatPackageName,
  interfaceFullName,
  type Interface,
  type Resolve,
  type Type,
  type TypeDef,
  type WorldItem,
} from '../../../../src/wit/model.js';
import { dummyComponent } from '../../../helpers/components.js';
import { IMPORT_SECTION, TYPE_SECTION, component, leb, name, section, vecSection } from './binary.js';
import { modelDiff } from '../../../../src/wit/equal.js';
import { formatType } from '../../../../src/wit/format-type.js';
import { EXPORTED_WIT, STREAMING_WIT } from './wit-fixtures.js';
import { parseWitText } from '../../../../src/wit/load.js';

function iface(resolve: Resolve, name: string): Interface {
  const found = resolve.interfaces.find(
    (_, id) => resolve.interfaces[id]?.name !== null && interfaceFullName(resolve, id) === name,
  );
  if (found === undefined) {
    throw new Error(`no interface ${name}`);
  }
  return found;
}

function typeDef(resolve: Resolve, owner: Interface, name: string): TypeDef {
  const def = resolve.types[owner.types.get(name) ?? -1];
  if (def === undefined) {
    throw new Error(`no type ${name}`);
  }
  return def;
}

function aliasTarget(def: TypeDef): Type {
  if (def.kind.tag !== 'alias') {
    throw new Error(`${def.name} is a ${def.kind.tag}, not an alias`);
  }
  return def.kind.target;
}

function worldFunc(item: WorldItem | undefined): Func {
  if (item?.tag !== 'function') {
    throw new Error('not a world function');
  }
  return item.func;
}

function signature(resolve: Resolve, owner: Interface, name: string): string {
  const func = owner.functions.get(name);
  if (func === undefined) {
    throw new Error(`no function ${name}`);
  }
  const params = func.params.map((p) => `${p.name}: ${formatType(resolve, p.type)}`).join(', ');
  return `${func.async ? 'async ' : ''}func(${params})${func.result === null ? '' : ` -> ${formatType(resolve, func.result)}`}`;
}

describe('component decoder', () => {
  test('a component decodes to package root:component with world root, after its dependencies', async () => {
    const resolve = decodeComponent(await dummyComponent(STREAMING_WIT, 'w'));
    expect(resolve.packages.map((p) => formatPackageName(p.name))).toEqual(['my:streaming@0.1.0', 'root:component']);
    expect(resolve.worlds.map((w) => w.name)).toEqual(['root']);
    expect(resolve.packages[1]?.worlds.get('root')).toBe(0);
    expect([...(resolve.packages[0]?.interfaces.keys() ?? [])]).toEqual(['types', 'api']);
  });

  test('interface types keep their kinds and a used type becomes an alias of the original', async () => {
    const resolve = decodeComponent(await dummyComponent(STREAMING_WIT, 'w'));
    const types = iface(resolve, 'my:streaming/types@0.1.0');
    const api = iface(resolve, 'my:streaming/api@0.1.0');
    expect(typeDef(resolve, types, 'point').kind).toMatchObject({
      tag: 'record',
      fields: [{ name: 'x' }, { name: 'y' }],
    });
    expect(typeDef(resolve, types, 'shape').kind.tag).toBe('variant');
    expect(typeDef(resolve, types, 'color').kind).toMatchObject({
      tag: 'enum',
      cases: [{ name: 'red' }, { name: 'green' }],
    });
    expect(typeDef(resolve, types, 'perms').kind).toMatchObject({
      tag: 'flags',
      flags: [{ name: 'read' }, { name: 'write' }],
    });
    expect(typeDef(resolve, types, 'conn').kind.tag).toBe('resource');
    const used = typeDef(resolve, api, 'point');
    expect(used.owner).toEqual({ tag: 'interface', id: resolve.interfaces.indexOf(api) });
    expect(used.kind).toEqual({ tag: 'alias', target: { kind: 'named', id: types.types.get('point') } });
    expect(formatType(resolve, aliasTarget(typeDef(resolve, api, 'pair')))).toBe('tuple<point, color2>');
  });

  test('resource functions get their kinds, and async functions, streams and futures survive', async () => {
    const resolve = decodeComponent(await dummyComponent(STREAMING_WIT, 'w'));
    const types = iface(resolve, 'my:streaming/types@0.1.0');
    const conn = types.types.get('conn');
    expect(types.functions.get('[constructor]conn')?.kind).toEqual({ tag: 'constructor', resource: conn });
    expect(types.functions.get('[method]conn.read')?.kind).toEqual({ tag: 'method', resource: conn });
    expect(types.functions.get('[static]conn.open')?.kind).toEqual({ tag: 'static', resource: conn });
    expect(signature(resolve, types, '[method]conn.read')).toBe('async func(self: borrow<conn>, n: u32) -> stream<u8>');
    const api = iface(resolve, 'my:streaming/api@0.1.0');
    expect(signature(resolve, api, 'f')).toBe('async func(x: future<string>, y: stream) -> future');
    expect(signature(resolve, api, 'g')).toBe(
      'func(l: list<u32, 3>, e: error-context, c: borrow<conn>) -> result<points, pair>',
    );
  });

  test('world-level functions, types, resources and inline interfaces are world items', async () => {
    const resolve = decodeComponent(await dummyComponent(STREAMING_WIT, 'w'));
    const world = resolve.worlds[0];
    const imports = world?.imports ?? new Map<string, WorldItem>();
    expect(imports.get('inline')).toMatchObject({ tag: 'interface', named: true });
    const inline = resolve.interfaces[(imports.get('inline') as { id: number }).id];
    expect(inline?.name).toBeNull();
    expect(inline?.package).toBe(1);
    const thing = imports.get('thing') as { tag: 'type'; id: number };
    expect(resolve.types[thing.id]).toMatchObject({
      name: 'thing',
      owner: { tag: 'world', id: 0 },
      kind: { tag: 'resource' },
    });
    expect(imports.get('[constructor]thing')).toMatchObject({
      tag: 'function',
      func: { kind: { tag: 'constructor', resource: thing.id } },
    });
    const conn = resolve.types[(imports.get('conn') as { id: number }).id];
    expect(conn?.kind.tag).toBe('alias');
    const top = worldFunc(imports.get('top'));
    expect(top.params.map((p) => formatType(resolve, p.type))).toEqual([
      'borrow<conn>',
      'borrow<thing>',
      'alias-of-u32',
    ]);
    const run = worldFunc(world?.exports.get('run'));
    expect(run.result && formatType(resolve, run.result)).toBe('result<string, alias-of-u32>');
  });

  test('an interface both imported and exported is one interface in both lists', async () => {
    const resolve = decodeComponent(await dummyComponent(STREAMING_WIT, 'w'));
    const world = resolve.worlds[0];
    const imported = world?.imports.get('my:streaming/api@0.1.0');
    const exported = world?.exports.get('my:streaming/api@0.1.0');
    expect(imported).toMatchObject({ tag: 'interface', named: false });
    expect(exported).toEqual(imported);
    expect(resolve.interfaces.filter((i) => i.name === 'api')).toHaveLength(1);
  });

  test('[implements=<..>] imports are named imports of that interface', async () => {
    const bytes = await parse(`(component
      (type $i (instance
        (type (map string u32))
        (export "m" (type (eq 0)))
        (type (func (param "k" string) (result 1)))
        (export "get" (func (type 2)))))
      (import "[implements=<a:b/store@1.0.0>]primary" (instance (type $i)))
      (import "[implements=<a:b/store@1.0.0>]backup" (instance (type $i))))`);
    const resolve = decodeComponent(bytes);
    const imports = resolve.worlds[0]?.imports;
    expect([...(imports?.keys() ?? [])]).toEqual(['primary', 'backup']);
    const primary = imports?.get('primary') as { tag: 'interface'; id: number; named: boolean };
    expect(primary.named).toBe(true);
    expect(interfaceFullName(resolve, primary.id)).toBe('a:b/store@1.0.0');
    expect(signature(resolve, resolve.interfaces[primary.id] as Interface, 'get')).toBe('func(k: string) -> m');
    expect(resolve.types[resolve.interfaces[primary.id]?.types.get('m') ?? -1]?.kind).toEqual({
      tag: 'alias',
      target: { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: { kind: 'primitive', name: 'u32' } },
    });
  });

  test('names with an (implements ..) option, as wasm-tools writes them, are named imports and exports of that interface', async () => {
    const wit = `package a:b@0.2.6;
      interface store { get: func() -> u32; }
      world w { import primary: store; export second: store; }`;
    const resolve = decodeComponent(await dummyComponent(wit, 'w'));
    const primary = resolve.worlds[0]?.imports.get('primary');
    const second = resolve.worlds[0]?.exports.get('second');
    expect(primary).toMatchObject({ tag: 'interface', named: true });
    expect(second).toEqual(primary);
    expect(interfaceFullName(resolve, (primary as { id: number }).id)).toBe('a:b/store@0.2.6');
    expect(signature(resolve, iface(resolve, 'a:b/store@0.2.6'), 'get')).toBe('func() -> u32');
  });

  test('a name option other than (implements ..) is unsupported, at the option', () => {
    const instanceType = [0x42, 0x00];
    const imports = [0x02, ...name('primary'), 0x01, 0x07, ...name('x'), 0x05, 0x00];
    const bytes = component(vecSection(TYPE_SECTION, [instanceType]), vecSection(IMPORT_SECTION, [imports]));
    // preamble (8) + type section (5) + import section id, size and count (3) + 0x02 + "primary" (8) + option count (1)
    const at = 8 + 5 + 3 + 1 + 8 + 1;
    expect(bytes[at]).toBe(0x07);
    expect(() => decodeComponent(bytes)).toThrow(
      expect.objectContaining({
        code: 'unsupported',
        offset: at,
        message: `unknown import name option 0x7 (at byte offset ${at})`,
      }),
    );
  });

  test('two imports of one instance type get distinct resources', async () => {
    const bytes = await parse(`(component
      (type $i (instance (export "r" (type (sub resource)))))
      (import "a:b/one" (instance (type $i)))
      (import "a:b/two" (instance (type $i))))`);
    const resolve = decodeComponent(bytes);
    const one = resolve.interfaces.find((i) => i.name === 'one')?.types.get('r');
    const two = resolve.interfaces.find((i) => i.name === 'two')?.types.get('r');
    expect(resolve.types[one ?? -1]?.kind.tag).toBe('resource');
    expect(resolve.types[two ?? -1]?.kind.tag).toBe('resource');
    expect(one).not.toBe(two);
  });

  test('a type used from an interface exported later is still a use of that interface', async () => {
    const bytes = await parse(`(component
      (type $r (record (field "x" u32)))
      (instance $ia (export "point" (type $r)))
      (alias export $ia "point" (type $p))
      (type $ft (func (param "p" $p)))
      (import "use-point" (func $f (type $ft)))
      (instance $ib (export "point" (type $p)) (export "g" (func $f)))
      (export "my:p/b" (instance $ib))
      (export "my:p/a" (instance $ia)))`);
    const resolve = decodeComponent(bytes);
    const a = iface(resolve, 'my:p/a');
    const b = iface(resolve, 'my:p/b');
    expect(typeDef(resolve, a, 'point').kind.tag).toBe('record');
    expect(typeDef(resolve, b, 'point').kind).toEqual({
      tag: 'alias',
      target: { kind: 'named', id: a.types.get('point') },
    });
    expect(signature(resolve, b, 'g')).toBe('func(p: point)');
  });

  test('names in the canonical interface name form get their version suffix back', () => {
    const instanceType = [0x42, 0x00];
    const imports = [0x01, ...name('a:b/c@0.2'), ...name('.6'), 0x05, 0x00];
    const resolve = decodeComponent(
      component(vecSection(TYPE_SECTION, [instanceType]), vecSection(IMPORT_SECTION, [imports])),
    );
    expect([...(resolve.worlds[0]?.imports.keys() ?? [])]).toEqual(['a:b/c@0.2.6']);
    expect(formatPackageName(resolve.packages[0]?.name ?? { namespace: '', name: '' })).toBe('a:b@0.2.6');
  });

  test('core module sections are skipped by size without being parsed', () => {
    const garbage = Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    const bytes = component(section(1, garbage), section(0, [...leb(4), ...Buffer.from('name'), 0xff, 0xfe]));
    expect(decodeComponent(bytes).worlds[0]?.imports.size).toBe(0);
  });
});

describe('component decoder on exported interfaces', () => {
  test('exported interfaces decode to the same interfaces the WIT text defines', async () => {
    const decoded = decodeComponent(await dummyComponent(EXPORTED_WIT, 'w'));
    const parsed = parseWitText(EXPORTED_WIT);
    expect(modelDiff(decoded, parsed, { ignoreStability: true, ignoreIncludes: true })).toEqual([
      'my:shapes@2.1.0: world `w` is only in the second model',
      'package `root:component` is only in the first model',
    ]);
  });
});
