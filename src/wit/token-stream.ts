/** Lookahead over {@link Lexer} tokens with the expect/describe helpers the parser uses. */
import { WitErrorCode, type WitError } from './errors.js';
import type { Ident, VersionAst } from './ast.js';
import { Lexer, type Token } from './lexer.js';
import type { SourceFile } from './source.js';

/** Tokens with lookahead for the parser. */
export class TokenStream {
  readonly lexer: Lexer;
  private readonly buffer: Token[] = [];
  /** End offset of the last consumed token. */
  lastEnd = 0;
  /** Nesting depth of the type expression being parsed. */
  typeDepth = 0;

  constructor(source: SourceFile) {
    this.lexer = new Lexer(source);
  }

  get source(): SourceFile {
    return this.lexer.source;
  }

  /** The token `n` places ahead (0 = next). */
  peek(n = 0): Token {
    while (this.buffer.length <= n) {
      const last = this.buffer[this.buffer.length - 1];
      if (last?.kind === 'eof') {
        return last;
      }
      this.buffer.push(this.lexer.next());
    }
    return this.buffer[n] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') {
      this.buffer.shift();
    }
    this.lastEnd = token.end;
    return token;
  }

  /** True (and consumes it) when the next token is the operator or keyword `text`. */
  eat(text: string): boolean {
    const token = this.peek();
    if ((token.kind === 'op' || token.kind === 'keyword') && token.text === text) {
      this.next();
      return true;
    }
    return false;
  }

  /** What `item` parses, again and again up to the `}` that closes the block (consumed with it). */
  untilClose<T>(item: (ts: TokenStream) => T): T[] {
    const items: T[] = [];
    while (!this.eat('}')) {
      items.push(item(this));
    }
    return items;
  }

  /** True when the next token is the operator or keyword `text`. */
  at(text: string, n = 0): boolean {
    const token = this.peek(n);
    return (token.kind === 'op' || token.kind === 'keyword') && token.text === text;
  }

  /** Consumes the operator or keyword `text`, or fails saying what was found instead. */
  expect(text: string, what = `\`${text}\``): Token {
    const token = this.peek();
    if ((token.kind === 'op' || token.kind === 'keyword') && token.text === text) {
      return this.next();
    }
    throw this.unexpected(what);
  }

  /** Consumes an identifier. */
  ident(what = 'an identifier'): Ident {
    const token = this.peek();
    if (token.kind !== 'id') {
      throw this.unexpected(what);
    }
    this.next();
    return { name: token.text, start: token.start, end: token.end };
  }

  /** Scans a semantic version right after the last consumed token (`@` or `=`). */
  version(): VersionAst {
    const first = this.buffer[0];
    let offset = first === undefined ? this.lastEnd : first.start;
    this.buffer.length = 0;
    const text = this.source.text;
    while (offset < text.length && /[ \t\r\n]/.test(text[offset] ?? '')) {
      offset++;
    }
    const version = this.lexer.scanVersion(offset);
    this.lastEnd = version.end;
    return version;
  }

  /** "expected X, found Y" at the next token. */
  unexpected(what: string): WitError {
    const token = this.peek();
    return this.lexer.error(
      token.start,
      Math.max(1, token.end - token.start),
      `expected ${what}, found ${describeToken(token)}`,
      WitErrorCode.syntax,
    );
  }

  /** An error at an arbitrary range of this source. */
  errorAt(start: number, end: number, detail: string, code: WitErrorCode = WitErrorCode.syntax): WitError {
    return this.lexer.error(start, Math.max(1, end - start), detail, code);
  }
}

/** How a token is named in "found ..." messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'id':
      return `identifier \`${token.text}\``;
    case 'keyword':
      return `keyword \`${token.text}\``;
    case 'int':
      return `number \`${token.text}\``;
    case 'op':
      return `\`${token.text}\``;
  }
}
