import typescript from 'typescript';
import type * as TS from 'typescript';
import { describe, expect, test } from 'vitest';
import { hoistGlueRuntime } from '../../../src/engine/runtime/glue-hoist.js';

/**
 * A glue module shaped like jco's: state, helpers and classes declared inside `instantiate`.
 * Each export is a window onto one of the cases the transform has to get right.
 */
const GLUE = `
"use components";
export function instantiate(getCoreModule, imports) {
  let counter = 0;
  const seen = new Map();
  const LABEL = 'glue';
  const isNodeLike = typeof process !== 'undefined' && process.versions && process.versions.node;
  let dv = null;
  const remember = (key) => { seen.set(key, ++counter); return counter; };
  function view(mem) { return dv !== null && dv.mem === mem ? dv : (dv = { mem, n: ++counter }); }
  class Task {
    static _ID = 0;
    static KIND = 'task';
    #id;
    constructor(name) { this.#id = ++Task._ID; this.name = name; }
    id() { return this.#id; }
    record() { return remember(this.name); }
    later() { return Promise.resolve().then(() => remember(this.name + '!')); }
    static kind() { return Task.KIND + '/' + LABEL + '/' + seen.size; }
  }
  class SubTask extends Task {
    constructor(name) { super(name); this.sub = true; }
    both() { return [this.record(), seen.size]; }
  }
  class Plain { get label() { return LABEL; } }
  class WithDefault { read(value = counter) { return value; } }
  class Registry { static items = []; add(item) { Registry.items.push(item); return Registry.items.length; } }
  function again() { counter += 1; return again; }
  class Sequence { static last = 0; static next() { return ++this.last; } }
  function helper(x) { return x * 2; }
  function withArguments() { return arguments.length + counter; }
  const table = [helper];
  const lowered = (mem) => view(mem).n;
  const lowerings = [lowered];
  function shadowed(seen) { return seen + 1; }
  function snapshot() { return { seen, LABEL, size: seen.size }; }
  const start = imports.start ?? 0;
  counter = start;
  return {
    make: (name) => new SubTask(name),
    count: () => counter,
    seenKeys: () => [...seen.keys()],
    args: (...a) => withArguments(...a),
    helper: () => table[0](21),
    shadowed: () => shadowed(1),
    view: (mem) => lowerings[0](mem),
    kind: () => Task.kind(),
    label: () => new Plain().label,
    plain: () => new Plain(),
    withDefault: () => new WithDefault().read(),
    register: (item) => new Registry().add(item),
    again: () => again()() && counter,
    next: () => Sequence.next(),
    snapshot: () => snapshot(),
    isNodeLike: () => isNodeLike,
  };
}
export const other = 1;
`;

/** The default export is the compiler API itself; the namespace type also declares a `default`. */
const ts = typescript as unknown as typeof TS;

interface Task {
  record(): number;
  id(): number;
  later(): Promise<number>;
  both(): unknown[];
}

/** The exports of the test glue's instances. */
interface Glue {
  make(name: string): Task;
  count(): number;
  seenKeys(): string[];
  args(...values: number[]): number;
  helper(): number;
  shadowed(): number;
  view(memory: object): number;
  kind(): string;
  label(): string;
  plain(): object;
  snapshot(): { seen: Map<string, number>; LABEL: string; size: number };
  isNodeLike(): unknown;
  withDefault(): number;
  register(item: string): number;
  again(): number;
  next(): number;
}

const classOf = (value: unknown): unknown => (value as object).constructor;

async function load(source: string): Promise<(imports: object) => Glue> {
  const module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as {
    instantiate: (getCoreModule: unknown, imports: object) => Glue;
  };
  return (imports) => module.instantiate(undefined, imports);
}

function hoisted(source: string): string {
  const result = hoistGlueRuntime(ts, source);
  if (!result.applied) {
    throw new Error(`not applied: ${result.reason}`);
  }
  return result.source;
}

/** The same calls on two instances, interleaved, with a late callback of the first. */
async function script(instantiate: (imports: object) => Glue): Promise<unknown[]> {
  const a = instantiate({});
  const b = instantiate({ start: 100 });
  const out: unknown[] = [];
  const taskA = a.make('a');
  const taskB = b.make('b');
  out.push(taskA.record(), taskB.record(), taskA.id(), taskB.id());
  out.push(a.make('a2').id(), b.make('b2').id());
  const late = taskA.later();
  out.push(taskB.both());
  out.push(await late, a.count(), b.count(), a.seenKeys(), b.seenKeys());
  const memory = {};
  out.push(a.view(memory), a.view(memory), b.view(memory));
  out.push(a.args(1, 2, 3), b.args(), a.helper(), a.shadowed(), a.kind(), b.label(), a.isNodeLike(), b.withDefault());
  out.push(a.register('x'), a.register('y'), b.register('z'), a.again(), b.again(), a.next(), a.next(), b.next());
  const snapshot = b.snapshot();
  out.push([...snapshot.seen.keys()], snapshot.LABEL, snapshot.size);
  return out;
}

