/**
 * A copy of a component binary without its core module sections (at every
 * nesting level), so that jco's `print` writes only the component-level
 * structure. `print` does not validate, so the dangling module indices of
 * core instances do not matter.
 */
import { leb } from '../binary.js';

function readU32(bytes: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  let p = pos;
  for (;;) {
    const byte = bytes[p++] as number;
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) {
      return [result, p];
    }
  }
}

const CORE_MODULE = 1;
const COMPONENT = 4;

/** `bytes` (a component) with every core module section removed. */
export function stripCoreModules(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos] as number;
    const [size, start] = readU32(bytes, pos + 1);
    const end = start + size;
    if (id === COMPONENT) {
      const nested = stripCoreModules(bytes.subarray(start, end));
      parts.push(Uint8Array.from([id, ...leb(nested.length)]), nested);
    } else if (id !== CORE_MODULE) {
      parts.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  return Buffer.concat(parts);
}
