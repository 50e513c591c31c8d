/**
 * The WASI 0.2 packages a component's own WIT imports or uses (`wasi:clocks/wall-clock@0.2.0`,
 * `wasi:http/outgoing-handler@0.2.12`, ...), with the WASI packages those use in turn, from the
 * copy obelisk ships (`wit/wasi@0.2.12/`). A package the user already put in `deps/` is left alone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/index.js';

const WASI_DIR = join(PACKAGE_ROOT, 'wit', 'wasi@0.2.12');
const SHIPPED = '0.2.12';
const REFERENCE = /\bwasi:([a-z][a-z0-9-]*)\/[a-z][a-z0-9-]*@(0\.2\.\d+)\b/g;
const PACKAGE_LINE = /^\s*package\s+wasi:([a-z][a-z0-9-]*)@(0\.2\.\d+)\s*;/m;

/** A planned `deps/<folder>/<file>`. */
export interface WasiFile {
  readonly folder: string;
  readonly file: string;
  readonly content: string;
}

/** The WASI files the component's WIT folder `wit` needs. */
export function wasiFiles(wit: string): WasiFile[] {
  const provided = userPackages(join(wit, 'deps'));
  const queue = ownWitTexts(wit).flatMap(references);
  const files: WasiFile[] = [];
  const done = new Set<string>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const key = `${next.name}@${next.version}`;
    const source = join(WASI_DIR, `${next.name}.wit`);
    if (done.has(key) || provided.has(key) || next.name === 'logging' || !existsSync(source)) {
      continue;
    }
    done.add(key);
    const shipped = readFileSync(source, 'utf8');
    const content = next.version === SHIPPED ? shipped : shipped.replaceAll(`@${SHIPPED}`, `@${next.version}`);
    files.push({ folder: `wasi_${next.name}@${next.version}`, file: `${next.name}.wit`, content });
    queue.push(...references(content));
  }
  return files;
}

function references(text: string): { name: string; version: string }[] {
  return [...text.matchAll(REFERENCE)].map((m) => ({ name: m[1] ?? '', version: m[2] ?? '' }));
}

function ownWitTexts(wit: string): string[] {
  if (!existsSync(wit)) {
    return [];
  }
  if (!statSync(wit).isDirectory()) {
    return [readFileSync(wit, 'utf8')];
  }
  return readdirSync(wit)
    .filter((entry) => entry.endsWith('.wit'))
    .map((entry) => readFileSync(join(wit, entry), 'utf8'));
}

/** `name@version` of the WASI packages in `deps/` files not named as this module names them. */
function userPackages(deps: string): Set<string> {
  const found = new Set<string>();
  if (!existsSync(deps)) {
    return found;
  }
  for (const entry of readdirSync(deps, { recursive: true, encoding: 'utf8' })) {
    const path = join(deps, entry);
    const ours = /^wasi_([a-z0-9-]+)@0\.2\.\d+\/([a-z0-9-]+)\.wit$/.exec(entry);
    if (!entry.endsWith('.wit') || (ours !== null && ours[1] === ours[2]) || !statSync(path).isFile()) {
      continue;
    }
    const match = PACKAGE_LINE.exec(readFileSync(path, 'utf8'));
    if (match !== null) {
      found.add(`${match[1]}@${match[2]}`);
    }
  }
  return found;
}
