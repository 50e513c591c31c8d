import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import typescript from 'typescript';
import type * as TS from 'typescript';
import { describe, expect, test } from 'vitest';
import { CODEGEN_FORMAT_VERSION, codegenEntryName, ensureCodegen } from '../../../src/engine/runtime/codegen-cache.js';
import { createAttemptImports } from '../../../src/engine/runtime/attempt-imports.js';
import { loadComponent } from '../../../src/engine/runtime/component-loader.js';
import { contentDigest } from '../../../src/engine/runtime/digest.js';
import { findInterfaceExport } from '../../../src/engine/runtime/export-names.js';
import { singleFileProgram } from '../../../src/engine/runtime/glue-hoist.js';
import { importGlue, instantiateComponent } from '../../../src/engine/runtime/glue.js';
import { jcoTranspileVersion } from '../../../src/engine/runtime/jco-version.js';
import type { LentMemory } from '../../../src/engine/runtime/memory-pool.js';
import { OutputSink } from '../../../src/engine/runtime/output-sink.js';
import { buildWatActivity } from '../../fixtures/wat/activities.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { jsFixture } from '../../helpers/components.js';
import { makeTempDir } from '../../helpers/tmp.js';

const run = promisify(execFile);

const entries = (dir: string): string[] => readdirSync(dir).sort();

describe('the codegen cache', () => {
  test('transpiles a component into an entry keyed by digest, format version and jco version', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('err');
    const entry = await ensureCodegen(bytes, { cacheDir });
    expect(entry.fromCache).toBe(false);
    expect(entry.digest).toBe(contentDigest(bytes));
    expect(entries(cacheDir)).toEqual([codegenEntryName(entry.digest)]);
    expect(codegenEntryName(entry.digest)).toBe(
      `${entry.digest.slice(7)}-v${CODEGEN_FORMAT_VERSION}-jco${jcoTranspileVersion()}`,
    );
    expect(entries(entry.dir)).toEqual([
      'component.core.wasm',
      'component.js',
      'obelisk-codegen.json',
      'pooled-component.core.wasm',
    ]);
    expect(entry.exports.map((e) => e.name)).toContain('testing:activities/err@1.0.0');
  });

  test('applies the glue patch to what it stores', async () => {
    const entry = await ensureCodegen(await buildWatActivity('err'), { cacheDir: makeTempDir() });
    const glue = readFileSync(entry.glueFile, 'utf8');
    expect(glue).toContain('const _jcoDebugEnabled = Boolean(globalThis?.process?.env?.JCO_DEBUG);');
    expect(glue).not.toContain('if (!globalThis?.process?.env?.JCO_DEBUG)');
    expect(glue).toContain("get [Symbol.for('obelisk.component-error')]() { return true; }");
    const manifest = JSON.parse(readFileSync(join(entry.dir, 'obelisk-codegen.json'), 'utf8')) as { patches: string[] };
    expect(manifest.patches).toEqual(['debug-log-env-once', 'promising-probe', 'component-error-marker']);
  });

  test('guards every WebAssembly.promising probe of a ComponentizeJS component', async () => {
    const entry = await ensureCodegen(readFileSync(jsFixture('fibo-activity')), { cacheDir: makeTempDir() });
    const glue = readFileSync(entry.glueFile, 'utf8');
    const probes = glue.split('WebAssembly.promising(').length - 1;
    expect(probes).toBeGreaterThan(0);
    expect(glue.split("typeof WebAssembly.promising === 'function' ? WebAssembly.promising(").length - 1).toBe(probes);
    expect(glue).not.toMatch(/try \{\s*\w+ = WebAssembly\.promising/);
  });

  test('reuses an entry instead of transpiling again', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('ok');
    const first = await ensureCodegen(bytes, { cacheDir });
    const writtenAt = statSync(first.glueFile).mtimeMs;
    const second = await ensureCodegen(bytes, { cacheDir });
    expect(second).toEqual({ ...first, fromCache: true });
    expect(statSync(second.glueFile).mtimeMs).toBe(writtenAt);
  });

  test('a second process start reuses the entry written by the first', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('ok');
    const first = await ensureCodegen(bytes, { cacheDir });
    const module = pathToFileURL(join(REPO_ROOT, 'dist', 'engine', 'runtime', 'codegen-cache.js')).href;
    const script = `
      const { ensureCodegen } = await import(${JSON.stringify(module)});
      const bytes = new Uint8Array(Buffer.from(process.argv[1], 'base64'));
      const entry = await ensureCodegen(bytes, { cacheDir: ${JSON.stringify(cacheDir)} });
      process.stdout.write(JSON.stringify({ fromCache: entry.fromCache, dir: entry.dir }));`;
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      script,
      Buffer.from(bytes).toString('base64'),
    ]);
    expect(JSON.parse(stdout)).toEqual({ fromCache: true, dir: first.dir });
  });

  test('concurrent writers of the same entry all succeed and leave one complete entry', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('env');
    const results = await Promise.all([1, 2, 3].map(() => ensureCodegen(bytes, { cacheDir })));
    expect(new Set(results.map((r) => r.dir)).size).toBe(1);
    expect(entries(cacheDir)).toEqual([codegenEntryName(contentDigest(bytes))]);
    expect(entries(results[0]?.dir ?? '')).toContain('obelisk-codegen.json');
  });

  test('a damaged entry is replaced by a fresh one', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('ok');
    const first = await ensureCodegen(bytes, { cacheDir });
    rmSync(join(first.dir, first.coreModules[0] ?? ''));
    const second = await ensureCodegen(bytes, { cacheDir });
    expect(second.fromCache).toBe(false);
    expect(entries(second.dir)).toEqual([
      'component.core.wasm',
      'component.js',
      'obelisk-codegen.json',
      'pooled-component.core.wasm',
    ]);
    expect(entries(cacheDir)).toEqual([codegenEntryName(first.digest)]);
    expect((await ensureCodegen(bytes, { cacheDir })).fromCache).toBe(true);
  });

  test('bytes that are not a component fail with a stable code and leave no entry behind', async () => {
    const cacheDir = makeTempDir();
    await expect(ensureCodegen(new TextEncoder().encode('not wasm'), { cacheDir })).rejects.toMatchObject({
      code: 'runtime-transpile-failed',
    });
    expect(entries(cacheDir)).toEqual([]);
  });
});

