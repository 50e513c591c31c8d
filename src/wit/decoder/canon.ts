/**
 * Walking the canonical-function section. Only `canon lift` defines a
 * component function (whose type the decoder needs); every other built-in
 * defines a core function, but all of them must be read to find the next one.
 */
import { DecodeErrorCode, fail } from './errors.js';
import type { Reader } from './reader.js';
import type { Scope } from './scope.js';
import type { FuncT } from './types.js';
import { readValType } from './valtypes.js';

/** Built-ins followed by a single type index. */
const TYPE_INDEX_ONLY = new Set([0x02, 0x03, 0x04, 0x0e, 0x13, 0x14, 0x15, 0x1a, 0x1b, 0x2e, 0x2f]);
/** Built-ins with no immediates. */
const NO_IMMEDIATES = new Set([0x05, 0x07, 0x08, 0x0d, 0x1e, 0x1f, 0x22, 0x23, 0x24, 0x25, 0x26, 0x28]);
/** Built-ins followed by one flag byte (`async?`, `cancel?` or a reserved `0x00`). */
const ONE_FLAG = new Set([0x06, 0x0c, 0x29, 0x2a, 0x2b, 0x2c, 0x2d]);
/** Built-ins followed by a type index and canonical options. */
const TYPE_AND_OPTIONS = new Set([0x0f, 0x10, 0x16, 0x17]);
/** Built-ins followed by a type index and a flag byte. */
const TYPE_AND_FLAG = new Set([0x11, 0x12, 0x18, 0x19]);

function skipOptions(r: Reader): void {
  const n = r.count('canonical options');
  for (let i = 0; i < n; i++) {
    const offset = r.pos;
    const option = r.u8('canonical option');
    if (option === 0x03 || option === 0x04 || option === 0x05 || option === 0x07 || option === 0x08) {
      r.u32('canonical option index');
    } else if (option > 0x09) {
      fail(DecodeErrorCode.malformed, offset, `invalid canonical option 0x${option.toString(16)}`);
    }
  }
}

function expectZero(r: Reader, what: string): void {
  const offset = r.pos;
  if (r.u8(what) !== 0x00) {
    fail(DecodeErrorCode.malformed, offset, `expected 0x00 in ${what}`);
  }
}

function skipTaskReturn(r: Reader, scope: Scope): void {
  const offset = r.pos;
  const kind = r.u8('task.return result');
  if (kind === 0x00) {
    readValType(r, scope);
  } else if (kind === 0x01) {
    expectZero(r, 'task.return result list');
  } else {
    fail(DecodeErrorCode.malformed, offset, `invalid task.return result 0x${kind.toString(16)}`);
  }
  skipOptions(r);
}

function skipBuiltin(opcode: number, r: Reader, scope: Scope, offset: number): void {
  if (TYPE_INDEX_ONLY.has(opcode)) {
    r.u32('type index');
  } else if (NO_IMMEDIATES.has(opcode)) {
    return;
  } else if (ONE_FLAG.has(opcode)) {
    r.u8('flag');
  } else if (TYPE_AND_OPTIONS.has(opcode)) {
    r.u32('type index');
    skipOptions(r);
  } else if (TYPE_AND_FLAG.has(opcode)) {
    r.u32('type index');
    r.u8('flag');
  } else if (opcode === 0x09) {
    skipTaskReturn(r, scope);
  } else if (opcode === 0x0a || opcode === 0x0b) {
    r.u8('context value type');
    r.u32('context slot');
  } else if (opcode === 0x1c || opcode === 0x1d) {
    skipOptions(r);
  } else if (opcode === 0x20 || opcode === 0x21) {
    r.u8('flag');
    r.u32('memory index');
  } else if (opcode === 0x27) {
    r.u32('core type index');
    r.u32('table index');
  } else if (opcode === 0x40 || opcode === 0x42) {
    r.u8('shared flag');
    if (opcode === 0x40) {
      r.u32('core type index');
    }
  } else if (opcode === 0x41) {
    r.u8('shared flag');
    r.u32('core type index');
    r.u32('table index');
  } else {
    fail(DecodeErrorCode.unsupported, offset, `unknown canonical built-in 0x${opcode.toString(16)}`);
  }
}

/** Reads one `canon`; returns the type of the component function it defines, if any. */
export function readCanon(r: Reader, scope: Scope): FuncT | null {
  const offset = r.pos;
  const opcode = r.u8('canonical function');
  if (opcode === 0x00 || opcode === 0x01) {
    expectZero(r, opcode === 0x00 ? 'canon lift' : 'canon lower');
    r.u32(opcode === 0x00 ? 'core function index' : 'function index');
    skipOptions(r);
    if (opcode === 0x01) {
      return null;
    }
    const at = r.pos;
    return scope.funcType(r.u32('lifted function type index'), at);
  }
  skipBuiltin(opcode, r, scope, offset);
  return null;
}
