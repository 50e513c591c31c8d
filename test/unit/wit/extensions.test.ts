import { describe, expect, test } from 'vitest';
import { ExtensionError, generateExtensions } from '../../../src/wit/extensions.js';
import { ComponentType, extensionKindsFor, extensionTarget } from '../../../src/wit/extension-names.js';
import { formatType } from '../../../src/wit/format-type.js';
import { loadWit, parseWitText } from '../../../src/wit/load.js';
import { formatPackageName, type Resolve } from '../../../src/wit/model.js';
import { printPackage } from '../../../src/wit/print.js';
import { combinedSource, HOST_TYPES_DIR, reparseDiff } from './extension-check.js';
import { embedWit } from './oracle.js';

const FIBO = `package testing:fibo@1.2.0;
interface fibo {
  record opts { depth: u8 }
  fibo: func(n: u8, o: opts) -> result<u64, string>;
  ping: func();
}
world fibo-world { export fibo; }`;

function signatures(generated: ReturnType<typeof generateExtensions>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pkg of generated.packages) {
    const r = generated.resolve;
    for (const id of r.packages[pkg.packageId]?.interfaces.values() ?? []) {
      const iface = r.interfaces[id];
      out[`${pkg.name}/${iface?.name ?? ''}`] = [...(iface?.functions.values() ?? [])].map(
        (f) =>
          `${f.name}(${f.params.map((p) => `${p.name}: ${formatType(r, p.type)}`).join(', ')})${f.result === null ? '' : ` -> ${formatType(r, f.result)}`}`,
      );
    }
  }
  return out;
}

function exported(resolve: Resolve): number[] {
  return [...(resolve.worlds[0]?.exports.values() ?? [])].flatMap((item) =>
    item.tag === 'interface' ? [item.id] : [],
  );
}

