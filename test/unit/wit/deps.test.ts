/**
 * The forms a dependency takes in a WIT folder's `deps/`: a folder of `.wit`
 * files, one `.wit` file, a binary WIT package `.wasm`, or its WebAssembly text `.wat`.
 */
import { print } from '@bytecodealliance/jco-transpile/wasm-tools';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { encodeWitPackage } from '../../../src/wit/encoder/index.js';
import { WitError, WitErrorCode } from '../../../src/wit/errors.js';
import { loadWit, parseWitText } from '../../../src/wit/load.js';
import { formatPackageName } from '../../../src/wit/model.js';
import { loadUserWitOrComponent } from '../../../src/commands/wit/load.js';
import { REPO_ROOT } from '../../helpers/bin.js';
import { makeTempDir } from '../../helpers/tmp.js';

const ROOT_WIT = [
  'package my:app;',
  'interface api {',
  '  use dep:folder/f.{a};',
  '  use dep:file/g.{b};',
  '  use dep:binary/h.{c};',
  '  run: func(x: a, y: b) -> c;',
  '}',
  '',
].join('\n');

function appWithDeps(): string {
  const app = makeTempDir();
  const deps = join(app, 'deps');
  mkdirSync(join(deps, 'folder'), { recursive: true });
  writeFileSync(join(app, 'app.wit'), ROOT_WIT);
  writeFileSync(join(deps, 'folder', 'f.wit'), 'package dep:folder;\ninterface f { type a = u32; }\n');
  writeFileSync(join(deps, 'file.wit'), 'package dep:file;\ninterface g { record b { x: string } }\n');
  const binary = parseWitText('package dep:binary;\ninterface h { variant c { ok, failed(string) } }\n');
  writeFileSync(join(deps, 'binary.wasm'), encodeWitPackage(binary));
  return app;
}

describe('deps/ of a WIT folder', () => {
  test('a folder, a .wit file and a binary WIT package .wasm all resolve', () => {
    const resolve = loadWit(appWithDeps());
    expect(resolve.packages.map((p) => formatPackageName(p.name)).sort()).toEqual([
      'dep:binary',
      'dep:file',
      'dep:folder',
      'my:app',
    ]);
    const binary = resolve.packages.find((p) => p.name.namespace === 'dep' && p.name.name === 'binary');
    const c = resolve.types[resolve.interfaces[binary?.interfaces.get('h') ?? -1]?.types.get('c') ?? -1];
    expect(c?.kind).toEqual({ tag: 'variant', cases: expect.any(Array) as unknown });
  });

  test('a component .wasm in deps/ is rejected: it is not a package', () => {
    const app = appWithDeps();
    const component = join(app, 'deps', 'adder.wasm');
    copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'components', 'adder.component.wasm'), component);
    let error: unknown;
    try {
      loadWit(app);
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WitError);
    expect((error as WitError).code).toBe(WitErrorCode.io);
    expect((error as WitError).message).toBe(
      `${component}: is a component, not a binary WIT package; expected a package built with \`obelisk wit build\``,
    );
  });

  test('a .wat in deps/ is read through the WebAssembly text parser the caller gives', async () => {
    const app = appWithDeps();
    const wasm = join(app, 'deps', 'binary.wasm');
    const wat = join(app, 'deps', 'binary.wat');
    const bytes = encodeWitPackage(
      parseWitText('package dep:binary;\ninterface h { variant c { ok, failed(string) } }\n'),
    );
    writeFileSync(wat, await print(bytes));
    renameSync(wasm, join(app, 'binary.wasm.bak'));
    const texts: string[] = [];
    const resolve = loadWit(app, {
      watToWasm: (path, text) => {
        texts.push(path);
        expect(text).toMatch(/^\(component/);
        return bytes;
      },
    });
    expect(texts).toEqual([wat]);
    expect(resolve.packages.map((p) => formatPackageName(p.name)).sort()).toEqual([
      'dep:binary',
      'dep:file',
      'dep:folder',
      'my:app',
    ]);
    // The CLI converts the text with wasm-tools ahead of loading.
    const viaCli = await loadUserWitOrComponent(app, '.', {});
    expect(viaCli.packages.map((p) => formatPackageName(p.name)).sort()).toEqual(
      resolve.packages.map((p) => formatPackageName(p.name)).sort(),
    );
  });

  test('a .wat in deps/ without a WebAssembly text parser is an io error', async () => {
    const app = appWithDeps();
    const wat = join(app, 'deps', 'extra.wat');
    writeFileSync(wat, await print(encodeWitPackage(parseWitText('package dep:extra;\ninterface e {}\n'))));
    let error: unknown;
    try {
      loadWit(app);
    } catch (caught: unknown) {
      error = caught;
    }
    expect((error as WitError).code).toBe(WitErrorCode.io);
    expect((error as WitError).message).toBe(
      `${wat}: is WebAssembly text, and no WebAssembly text parser was given (LoadOptions.watToWasm); expected the binary \`.wasm\` of the package, or a parser`,
    );
  });
});
