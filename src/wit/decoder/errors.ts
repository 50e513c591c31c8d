/**
 * Errors of the component binary decoder. Every problem is a
 * {@link ComponentDecodeError} with a stable `code` and the byte offset where
 * it was found; the decoder never throws anything else for bad input.
 */
import { CodedWitError } from '../coded-error.js';

/** Stable error codes (documented for scripts; never renamed). */
export const DecodeErrorCode = {
  /** The bytes do not start with the WebAssembly magic `\0asm`. */
  notWasm: 'not-wasm',
  /** A valid core WebAssembly module was given where a component is expected. */
  coreModule: 'core-module',
  /** A component binary of a version or layer this decoder does not read. */
  unsupportedVersion: 'unsupported-version',
  /** The input ends in the middle of an item. */
  truncated: 'truncated',
  /** Bytes that do not follow the binary format (bad opcode, bad LEB128, bad UTF-8, bad sizes). */
  malformed: 'malformed',
  /** An index that refers to nothing, or to an item of the wrong kind. */
  invalidIndex: 'invalid-index',
  /** A valid construct that cannot be expressed in WIT or that this decoder does not support. */
  unsupported: 'unsupported',
  /** Types or components nested deeper than the decoder's limits. */
  tooDeep: 'too-deep',
} as const;
export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/** A problem in a component binary, with the byte offset where it was found. */
export class ComponentDecodeError extends CodedWitError<DecodeErrorCode> {
  override name = 'ComponentDecodeError';
  /** Byte offset into the decoded buffer. */
  readonly offset: number;
  /** The problem without the offset prefix. */
  readonly detail: string;

  constructor(code: DecodeErrorCode, offset: number, detail: string) {
    super(code, `${detail} (at byte offset ${offset})`);
    this.offset = offset;
    this.detail = detail;
  }

  toJSON(): { code: string; message: string; offset: number } {
    return { code: this.code, message: this.message, offset: this.offset };
  }
}

/** Throws a {@link ComponentDecodeError}. */
export function fail(code: DecodeErrorCode, offset: number, detail: string): never {
  throw new ComponentDecodeError(code, offset, detail);
}