describe('generateExtensions', () => {
  const original = parseWitText(FIBO);

  test('a stub activity gets -obelisk-ext, -obelisk-schedule and -obelisk-stub with the documented signatures', () => {
    const generated = generateExtensions(original, ComponentType.activityStub, exported(original));
    expect(generated.packages.map((p) => [p.name, p.kind])).toEqual([
      ['testing:fibo-obelisk-ext@1.2.0', 'ext'],
      ['testing:fibo-obelisk-schedule@1.2.0', 'schedule'],
      ['testing:fibo-obelisk-stub@1.2.0', 'stub'],
    ]);
    expect(signatures(generated)).toEqual({
      'testing:fibo-obelisk-ext@1.2.0/fibo': [
        'fibo-submit(join-set: borrow<join-set>, n: u8, o: opts) -> execution-id',
        'fibo-await-next(join-set: borrow<join-set>) -> result<tuple<execution-id, result<u64, string>>, await-next-error>',
        'fibo-get(execution-id: execution-id) -> result<result<u64, string>, get-error>',
        'fibo-invoke(n: u8, o: opts) -> tuple<execution-id, result<u64, string>>',
        'ping-submit(join-set: borrow<join-set>) -> execution-id',
        'ping-await-next(join-set: borrow<join-set>) -> result<execution-id, await-next-error>',
        'ping-get(execution-id: execution-id) -> result<_, get-error>',
        'ping-invoke() -> execution-id',
      ],
      'testing:fibo-obelisk-schedule@1.2.0/fibo': [
        'fibo-schedule(schedule-at: schedule-at, n: u8, o: opts) -> execution-id',
        'ping-schedule(schedule-at: schedule-at) -> execution-id',
      ],
      'testing:fibo-obelisk-stub@1.2.0/fibo': [
        'fibo-stub(execution-id: execution-id, execution-result: result<u64, string>) -> result<_, stub-error>',
        'ping-stub(execution-id: execution-id) -> result<_, stub-error>',
      ],
    });
    expect(generated.skipped).toEqual([]);
  });

  test('the WIT uses the original types and obelisk:types, and documents every item', () => {
    const generated = generateExtensions(original, ComponentType.workflow, exported(original));
    const wit = generated.packages[0]?.wit ?? '';
    expect(wit).toContain('package testing:fibo-obelisk-ext@1.2.0;\n');
    expect(wit).toContain('  use testing:fibo/fibo@1.2.0.{opts};\n');
    expect(wit).toContain('  use obelisk:types/join-set@1.0.0.{join-set};\n');
    expect(wit).toContain('  use obelisk:types/execution@1.0.0.{execution-id, await-next-error, get-error};\n');
    const lines = wit.split('\n');
    lines.forEach((line, i) => {
      if (/^\s+[a-z-]+: func/.test(line) || /^(package|interface) /.test(line.trim())) {
        expect(lines[i - 1]?.trim().startsWith('///'), `no doc before: ${line}`).toBe(true);
      }
    });
    expect(generated.packages[0]?.wit).toBe(printPackage(generated.resolve, generated.packages[0]?.packageId ?? -1));
  });

  test('activities and workflows get -obelisk-ext and -obelisk-schedule, webhook endpoints get nothing', () => {
    expect(extensionKindsFor(ComponentType.activityWasm)).toEqual(['ext', 'schedule']);
    expect(extensionKindsFor(ComponentType.workflow)).toEqual(['ext', 'schedule']);
    expect(extensionKindsFor(ComponentType.activityStub)).toEqual(['ext', 'schedule', 'stub']);
    expect(extensionKindsFor(ComponentType.webhookEndpoint)).toEqual([]);
    expect(() => generateExtensions(original, ComponentType.webhookEndpoint, exported(original))).toThrow(
      new ExtensionError(
        'no-extensions',
        'webhook_endpoint components get no extension packages: they export wasi:http/incoming-handler, which HTTP requests call, not executions',
      ),
    );
  });

  test('the generated packages resolve with the original WIT and obelisk:types@1.0.0, in our parser and in wasm-tools', async () => {
    const generated = generateExtensions(original, ComponentType.activityStub, exported(original));
    expect(reparseDiff(original, generated)).toEqual([]);
    await expect(embedWit(combinedSource(original, generated), 'all')).resolves.toBeGreaterThan(0);
  });

  test('keeps packages in dependency order: the obelisk:types stand-in comes before the extension packages', () => {
    const generated = generateExtensions(original, ComponentType.workflow, exported(original));
    expect(generated.resolve.packages.map((p) => formatPackageName(p.name))).toEqual([
      'testing:fibo@1.2.0',
      'obelisk:types@1.0.0',
      'testing:fibo-obelisk-ext@1.2.0',
      'testing:fibo-obelisk-schedule@1.2.0',
    ]);
  });

  test('does not touch the model it is given', () => {
    const before = JSON.stringify(original, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    generateExtensions(original, ComponentType.activityStub, exported(original));
    expect(JSON.stringify(original, (_k, v: unknown) => (v instanceof Map ? [...v] : v))).toBe(before);
  });

  test('skips resource functions and functions whose values cannot cross an execution boundary, saying why', () => {
    const r = parseWitText(`package a:b;
      interface i {
        resource r { constructor(); m: func(); }
        record holds { r: r }
        ok: func(x: u32) -> string;
        takes-handle: func(x: borrow<r>);
        returns-resource: func() -> holds;
        streams: func() -> stream<u8>;
        futures: func(f: future);
        context: func() -> result<_, error-context>;
      }
      interface only-resources { resource q; make: func() -> q; }
      world w { export i; export only-resources; }`);
    const generated = generateExtensions(r, ComponentType.activityWasm, exported(r));
    expect(Object.keys(signatures(generated))).toEqual(['a:b-obelisk-ext/i', 'a:b-obelisk-schedule/i']);
    expect(signatures(generated)['a:b-obelisk-schedule/i']).toEqual([
      'ok-schedule(schedule-at: schedule-at, x: u32) -> execution-id',
    ]);
    const why = (s: string): string =>
      `its signature contains ${s}, which has no durable value to pass to or from an execution`;
    expect(generated.skipped).toEqual([
      { interface: 'a:b/i', function: '[constructor]r', reason: 'resource functions cannot run as executions' },
      { interface: 'a:b/i', function: '[method]r.m', reason: 'resource functions cannot run as executions' },
      { interface: 'a:b/i', function: 'takes-handle', reason: why('a borrowed handle `borrow<r>`') },
      { interface: 'a:b/i', function: 'returns-resource', reason: why('the resource `r`') },
      { interface: 'a:b/i', function: 'streams', reason: why('a `stream`') },
      { interface: 'a:b/i', function: 'futures', reason: why('a `future`') },
      { interface: 'a:b/i', function: 'context', reason: why('an `error-context`') },
      { interface: 'a:b/only-resources', function: 'make', reason: why('the resource `q`') },
      {
        interface: 'a:b/only-resources',
        function: undefined,
        reason: 'no function of the interface can run as an execution',
      },
    ]);
  });

  test('names that clash with the host names get an obelisk- prefix on the host side', async () => {
    const r = parseWitText(`package a:b@2.0.0;
      interface i {
        record execution-id { raw: string }
        type join-set = list<u32>;
        run: func(join-set: join-set, schedule-at: u64) -> execution-id;
      }
      world w { export i; }`);
    const generated = generateExtensions(r, ComponentType.activityStub, exported(r));
    const sigs = signatures(generated);
    expect(sigs['a:b-obelisk-ext@2.0.0/i']?.[0]).toBe(
      'run-submit(obelisk-join-set: borrow<obelisk-join-set>, join-set: join-set, schedule-at: u64) -> obelisk-execution-id',
    );
    expect(sigs['a:b-obelisk-schedule@2.0.0/i']).toEqual([
      'run-schedule(obelisk-schedule-at: schedule-at, join-set: join-set, schedule-at: u64) -> execution-id',
    ]);
    expect(generated.packages[0]?.wit).toContain(
      '  use obelisk:types/execution@1.0.0.{execution-id as obelisk-execution-id, await-next-error, get-error};\n',
    );
    expect(reparseDiff(r, generated)).toEqual([]);
    await expect(embedWit(combinedSource(r, generated), 'all')).resolves.toBeGreaterThan(0);
  });

  test('uses obelisk:types@1.0.0 from the model when it is there', () => {
    const host = loadWit(HOST_TYPES_DIR);
    const generated = generateExtensions(host, ComponentType.workflow, []);
    expect(generated.packages).toEqual([]);
    const both = parseWitText(
      `package a:b; interface i { use obelisk:types/time@1.0.0.{duration}; wait: func(d: duration); } world w { export i; }\n${printPackage(host, 0, { nested: true })}`,
    );
    const result = generateExtensions(both, ComponentType.workflow, exported(both));
    expect(result.resolve.packages.filter((p) => formatPackageName(p.name) === 'obelisk:types@1.0.0')).toHaveLength(1);
    expect(signatures(result)['a:b-obelisk-schedule/i']).toEqual([
      'wait-schedule(schedule-at: schedule-at, d: duration) -> execution-id',
    ]);
  });

  test('adds stand-ins for the obelisk:types items a partial copy lacks (a decoded component holds only what it uses)', () => {
    const partial = parseWitText(
      [
        'package a:b; interface i { f: func(n: u8) -> result<u8>; }',
        'world w { export i; }',
        'package obelisk:types@1.0.0 { interface execution { record execution-id { id: string } } }',
      ].join('\n'),
    );
    const result = generateExtensions(partial, ComponentType.workflow, exported(partial));
    expect(result.resolve.packages.filter((p) => formatPackageName(p.name) === 'obelisk:types@1.0.0')).toHaveLength(1);
    expect(signatures(result)['a:b-obelisk-ext/i']).toEqual([
      'f-submit(join-set: borrow<join-set>, n: u8) -> execution-id',
      'f-await-next(join-set: borrow<join-set>) -> result<tuple<execution-id, result<u8>>, await-next-error>',
      'f-get(execution-id: execution-id) -> result<result<u8>, get-error>',
      'f-invoke(n: u8) -> tuple<execution-id, result<u8>>',
    ]);
  });

  test('refuses ids that are not named interfaces of a package', () => {
    const r = parseWitText('package a:b;\nworld w { export x: interface { f: func(); } }\n');
    const inline = r.worlds[0]?.exports.get('x');
    expect(() => generateExtensions(r, ComponentType.workflow, [inline?.tag === 'interface' ? inline.id : -1])).toThrow(
      ExtensionError,
    );
  });
});

describe('extensionTarget', () => {
  test('maps an extension function back to the function it extends', () => {
    const pkg = { namespace: 'testing', name: 'fibo-obelisk-ext', version: '1.2.0' };
    expect(extensionTarget(pkg, 'fibo-await-next')).toEqual({
      kind: 'ext',
      operation: 'await-next',
      package: { namespace: 'testing', name: 'fibo', version: '1.2.0' },
      function: 'fibo',
    });
    expect(extensionTarget({ ...pkg, name: 'fibo-obelisk-schedule' }, 'my-fn-schedule')?.function).toBe('my-fn');
    expect(extensionTarget({ ...pkg, name: 'fibo-obelisk-stub' }, 'f-stub')?.operation).toBe('stub');
    expect(extensionTarget({ ...pkg, name: 'fibo' }, 'fibo-submit')).toBeNull();
    expect(extensionTarget(pkg, 'fibo')).toBeNull();
  });
});
