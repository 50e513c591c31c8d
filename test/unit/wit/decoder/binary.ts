/**
 * A few helpers to write component binaries by hand in tests, for inputs no
 * toolchain produces (deep nesting, huge counts, bad bytes).
 */

export const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

export function leb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a non-negative number (a type index inside a `valtype`). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v === 0 && (byte & 0x40) === 0) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...leb(bytes.length), ...bytes];
}

export function section(id: number, payload: readonly number[]): number[] {
  return [id, ...leb(payload.length), ...payload];
}

/** A vector section: the item count, then the items. */
export function vecSection(id: number, items: readonly (readonly number[])[]): number[] {
  return section(id, [...leb(items.length), ...items.flat()]);
}

export function component(...sections: readonly (readonly number[])[]): Uint8Array {
  return Uint8Array.from([...PREAMBLE, ...sections.flat()]);
}

export const TYPE_SECTION = 7;
export const IMPORT_SECTION = 10;
export const EXPORT_SECTION = 11;
export const COMPONENT_SECTION = 4;
