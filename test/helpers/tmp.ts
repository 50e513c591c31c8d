/** Temporary directories that are removed when the test file finishes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
let hooked = false;

/** Creates a fresh directory under the OS temp dir; removed after the current test file. */
export function makeTempDir(prefix = 'obelisk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  if (!hooked) {
    hooked = true;
    afterAll(() => {
      for (const path of created.splice(0)) {
        rmSync(path, { recursive: true, force: true });
      }
    });
  }
  return dir;
}
