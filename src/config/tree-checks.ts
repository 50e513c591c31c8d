/**
 * Checks of the parsed TOML tree before anything else reads it.
 *
 * - Nesting: no key of the configuration nests more than a few levels; a value nested far deeper
 *   (a 10,000-deep array) is refused with the key it sits under before anything walks the tree
 *   recursively.
 * - Integers: TOML integers are 64-bit; the parser wraps larger ones (99999999999999999999 reads
 *   as 7766279631452241919), so each integer is compared with the text as written and one that
 *   does not fit is reported as written.
 */
import { isTable } from './expand.js';
import { formatKeyPath, type KeyPath } from './key-lines.js';

/** The deepest key path (tables, arrays and their elements) a configuration may hold. */
export const MAX_NESTING = 32;

/** How many segments of a too-deep path name its key (`activity_wasm[0].env_vars`, `wasm.x.a.a`). */
const KEY_SEGMENTS = 4;

/**
 * The key of the first value nested deeper than {@link MAX_NESTING}: its first few segments, cut back
 * to the last table key (`wasm.max_workers`, not `wasm.max_workers[0][0]...`); `null` when there is none.
 * Iterative, so any depth is safe.
 */
export function tooDeep(tree: unknown): KeyPath | null {
  const stack: { value: unknown; path: KeyPath }[] = [{ value: tree, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    const children: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item: unknown, index) => [index, item])
      : isTable(value)
        ? Object.entries(value)
        : [];
    if (children.length > 0 && path.length >= MAX_NESTING) {
      return keyOf(path);
    }
    for (const [segment, child] of children.reverse()) {
      stack.push({ value: child, path: [...path, segment] });
    }
  }
  return null;
}

function keyOf(path: KeyPath): KeyPath {
  let end = Math.min(path.length, KEY_SEGMENTS);
  while (end > 0 && typeof path[end - 1] === 'number') {
    end -= 1;
  }
  return path.slice(0, Math.max(end, 1));
}

/** An integer that does not fit in 64 bits, as written. */
export interface OutOfRange {
  readonly path: KeyPath;
  readonly written: string;
}

/** The integers of `tree` (bigints: those beyond the safe range) whose value is not what `scalars` says was written. */
export function outOfRangeIntegers(tree: unknown, scalars: ReadonlyMap<string, string>): OutOfRange[] {
  const found: OutOfRange[] = [];
  const stack: { value: unknown; path: KeyPath }[] = [{ value: tree, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value === 'bigint') {
      const written = scalars.get(formatKeyPath(path));
      if (written !== undefined && integerOf(written) !== value) {
        found.push({ path, written });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (isTable(value)) {
      Object.entries(value).forEach(([key, item]) => stack.push({ value: item, path: [...path, key] }));
    }
  }
  return found.reverse();
}

/** The exact value of a TOML integer literal (`1_000`, `0xff`, `-5`); `null` when it is not one. */
function integerOf(text: string): bigint | null {
  try {
    return BigInt(text.replaceAll('_', ''));
  } catch {
    return null;
  }
}
