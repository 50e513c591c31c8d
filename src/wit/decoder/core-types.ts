/**
 * Skipping core types that appear inside component and instance type
 * declarations (`core:type`: function and module types). Their contents do
 * not matter for WIT, but they have no size prefix, so they must be walked.
 * Core type *sections* are skipped by their size and never reach this code.
 */
import { DecodeErrorCode, fail } from './errors.js';
import type { Reader } from './reader.js';

/** Single-byte core value types: numbers, `v128` and the abbreviated reference types. */
function isShortValType(byte: number): boolean {
  return (byte >= 0x7b && byte <= 0x7f) || (byte >= 0x69 && byte <= 0x74);
}

function skipValType(r: Reader): void {
  const offset = r.pos;
  const byte = r.u8('core value type');
  if (isShortValType(byte)) {
    return;
  }
  if (byte === 0x63 || byte === 0x64) {
    r.s33('heap type');
    return;
  }
  fail(DecodeErrorCode.malformed, offset, `invalid core value type 0x${byte.toString(16)}`);
}

function skipLimits(r: Reader): void {
  const offset = r.pos;
  const flags = r.u8('limits');
  if (flags > 0x0f) {
    fail(DecodeErrorCode.malformed, offset, `invalid limits flags 0x${flags.toString(16)}`);
  }
  r.skipU64('limits minimum');
  if ((flags & 0x01) !== 0) {
    r.skipU64('limits maximum');
  }
  if ((flags & 0x08) !== 0) {
    r.u32('page size');
  }
}

function skipImportDesc(r: Reader): void {
  const offset = r.pos;
  const kind = r.u8('core import kind');
  switch (kind) {
    case 0x00:
      r.u32('core function type index');
      return;
    case 0x01:
      skipValType(r);
      skipLimits(r);
      return;
    case 0x02:
      skipLimits(r);
      return;
    case 0x03:
      skipValType(r);
      r.u8('global mutability');
      return;
    case 0x04:
      r.u8('tag attribute');
      r.u32('tag type index');
      return;
    default:
      fail(DecodeErrorCode.malformed, offset, `invalid core import kind 0x${kind.toString(16)}`);
  }
}

function skipFuncType(r: Reader): void {
  for (const what of ['core parameters', 'core results']) {
    const n = r.count(what);
    for (let i = 0; i < n; i++) {
      skipValType(r);
    }
  }
}

function skipModuleDecl(r: Reader): void {
  const offset = r.pos;
  const tag = r.u8('module type declaration');
  switch (tag) {
    case 0x00:
      r.name('core import module');
      r.name('core import name');
      skipImportDesc(r);
      return;
    case 0x01: {
      const at = r.pos;
      if (r.u8('core type') !== 0x60) {
        fail(DecodeErrorCode.unsupported, at, 'only function types are supported inside core module types');
      }
      skipFuncType(r);
      return;
    }
    case 0x02:
      r.u8('core alias sort');
      r.u8('core alias target');
      r.u32('outer count');
      r.u32('outer index');
      return;
    case 0x03:
      r.name('core export name');
      skipImportDesc(r);
      return;
    default:
      fail(DecodeErrorCode.malformed, offset, `invalid module type declaration 0x${tag.toString(16)}`);
  }
}

/** Skips one `core:type` (a function type or a module type). */
export function skipCoreType(r: Reader): void {
  const offset = r.pos;
  const byte = r.u8('core type');
  if (byte === 0x60) {
    skipFuncType(r);
    return;
  }
  if (byte === 0x50) {
    const n = r.count('module type declarations');
    for (let i = 0; i < n; i++) {
      skipModuleDecl(r);
    }
    return;
  }
  fail(
    DecodeErrorCode.unsupported,
    offset,
    `core type 0x${byte.toString(16)} (garbage-collection types) is not supported in component types`,
  );
}
