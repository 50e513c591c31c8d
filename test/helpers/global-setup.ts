/**
 * Vitest globalSetup: builds every ComponentizeJS fixture that is not cached yet,
 * one after another (each build takes seconds and ~0.8 GB), before any test runs.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JS_FIXTURES, type JsFixtureName } from '../fixtures/js/index.js';
import { FIXTURE_CACHE_DIR, jsFixtureCachePath, jsFixtureSourceDir } from './components.js';

export default async function setup(): Promise<void> {
  for (const name of Object.keys(JS_FIXTURES) as JsFixtureName[]) {
    await ensureJsFixture(name);
  }
}

/** The path of a ComponentizeJS fixture, built first (seconds, ~0.8 GB) when it is not cached yet. */
export async function ensureJsFixture(name: JsFixtureName): Promise<string> {
  const target = jsFixtureCachePath(name);
  if (existsSync(target)) {
    return target;
  }
  mkdirSync(FIXTURE_CACHE_DIR, { recursive: true });
  // ComponentizeJS reads its inputs through preview2-shim, which starts with no preopens.
  // (The package's `types` condition points at the browser typings; the Node build takes a path map.)
  const filesystem = await import('@bytecodealliance/preview2-shim/filesystem');
  (filesystem._setPreopens as (preopens: Record<string, string>) => void)({ '/': '/' });
  const { componentize } = await import('@bytecodealliance/componentize-js');
  const fixture = JS_FIXTURES[name];
  const dir = jsFixtureSourceDir(name);
  const started = Date.now();
  const { component } = await componentize({
    sourcePath: join(dir, fixture.source),
    witPath: join(dir, 'wit'),
    worldName: fixture.world,
    disableFeatures: [...fixture.disableFeatures],
  });
  writeFileSync(`${target}.tmp`, component);
  renameSync(`${target}.tmp`, target);
  process.stderr.write(`built JS fixture ${name} in ${Date.now() - started} ms\n`);
  return target;
}