describe('defining the glue runtime once per module', () => {
  test('two instances behave exactly as they did with the glue as generated', async () => {
    const expected = await script(await load(GLUE));
    const actual = await script(await load(hoisted(GLUE)));
    expect(actual).toEqual(expected);
    // Spot checks of what the script shows: counters, task IDs and maps are per instance.
    expect(expected.slice(0, 6)).toEqual([1, 101, 1, 1, 2, 2]);
  });

  test('classes and functions are shared by instances; state is not', async () => {
    const instantiate = await load(hoisted(GLUE));
    const [a, b] = [instantiate({}), instantiate({})];
    expect(classOf(a.plain())).toBe(classOf(b.plain()));
    a.make('x').record();
    expect(a.seenKeys()).toEqual(['x']);
    expect(b.seenKeys()).toEqual([]);

    const original = await load(GLUE);
    expect(classOf(original({}).plain())).not.toBe(classOf(original({}).plain()));
  });

  test('keeps in `instantiate` what cannot receive the state, and says why', () => {
    const result = hoistGlueRuntime(ts, GLUE);
    expect(result.applied).toBe(true);
    if (!result.applied) {
      return;
    }
    expect(result.kept).toEqual({
      withArguments: 'withArguments reads its arguments',
      lowered: 'lowered is used as a value',
      Task: 'a static member of Task reads instance state',
      SubTask: 'SubTask extends instance state',
      WithDefault: 'a method name or parameter default of WithDefault reads instance state',
      Registry: 'the static Registry.items is not a constant',
      again: 'again is used as a value',
      Sequence: 'a static member of Sequence writes to the class',
    });
    const moduleLevel = result.source.slice(0, result.source.indexOf('export function instantiate'));
    expect(moduleLevel).toContain('function helper(x) { return x * 2; }');
    expect(moduleLevel).toContain('class Plain { get label() { return LABEL; } }');
    expect(moduleLevel).toContain(
      'const remember = (__o$s, key) => { __o$s.seen.set(key, ++__o$s.counter); return __o$s.counter; };',
    );
    expect(result.source).toContain('function shadowed(seen) { return seen + 1; }');
    expect(result.source).toContain('return { seen: __o$s.seen, LABEL, size: __o$s.seen.size };');
  });

  test('moves a class whose statics are only written by its instances, with the static per instance', async () => {
    const source = GLUE.replace("static kind() { return Task.KIND + '/' + LABEL + '/' + seen.size; }", '').replace(
      'kind: () => Task.kind(),',
      'kind: () => Task.KIND,',
    );
    const result = hoistGlueRuntime(ts, source);
    expect(result.applied && result.kept).toEqual({
      withArguments: 'withArguments reads its arguments',
      lowered: 'lowered is used as a value',
      WithDefault: 'a method name or parameter default of WithDefault reads instance state',
      Registry: 'the static Registry.items is not a constant',
      again: 'again is used as a value',
      Sequence: 'a static member of Sequence writes to the class',
    });
    const instantiate = await load(hoisted(source));
    const [a, b] = [instantiate({}), instantiate({})];
    expect(classOf(a.make('x'))).toBe(classOf(b.make('y')));
    const ids = [a.make('1'), a.make('2'), b.make('3')].map((task) => task.id());
    expect(ids).toEqual([2, 3, 2]);
    expect(a.kind()).toBe('task');
    expect(await script(instantiate)).toEqual(await script(await load(source)));
  });

  test('gives up, leaving the glue as it was, when the shape is not the expected one', () => {
    expect(hoistGlueRuntime(ts, 'export const instantiate = () => ({});')).toEqual({
      applied: false,
      reason: 'the glue has no single exported `instantiate` function',
    });
    expect(hoistGlueRuntime(ts, `${GLUE}\nconst __o$s = 1;`)).toMatchObject({ applied: false });
  });

  test('leaves a declaration inside when the rest of the module reads a global of the same name', () => {
    const source = GLUE.replace('export const other = 1;', 'export const other = typeof helper;');
    const result = hoistGlueRuntime(ts, source);
    expect(result.applied && result.kept['helper']).toBe('the rest of the module reads a global of the same name');
  });
});