describe('loading a component', () => {
  test('compiles its core modules once per process', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('trap');
    const first = await loadComponent(bytes, cacheDir);
    const second = await loadComponent(bytes, cacheDir);
    expect(second.timings).toEqual({ transpileMs: 0, compileMs: 0 });
    expect(second.payload.modules).toBe(first.payload.modules);
    expect(Object.keys(first.payload.modules)).toEqual(['component.core.wasm']);
  });

  test('keeps a variant for pooled memories of a module with its own memory, its data segments joined', async () => {
    const entry = await ensureCodegen(readFileSync(jsFixture('fibo-activity')), { cacheDir: makeTempDir() });
    const manifest = JSON.parse(readFileSync(join(entry.dir, 'obelisk-codegen.json'), 'utf8')) as {
      pooled: Record<string, { file: string; joinedSegments: boolean }>;
    };
    // The 12 MB module carries its JavaScript heap as thousands of data segments; the variant joins them.
    expect(manifest.pooled['component.core.wasm']).toMatchObject({
      file: 'pooled-component.core.wasm',
      joinedSegments: true,
    });
    expect(entry.pooled['component.core.wasm']?.memory.initialPages).toBeGreaterThan(100);
    const loaded = await loadComponent(readFileSync(jsFixture('fibo-activity')), join(entry.dir, '..'));
    expect(Object.keys(loaded.payload.memories)).toEqual(Object.keys(entry.pooled));
  });

  test('compiles the module as jco wrote it when its pooled variant does not compile', async () => {
    const cacheDir = makeTempDir();
    const bytes = await buildWatActivity('ok');
    const entry = await ensureCodegen(bytes, { cacheDir });
    const variant = entry.pooled['component.core.wasm'];
    expect(variant).toBeDefined();
    writeFileSync(join(entry.dir, variant?.file ?? ''), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]));
    const loaded = await loadComponent(bytes, cacheDir);
    expect(Object.keys(loaded.payload.modules)).toEqual(['component.core.wasm']);
    expect(loaded.payload.memories).toEqual({});
  });
});

