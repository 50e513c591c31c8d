/**
 * WIT tokenizer. Produces tokens on demand; whitespace and comments are
 * skipped, and the doc comments (`///`, `/** *\/`) seen before a token are
 * attached to it. Package versions are scanned separately ({@link Lexer.scanVersion})
 * because semver text is not made of WIT tokens.
 */
import { WitErrorCode, witError, type WitError } from './errors.js';
import { identifierProblem, KEYWORDS } from './keywords.js';
import type { SourceFile } from './source.js';

export type TokenKind = 'id' | 'keyword' | 'int' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier (without `%`), keyword, digits, or operator text; `''` at the end. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Doc comment text written right before this token, if any. */
  readonly docs: string | undefined;
}

const OPERATORS = new Set(['=', ',', ':', ';', '(', ')', '{', '}', '<', '>', '*', '/', '.', '@', '_']);
const SEMVER =
  /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?/;

/** Tokenizer over one {@link SourceFile}. */
export class Lexer {
  readonly source: SourceFile;
  private pos = 0;

  constructor(source: SourceFile) {
    this.source = source;
  }

  /** Moves the read position (used to re-scan after a lookahead). */
  reset(offset: number): void {
    this.pos = offset;
  }

  error(offset: number, length: number, detail: string, code: WitErrorCode = WitErrorCode.invalidToken): WitError {
    return witError(code, this.source, offset, length, detail);
  }

  /** Reads the next token. */
  next(): Token {
    const docs = this.skipTrivia();
    const text = this.source.text;
    const start = this.pos;
    if (start >= text.length) {
      return { kind: 'eof', text: '', start, end: start, docs };
    }
    const ch = text[start] ?? '';
    if (ch === '%' || /[A-Za-z]/.test(ch)) {
      return this.identifier(start, docs);
    }
    if (/[0-9]/.test(ch)) {
      let end = start;
      while (end < text.length && /[0-9]/.test(text[end] ?? '')) {
        end++;
      }
      this.pos = end;
      return { kind: 'int', text: text.slice(start, end), start, end, docs };
    }
    if (ch === '-' && text[start + 1] === '>') {
      this.pos = start + 2;
      return { kind: 'op', text: '->', start, end: start + 2, docs };
    }
    if (OPERATORS.has(ch)) {
      this.pos = start + 1;
      return { kind: 'op', text: ch, start, end: start + 1, docs };
    }
    const shown = describeChar(text.codePointAt(start) ?? 0);
    throw this.error(
      start,
      1,
      `unexpected character ${shown}; expected an identifier, a keyword, a number or one of \`= , : ; ( ) { } < > * -> / . @ _\``,
    );
  }

  /**
   * Scans a semantic version (`1.2.3`, `0.2.0-rc.1+build`) starting at `offset`
   * (right after an `@` or `=`), without skipping whitespace.
   */
  scanVersion(offset: number): { text: string; start: number; end: number } {
    const rest = this.source.text.slice(offset, offset + 256);
    const match = SEMVER.exec(rest);
    if (match === null) {
      const found = /^[^\s;{}()<>,]*/.exec(rest)?.[0] ?? '';
      const shown = found === '' ? 'nothing' : `\`${found}\``;
      throw this.error(offset, Math.max(1, found.length), `expected a semantic version like \`1.0.0\`, found ${shown}`);
    }
    let text = match[0];
    // A `.` that is not followed by more version text belongs to the next token (`@1.0.0.{a}`).
    text = text.replace(/\.$/, '');
    this.pos = offset + text.length;
    return { text, start: offset, end: this.pos };
  }

  private identifier(start: number, docs: string | undefined): Token {
    const text = this.source.text;
    const escaped = text[start] === '%';
    const bodyStart = escaped ? start + 1 : start;
    let end = bodyStart;
    while (end < text.length && /[A-Za-z0-9_-]/.test(text[end] ?? '')) {
      end++;
    }
    this.pos = end;
    const name = text.slice(bodyStart, end);
    const problem = name.includes('_')
      ? '`_` is not allowed in identifiers (words are joined by `-`)'
      : identifierProblem(name);
    if (problem !== null) {
      const shown = name === '' ? '`%`' : `\`${text.slice(start, end)}\``;
      throw this.error(
        start,
        Math.max(1, end - start),
        `invalid identifier ${shown}: ${problem}; expected a kebab-case name like \`my-name\``,
      );
    }
    if (!escaped && KEYWORDS.has(name)) {
      return { kind: 'keyword', text: name, start, end, docs };
    }
    return { kind: 'id', text: name, start, end, docs };
  }

  /** Skips whitespace and comments; returns the doc comments found, if any. */
  private skipTrivia(): string | undefined {
    const text = this.source.text;
    let docs: string[] | undefined;
    while (this.pos < text.length) {
      const ch = text.charCodeAt(this.pos);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        this.pos++;
      } else if (text.startsWith('//', this.pos)) {
        const doc = this.lineComment();
        if (doc !== undefined) {
          (docs ??= []).push(doc);
        }
      } else if (text.startsWith('/*', this.pos)) {
        const doc = this.blockComment();
        if (doc !== undefined) {
          (docs ??= []).push(...doc);
        }
      } else {
        this.checkAllowed(ch);
        break;
      }
    }
    return docs === undefined ? undefined : docs.join('\n');
  }

  private checkAllowed(ch: number): void {
    if (ch < 32 || ch === 0x7f || (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069)) {
      throw this.error(
        this.pos,
        1,
        `invalid character ${describeChar(ch)}: control and bidirectional-override characters are not allowed in WIT; expected a printable character`,
      );
    }
  }

  private lineComment(): string | undefined {
    const text = this.source.text;
    const start = this.pos;
    let end = text.indexOf('\n', start);
    if (end === -1) {
      end = text.length;
    }
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (
        c !== 9 &&
        c !== 13 &&
        (c < 32 || c === 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      ) {
        this.pos = i;
        this.checkAllowed(c);
      }
    }
    this.pos = end;
    const body = text.slice(start, end).replace(/\r$/, '');
    if (!body.startsWith('///') || body.startsWith('////')) {
      return undefined;
    }
    const content = body.slice(3);
    return content.startsWith(' ') ? content.slice(1) : content;
  }

  private blockComment(): string[] | undefined {
    const text = this.source.text;
    const start = this.pos;
    let depth = 0;
    let i = start;
    while (i < text.length) {
      if (text.startsWith('/*', i)) {
        depth++;
        i += 2;
      } else if (text.startsWith('*/', i)) {
        depth--;
        i += 2;
        if (depth === 0) {
          break;
        }
      } else {
        i++;
      }
    }
    if (depth !== 0) {
      throw this.error(start, 2, 'unterminated block comment: expected a closing `*/`');
    }
    this.pos = i;
    const body = text.slice(start, i);
    if (!body.startsWith('/**') || body === '/**/' || body.startsWith('/***')) {
      return undefined;
    }
    const lines = body
      .slice(3, -2)
      .split('\n')
      .map((line) => line.trim().replace(/^\* ?/, ''));
    while (lines.length > 0 && lines[0] === '') {
      lines.shift();
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') {
      lines.pop();
    }
    return lines;
  }
}

function describeChar(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 33 && code < 127 ? `\`${String.fromCodePoint(code)}\`` : hex;
}
