/** Watching folders for `obelisk dev`: debounced, filtered by name, missing folders skipped. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { watchFiles, watchFolders } from '../../../src/runner/watch.js';
import { makeTempDir } from '../../helpers/tmp.js';

const DEBOUNCE_MS = 50;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 4));

describe('watching folders', () => {
  test('changes the filter accepts call back once they settle; others and a missing folder are ignored', async () => {
    const root = makeTempDir();
    const src = join(root, 'src');
    mkdirSync(src);
    const changes = vi.fn();
    const stop = watchFolders(
      [src, src, join(root, 'missing')],
      (dir, name) => dir === src && name !== null && !name.endsWith('.tmp'),
      changes,
      DEBOUNCE_MS,
    );
    try {
      writeFileSync(join(src, 'a.tmp'), '1');
      await settle();
      expect(changes).not.toHaveBeenCalled();
      writeFileSync(join(src, 'a.ts'), '1');
      writeFileSync(join(src, 'b.ts'), '2');
      await vi.waitFor(() => expect(changes).toHaveBeenCalledTimes(1));
      await settle();
      expect(changes).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
    writeFileSync(join(src, 'c.ts'), '3');
    await settle();
    expect(changes).toHaveBeenCalledTimes(1);
  });

  test('watchFiles calls back for the named files only', async () => {
    const root = makeTempDir();
    const wasm = join(root, 'a.wasm');
    writeFileSync(wasm, '');
    const changes = vi.fn();
    const stop = watchFiles([wasm], changes, DEBOUNCE_MS);
    try {
      writeFileSync(join(root, 'other.txt'), 'x');
      await settle();
      expect(changes).not.toHaveBeenCalled();
      writeFileSync(wasm, 'new');
      await vi.waitFor(() => expect(changes).toHaveBeenCalledTimes(1));
    } finally {
      stop();
    }
  });
});