/** Lines of `source` where the state object is named but not in scope. */
function unresolvedState(source: string): number[] {
  const ts = typescript as unknown as typeof TS;
  const { program, file } = singleFileProgram(ts, source);
  const checker = program.getTypeChecker();
  const lines: number[] = [];
  const visit = (node: TS.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node.text === '__o$s' &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)
    ) {
      if ((checker.getSymbolAtLocation(node)?.declarations ?? []).length === 0) {
        lines.push(file.getLineAndCharacterOfPosition(node.getStart()).line + 1);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

describe('the glue runtime, defined once per module', () => {
  const RUNTIME_CLASSES = ['AsyncTask', 'AsyncSubtask', 'ComponentAsyncState', 'Waitable', 'RepTable'];

  test('is moved out of `instantiate` for a WAT and a ComponentizeJS component', async () => {
    for (const bytes of [await buildWatActivity('ok'), readFileSync(jsFixture('fibo-activity'))]) {
      const entry = await ensureCodegen(bytes, { cacheDir: makeTempDir() });
      const manifest = JSON.parse(readFileSync(join(entry.dir, 'obelisk-codegen.json'), 'utf8')) as {
        runtimeHoist: { applied: boolean; hoisted: number; kept: Record<string, string> };
      };
      expect(manifest.runtimeHoist).toMatchObject({ applied: true });
      expect(manifest.runtimeHoist.hoisted).toBeGreaterThan(20);
      const glue = readFileSync(entry.glueFile, 'utf8');
      expect(glue).toContain('__o$s');
      expect(unresolvedState(glue)).toEqual([]);
      const moduleLevel = glue.slice(0, glue.indexOf('export function instantiate('));
      for (const name of RUNTIME_CLASSES) {
        expect(moduleLevel).toContain(`class ${name} {`);
        expect(manifest.runtimeHoist.kept).not.toHaveProperty(name);
      }
    }
  });

  test('two instances of a ComponentizeJS component, called in turns on one thread, keep their own output', async () => {
    const loaded = await loadComponent(readFileSync(jsFixture('fibo-activity')), makeTempDir());
    const instantiate = await importGlue(loaded.payload);
    const lent: LentMemory[] = [];
    const start = async (): Promise<{ fibo: (n: number) => unknown; lines: string[]; sink: OutputSink }> => {
      const lines: string[] = [];
      const sink = new OutputSink({ emit: (_stream, chunk) => lines.push(chunk), maxDelayMs: 0 });
      const imports = createAttemptImports({ env: {}, allowedHosts: [], sink, onHttpDenied: () => undefined });
      const instance = await instantiateComponent(instantiate, loaded.payload, imports, lent);
      const exported = findInterfaceExport(instance, 'testing:fibo/fibo');
      return { fibo: exported?.['fibo'] as (n: number) => unknown, lines, sink };
    };
    const [a, b] = [await start(), await start()];
    const results = [await a.fibo(10), await b.fibo(20), await a.fibo(1), await b.fibo(30)];
    a.sink.end();
    b.sink.end();
    expect(results).toEqual([55n, 6765n, 1n, 832040n]);
    expect(a.lines.join('')).toBe('fibo(10) = 55\nfibo(1) = 1\n');
    expect(b.lines.join('')).toBe('fibo(20) = 6765\nfibo(30) = 832040\n');
  });
});
