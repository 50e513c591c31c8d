/**
 * Errors of the WIT toolchain. Every problem found in WIT source is a
 * {@link WitError} with a stable `code`, the position it was found at, and a
 * message that shows `file:line:col`, the source line with a caret under the
 * offending text, and what was expected there.
 */
import { CodedWitError } from './coded-error.js';
import type { Span } from './model.js';
import type { SourceFile } from './source.js';

/** Stable error codes (documented for scripts; never renamed). */
export const WitErrorCode = {
  /** A file or directory could not be read. */
  io: 'io',
  /** A character or token that is not valid WIT (bad identifier, stray `-`, unterminated comment). */
  invalidToken: 'invalid-token',
  /** The tokens do not form valid WIT syntax. */
  syntax: 'syntax',
  /** WIT with items but no `package` declaration. */
  missingPackage: 'missing-package',
  /** Files of one package declare different package names. */
  packageMismatch: 'package-mismatch',
  /** The same package is defined twice. */
  duplicatePackage: 'duplicate-package',
  /** A reference to a package that is not among the loaded ones. */
  unknownPackage: 'unknown-package',
  /** A reference to an interface that does not exist. */
  unknownInterface: 'unknown-interface',
  /** A reference to a world that does not exist. */
  unknownWorld: 'unknown-world',
  /** A reference to a type (or `use`d name, or `with` name) that does not exist. */
  unknownName: 'unknown-name',
  /** A reference to an item excluded because its `@unstable` feature is not enabled. */
  featureDisabled: 'feature-disabled',
  /** A name defined twice in the same scope. */
  duplicateDefinition: 'duplicate-definition',
  /** A type that contains itself. */
  typeCycle: 'type-cycle',
  /** Interfaces that `use` each other in a cycle. */
  interfaceCycle: 'interface-cycle',
  /** Worlds that `include` each other in a cycle. */
  worldCycle: 'world-cycle',
  /** Packages that refer to each other in a cycle. */
  packageCycle: 'package-cycle',
  /** Imports or exports of a world that clash after `include`s are merged. */
  worldConflict: 'world-conflict',
  /** A type used where it is not allowed (`borrow` of a non-resource, bad map key, ...). */
  invalidType: 'invalid-type',
  /** A malformed or inconsistent feature gate (`@since`, `@unstable`, `@deprecated`). */
  invalidGate: 'invalid-gate',
} as const;
export type WitErrorCode = (typeof WitErrorCode)[keyof typeof WitErrorCode];

/** A problem in WIT input, positioned in its source. */
export class WitError extends CodedWitError<WitErrorCode> {
  override name = 'WitError';
  /** Where the problem is; absent only for `io` errors about a whole path. */
  readonly span: Span | undefined;
  /** The problem and what was expected, without the position and source excerpt. */
  readonly detail: string;

  constructor(
    code: WitErrorCode,
    message: string,
    detail: string,
    span: Span | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.detail = detail;
    this.span = span;
  }

  toJSON(): { code: string; message: string; file?: string; line?: number; column?: number } {
    return this.span === undefined
      ? { code: this.code, message: this.message }
      : {
          code: this.code,
          message: this.message,
          file: this.span.file,
          line: this.span.line,
          column: this.span.column,
        };
  }
}

/**
 * Builds a positioned error: `file:line:col: detail`, then the source line and a
 * caret line under `length` characters starting at `offset`.
 */
export function witError(
  code: WitErrorCode,
  source: SourceFile,
  offset: number,
  length: number,
  detail: string,
): WitError {
  const span = source.span(offset);
  const lineText = source.lineText(span.line);
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const before = visible(lineText.slice(0, span.column - 1)).replace(/[^\t]/g, ' ');
  const width = Math.max(1, visible(lineText.slice(span.column - 1, span.column - 1 + length)).length);
  const message = [
    `${span.file}:${span.line}:${span.column}: ${visible(detail)}`,
    `${gutter} | ${visible(lineText)}`,
    `${pad} | ${before}${'^'.repeat(width)}`,
  ].join('\n');
  return new WitError(code, message, detail, span);
}

/**
 * A source line as the frame shows it: control characters (but tab), line separators and the
 * bidirectional overrides written as `\u0007`, so the frame neither rings the terminal nor reorders it.
 */
export function visible(text: string): string {
  return [...text].map(visibleChar).join('');
}

function visibleChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hidden =
    (code < 0x20 && char !== '\t') ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x2028 ||
    code === 0x2029;
  return hidden ? `\\u${code.toString(16).padStart(4, '0')}` : char;
}

/** An error about a whole path (unreadable file or directory). */
export function ioError(path: string, detail: string, cause?: unknown): WitError {
  return new WitError(WitErrorCode.io, `${path}: ${detail}`, detail, undefined, { cause });
}
