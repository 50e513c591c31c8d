#!/usr/bin/env node
// Adds the platform-specific optional packages that package-lock.json references but does not
// list (npm leaves them out when the registry it resolved against does not serve them for this
// platform), so that `npm ci` accepts the lockfile everywhere. The added entries carry the
// version asked for and the platform (os / cpu / libc) the package name says; npm skips them on
// other platforms without downloading them. Run after changing dependencies:
//   npm install && node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PATH = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(PATH, 'utf8'));
const packages = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips64el: 'mips64el',
};

/** The platform a binding package's name says, e.g. `@rolldown/binding-linux-x64-musl`. */
function platformOf(name) {
  const base = name.split('/').pop();
  if (base.includes('wasm32')) {
    return { cpu: ['wasm32'] };
  }
  const parts = base.split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts
    .map((part) => (part === 'eabi' || part === 'gnueabihf' || part === 'musleabihf' ? null : CPU[part]))
    .find(Boolean);
  if (os === undefined || cpu === undefined) {
    return null;
  }
  const platform = { os: [os], cpu: [cpu] };
  if (os === 'linux') {
    platform.libc = [parts.some((part) => part.startsWith('musl')) ? 'musl' : 'glibc'];
  }
  return platform;
}

/** Where npm would look for `dep` required from the package at `from` (nearest node_modules first). */
function lookup(from, dep) {
  let dir = from;
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${dep}`;
    if (packages[candidate] !== undefined) {
      return candidate;
    }
    const index = dir.lastIndexOf('/node_modules/');
    if (dir === '') {
      return null;
    }
    dir = index < 0 ? '' : dir.slice(0, index);
  }
}

const isExact = (spec) => /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec);

let added = 0;
for (const [path, entry] of Object.entries({ ...packages })) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const found = lookup(path, dep);
    if (found !== null && (!isExact(version) || packages[found].version === version)) {
      continue;
    }
    const platform = platformOf(dep);
    if (platform === null) {
      console.error(`skipped ${dep} (wanted by ${path}): its name names no platform`);
      continue;
    }
    // Beside the top level when free there, else nested under the package that wants it.
    const at = found === null ? `node_modules/${dep}` : `${path === '' ? '' : `${path}/`}node_modules/${dep}`;
    packages[at] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
writeFileSync(PATH, `${JSON.stringify(lock, null, 2)}\n`);
console.error(`complete-lockfile: added ${added} platform packages`);
