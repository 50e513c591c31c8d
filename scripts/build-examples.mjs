#!/usr/bin/env node
/**
 * Builds the components of the bundled examples (`examples/<name>/example.json`) with
 * ComponentizeJS into `examples/<name>/dist/<component>.wasm`.
 *
 * A component is rebuilt only when its inputs changed: the hash of its folder's files, its
 * manifest entry and the ComponentizeJS version is stored beside the output
 * (`<component>.wasm.sha256`). Builds run one after another (each takes seconds and ~0.8 GB);
 * one progress line per component goes to stderr.
 *
 * Workflows are built without the `http` and `fetch-event` features (the host makes stdio, clocks
 * and random deterministic); activities keep every feature.
 *
 * Usage: node scripts/build-examples.mjs [--force] [example...]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const WORKFLOW_DISABLED_FEATURES = ['http', 'fetch-event'];

/** Every file under `dir`, sorted, skipping `dist/`. */
function listFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        return entry === 'dist' ? [] : listFiles(path);
      }
      return [path];
    });
}

function componentizeVersion() {
  try {
    // The package exports no `./package.json`: find it above the resolved entry module.
    let dir = dirname(fileURLToPath(import.meta.resolve('@bytecodealliance/componentize-js')));
    while (!existsSync(join(dir, 'package.json'))) {
      dir = dirname(dir);
    }
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch (error) {
    throw new Error(
      '@bytecodealliance/componentize-js is not installed (it is a dev dependency): run `npm install` first',
      { cause: error },
    );
  }
}

/** The components of every example (or of the named ones), with their paths resolved. */
function loadComponents(names) {
  const examples =
    names.length > 0
      ? names
      : readdirSync(EXAMPLES)
          .filter((name) => existsSync(join(EXAMPLES, name, 'example.json')))
          .sort();
  return examples.flatMap((example) => {
    const dir = join(EXAMPLES, example);
    const manifestPath = join(dir, 'example.json');
    if (!existsSync(manifestPath)) {
      throw new Error(`no example ${example}: ${relative(ROOT, manifestPath)} does not exist`);
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return manifest.components.map((entry) => ({
      example,
      entry,
      label: `${example}/${entry.name}`,
      source: join(dir, entry.source),
      wit: join(dir, entry.wit),
      output: join(dir, 'dist', `${entry.name}.wasm`),
      disableFeatures: entry.type === 'workflow' ? WORKFLOW_DISABLED_FEATURES : [],
    }));
  });
}

/** Hash of everything that determines a component's bytes. */
function inputHash(component, version) {
  const hash = createHash('sha256').update(`componentize-js ${version}\0`).update(JSON.stringify(component.entry));
  const folders = [...new Set([dirname(component.source), component.wit])];
  for (const file of folders.flatMap(listFiles)) {
    hash.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function upToDate(component, hash) {
  const stamp = `${component.output}.sha256`;
  return existsSync(component.output) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash;
}

function writeAtomically(path, bytes) {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

let componentizeFn;

/** ComponentizeJS, loaded once, with the preopen of `/` it needs to read its inputs. */
async function loadComponentize() {
  if (componentizeFn === undefined) {
    // preview2-shim >= 0.25 starts without preopens; ComponentizeJS reads its inputs through it.
    const filesystem = await import('@bytecodealliance/preview2-shim/filesystem');
    filesystem._setPreopens({ '/': '/' });
    ({ componentize: componentizeFn } = await import('@bytecodealliance/componentize-js'));
  }
  return componentizeFn;
}

async function build(component, hash) {
  const componentize = await loadComponentize();
  const started = Date.now();
  const { component: bytes } = await componentize({
    sourcePath: component.source,
    witPath: component.wit,
    worldName: component.entry.world,
    disableFeatures: component.disableFeatures,
  });
  mkdirSync(dirname(component.output), { recursive: true });
  writeAtomically(component.output, bytes);
  writeAtomically(`${component.output}.sha256`, `${hash}\n`);
  return { ms: Date.now() - started, bytes: bytes.length };
}

async function main(argv) {
  const force = argv.includes('--force');
  const components = loadComponents(argv.filter((arg) => arg !== '--force'));
  const version = componentizeVersion();
  for (const component of components) {
    const hash = inputHash(component, version);
    const target = relative(ROOT, component.output);
    if (!force && upToDate(component, hash)) {
      process.stderr.write(`build-examples: ${component.label} up to date (${target})\n`);
      continue;
    }
    const { ms, bytes } = await build(component, hash);
    process.stderr.write(
      `build-examples: ${component.label} built in ${(ms / 1000).toFixed(1)} s (${(bytes / 1e6).toFixed(1)} MB, ${target})\n`,
    );
  }
}

await main(process.argv.slice(2));
