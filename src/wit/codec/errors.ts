/**
 * Validation errors of the value codec. A {@link ValueError} names the path
 * of the bad value (`params[1].address.zip`), the expected type in WIT syntax
 * and what was found: `params[1].address.zip: expected u16, got "abc"`.
 */
import { CodedWitError } from '../coded-error.js';

/** Stable error codes (documented for scripts; never renamed). */
export const ValueErrorCode = {
  /** A value does not match its WIT type (wrong kind, out of range, unknown case, ...). */
  invalidValue: 'invalid-value',
  /** Wrong number of parameters. */
  arity: 'arity',
  /** A value of a type that has no JSON or JS representation here (resources, streams, futures, error contexts). */
  unsupportedType: 'unsupported-type',
} as const;
export type ValueErrorCode = (typeof ValueErrorCode)[keyof typeof ValueErrorCode];

/** A value that does not fit its WIT type. */
export class ValueError extends CodedWitError<ValueErrorCode> {
  override name = 'ValueError';
  /** What is wrong, without the path: `expected u16, got "abc"`. */
  readonly detail: string;
  /** The WIT type expected at the path (empty for arity errors). */
  readonly expected: string;
  private readonly segments: string[] = [];
  private root = '';

  constructor(code: ValueErrorCode, detail: string, expected = '') {
    super(code, detail);
    this.detail = detail;
    this.expected = expected;
  }

  /** `params[1].address.zip`, or `$` for the value itself. */
  get path(): string {
    return this.root === '' && this.segments.length === 0 ? '$' : `${this.root}${this.segments.join('')}`;
  }

  /** Adds an enclosing segment (`[1]`, `.address`) while the error unwinds. */
  within(segment: string): this {
    this.segments.unshift(segment);
    this.message = `${this.path}: ${this.detail}`;
    return this;
  }

  /** Sets the name of the outermost value (`params`, `result`). */
  at(root: string): this {
    this.root = root;
    this.message = `${this.path}: ${this.detail}`;
    return this;
  }

  toJSON(): { code: string; message: string; path: string } {
    return { code: this.code, message: this.message, path: this.path };
  }
}

/** Runs `convert`, prefixing the path of any ValueError with `segment`. */
export function within<T>(segment: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof ValueError) {
      throw error.within(segment);
    }
    throw error;
  }
}

/** A short, readable rendering of a value found in the input, for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'number') {
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    return `a ${typeof value}`;
  }
  if (value instanceof Map) {
    return `a Map of ${value.size} entries`;
  }
  if (ArrayBuffer.isView(value)) {
    return `${value.constructor.name}(${value.byteLength} bytes)`;
  }
  let text: string;
  try {
    text =
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ??
      Object.prototype.toString.call(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `expected <wit>, got <value>`. */
export function mismatch(expected: string, got: unknown, note?: string): ValueError {
  const suffix = note === undefined ? '' : ` (${note})`;
  return new ValueError(
    ValueErrorCode.invalidValue,
    `expected ${expected}, got ${describeValue(got)}${suffix}`,
    expected,
  );
}
