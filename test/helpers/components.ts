/**
 * Component fixture builder.
 *
 * - WAT + inline WIT -> component in milliseconds (`parse` -> `componentEmbed` ->
 *   `componentNew` from jco-transpile's wasm-tools build). Use {@link watComponent}.
 * - JavaScript -> component with ComponentizeJS (seconds, ~0.8 GB). Those are listed
 *   in `test/fixtures/js/index.ts`, built once, sequentially, by the vitest
 *   globalSetup and cached on disk by source hash; tests get them with {@link jsFixture}.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { JS_FIXTURES, type JsFixture, type JsFixtureName } from '../fixtures/js/index.js';
import { REPO_ROOT } from './bin.js';

export interface WatComponentSpec {
  /** A core module in WAT whose exports follow the canonical ABI names (`ns:pkg/ifc#fn`). */
  readonly wat: string;
  /** WIT source of one package holding `world`. */
  readonly wit: string;
  /** The world the module implements. */
  readonly world: string;
}

const watCache = new Map<string, Promise<Uint8Array>>();

/** Builds (and memoises per process) a component from WAT and inline WIT. */
export function watComponent(spec: WatComponentSpec): Promise<Uint8Array> {
  const key = createHash('sha256')
    .update(spec.wat)
    .update('\0')
    .update(spec.wit)
    .update('\0')
    .update(spec.world)
    .digest('hex');
  let built = watCache.get(key);
  if (built === undefined) {
    built = buildWat(spec);
    watCache.set(key, built);
  }
  return built;
}

async function buildWat(spec: WatComponentSpec): Promise<Uint8Array> {
  const core = await parse(spec.wat);
  const embedded = await componentEmbed({ binary: core, witSource: spec.wit, world: spec.world });
  return componentNew(embedded, []);
}

/** A WIT-only component whose functions trap when called (for type-level tests). */
export async function dummyComponent(wit: string, world: string): Promise<Uint8Array> {
  const embedded = await componentEmbed({ dummy: true, witSource: wit, world });
  return componentNew(embedded, []);
}

export const FIXTURE_CACHE_DIR = join(REPO_ROOT, '.cache', 'fixtures');
const JS_FIXTURE_ROOT = join(REPO_ROOT, 'test', 'fixtures', 'js');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      out.push(...listFiles(path));
    } else {
      out.push(path);
    }
  }
  return out;
}

function componentizeVersion(): string {
  const pkg = join(REPO_ROOT, 'node_modules', '@bytecodealliance', 'componentize-js', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** Hash of everything that determines a JS fixture's bytes. */
export function jsFixtureHash(name: JsFixtureName): string {
  const fixture: JsFixture = JS_FIXTURES[name];
  const dir = join(JS_FIXTURE_ROOT, fixture.dir);
  const hash = createHash('sha256').update(componentizeVersion()).update(JSON.stringify(fixture));
  for (const file of listFiles(dir)) {
    hash.update(relative(dir, file)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export function jsFixtureCachePath(name: JsFixtureName): string {
  return join(FIXTURE_CACHE_DIR, `${name}-${jsFixtureHash(name)}.wasm`);
}

export function jsFixtureSourceDir(name: JsFixtureName): string {
  return join(JS_FIXTURE_ROOT, JS_FIXTURES[name].dir);
}

/** Path of a prebuilt JS fixture; the globalSetup must have built it. */
export function jsFixture(name: JsFixtureName): string {
  const path = jsFixtureCachePath(name);
  if (!existsSync(path)) {
    throw new Error(`JS fixture ${name} was not built: the vitest globalSetup builds it (${path})`);
  }
  return path;
}

/**
 * A codegen cache shared by the tests of one checkout (entries are content-addressed and
 * written atomically, so concurrent test files can share it): a JS component is transpiled
 * once, not once per test.
 */
export const TEST_CODEGEN_DIR = join(REPO_ROOT, '.cache', 'test-codegen');
