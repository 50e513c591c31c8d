import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lockText, readLockfile, writeLockfile, type LockEntry } from '../../../src/config/lockfile.js';
import { makeTempDir } from '../../helpers/tmp.js';

const d = (c: string): string => `sha256:${c.repeat(64)}`;
const ENTRIES: LockEntry[] = [
  { name: 'zeta', reference: 'ghcr.io/a/z:1', manifestDigest: d('1'), contentDigest: d('2') },
  { name: 'alpha', reference: 'ghcr.io/a/a:1', manifestDigest: d('3'), contentDigest: d('4') },
];

describe('obelisk.lock', () => {
  test('written sorted by name, read back, rewritten only when it changes', () => {
    const path = join(makeTempDir(), 'obelisk.lock');
    expect(readLockfile(path)).toBeNull();
    expect(writeLockfile(path, ENTRIES)).toBe(true);
    expect(readLockfile(path)?.map((e) => e.name)).toEqual(['alpha', 'zeta']);
    expect(readLockfile(path)).toEqual([ENTRIES[1], ENTRIES[0]]);
    expect(writeLockfile(path, [...ENTRIES].reverse())).toBe(false);
    expect(lockText(ENTRIES)).toContain(`[[component]]\nname = "alpha"\nreference = "ghcr.io/a/a:1"`);
  });

  test.each([
    ['not TOML', 'version = ', 'not valid TOML'],
    ['another version', 'version = 9', 'unsupported version 9'],
    [
      'a bad digest',
      'version = 1\n[[component]]\nname = "a"\nreference = "r"\nmanifest_digest = "x"\ncontent_digest = "y"',
      'component[0] needs',
    ],
  ])('refuses %s with a hint', (_what, text, message) => {
    const path = join(makeTempDir(), 'obelisk.lock');
    writeFileSync(path, text);
    expect(() => readLockfile(path)).toThrow(message);
  });
});
