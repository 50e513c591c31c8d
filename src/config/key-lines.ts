/**
 * Where each key of a TOML document is: a small scanner over already-valid TOML (parse it
 * first) that maps key paths (`activity_wasm[1].exec.batch_size`) to their 1-based line, so
 * that problems found after parsing can name the line.
 *
 * It follows `[table]` and `[[array]]` headers (an array of tables' current element, also
 * inside later headers such as `[activity_wasm.exec]`), dotted and quoted keys, inline tables
 * and arrays (elements get indexes, also across lines), strings of every kind and comments.
 * Limits: the first line of a key is kept (a value spanning lines maps to where it starts);
 * on input that is not valid TOML it gives up on the rest of the line, so lines may be missing
 * but never made up.
 */

/** A key path: table keys and array indexes (from 0). */
export type KeyPath = readonly (string | number)[];

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Key paths longer than this are not recorded: deeper values are skipped without recursion. */
const MAX_SCAN_DEPTH = 64;

/** Formats a key path: `a.b[0].c`, quoting keys that are not bare (`a."x.y"`). */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else {
      const key = BARE_KEY.test(segment) ? segment : JSON.stringify(segment);
      text += text === '' ? key : `.${key}`;
    }
  }
  return text;
}

/** Maps every key path of `text` (formatted with {@link formatKeyPath}) to its 1-based line. */
export function scanKeyLines(text: string): ReadonlyMap<string, number> {
  return scanKeys(text).lines;
}

export interface ScannedKeys {
  /** Key path -> 1-based line. */
  readonly lines: ReadonlyMap<string, number>;
  /** Key path -> the text of a scalar value (number, boolean, date) as written. */
  readonly scalars: ReadonlyMap<string, string>;
}

/** Where every key of `text` is, and how its non-string scalars are written. */
export function scanKeys(text: string): ScannedKeys {
  const scanner = new Scanner(text);
  scanner.document();
  return { lines: scanner.lines, scalars: scanner.scalars };
}

class Scanner {
  readonly lines = new Map<string, number>();
  readonly scalars = new Map<string, string>();
  readonly #text: string;
  readonly #arrays = new Map<string, number>();
  #pos = 0;
  #line = 1;

  constructor(text: string) {
    this.#text = text;
  }

  document(): void {
    let table: (string | number)[] = [];
    for (this.#skipBlank(); this.#pos < this.#text.length; this.#skipBlank()) {
      const start = this.#pos;
      try {
        if (this.#peek() === '[') {
          table = this.#header();
        } else {
          this.#keyValue(table);
        }
      } catch {
        this.#skipLine();
      }
      if (this.#pos === start) {
        this.#skipLine();
      }
    }
  }

  #record(path: KeyPath): void {
    const key = formatKeyPath(path);
    if (!this.lines.has(key)) {
      this.lines.set(key, this.#line);
    }
  }

  #header(): (string | number)[] {
    const isArray = this.#text.startsWith('[[', this.#pos);
    this.#pos += isArray ? 2 : 1;
    const segments = this.#key();
    this.#expect(isArray ? ']]' : ']');
    const path: (string | number)[] = [];
    segments.forEach((segment, i) => {
      path.push(segment);
      const name = formatKeyPath(path);
      const last = i === segments.length - 1;
      if (last && isArray) {
        const index = (this.#arrays.get(name) ?? -1) + 1;
        this.#arrays.set(name, index);
        this.#record(path);
        path.push(index);
      } else if (this.#arrays.has(name)) {
        path.push(this.#arrays.get(name) ?? 0);
      }
    });
    this.#record(path);
    return path;
  }

  #keyValue(base: KeyPath): void {
    const path = [...base];
    for (const segment of this.#key()) {
      path.push(segment);
      this.#record(path); // `a.b.c = 1` also places the tables a and a.b
    }
    this.#expect('=');
    this.#value(path);
  }

  #key(): string[] {
    const segments: string[] = [];
    for (;;) {
      this.#skipSpaces();
      segments.push(this.#simpleKey());
      this.#skipSpaces();
      if (this.#peek() !== '.') {
        return segments;
      }
      this.#pos += 1;
    }
  }

  #simpleKey(): string {
    const c = this.#peek();
    if (c === '"' || c === "'") {
      const start = this.#pos;
      this.#string();
      return JSON.parse(
        c === '"' ? this.#text.slice(start, this.#pos) : JSON.stringify(this.#text.slice(start + 1, this.#pos - 1)),
      ) as string;
    }
    const match = /^[A-Za-z0-9_-]+/.exec(this.#text.slice(this.#pos, this.#pos + 256));
    if (match === null) {
      throw new Error('not a key');
    }
    this.#pos += match[0].length;
    return match[0];
  }

  #value(path: KeyPath): void {
    this.#skipSpaces();
    this.#record(path);
    const c = this.#peek();
    if ((c === '{' || c === '[') && path.length >= MAX_SCAN_DEPTH) {
      this.#skipNested();
    } else if (c === '{') {
      this.#inlineTable(path);
    } else if (c === '[') {
      this.#array(path);
    } else if (c === '"' || c === "'") {
      this.#string();
    } else {
      const start = this.#pos;
      while (this.#pos < this.#text.length && !',]}\n#'.includes(this.#text.charAt(this.#pos))) {
        this.#pos += 1;
      }
      this.scalars.set(formatKeyPath(path), this.#text.slice(start, this.#pos).trim());
    }
  }

  #inlineTable(path: KeyPath): void {
    this.#pos += 1;
    this.#skipSpaces();
    while (this.#peek() !== '}') {
      if (this.#pos >= this.#text.length) {
        throw new Error('unterminated inline table');
      }
      this.#keyValue(path);
      this.#skipSpaces();
      if (this.#peek() === ',') {
        this.#pos += 1;
        this.#skipSpaces();
      }
    }
    this.#pos += 1;
  }

  #array(path: KeyPath): void {
    this.#pos += 1;
    for (let index = 0; ; index += 1) {
      this.#skipBlank();
      if (this.#peek() === ']') {
        break;
      }
      if (this.#pos >= this.#text.length) {
        throw new Error('unterminated array');
      }
      this.#value([...path, index]);
      this.#skipBlank();
      if (this.#peek() === ',') {
        this.#pos += 1;
      }
    }
    this.#pos += 1;
  }

  /** Skips a deeply nested array or inline table without recursing (its keys are not recorded). */
  #skipNested(): void {
    let depth = 0;
    do {
      const c = this.#peek();
      if (c === '"' || c === "'") {
        this.#string();
        continue;
      }
      if (c === '#') {
        this.#skipLine();
        continue;
      }
      if (c === '[' || c === '{') {
        depth += 1;
      } else if (c === ']' || c === '}') {
        depth -= 1;
      } else if (c === '\n') {
        this.#line += 1;
      }
      this.#pos += 1;
    } while (depth > 0 && this.#pos < this.#text.length);
  }

  /** Skips a string of any of the four kinds, counting the newlines of multi-line ones. */
  #string(): void {
    const quote = this.#peek();
    const multi = this.#text.startsWith(quote.repeat(3), this.#pos);
    const close = multi ? quote.repeat(3) : quote;
    this.#pos += close.length;
    while (this.#pos < this.#text.length && !this.#text.startsWith(close, this.#pos)) {
      const c = this.#text.charAt(this.#pos);
      if (c === '\n') {
        if (!multi) {
          throw new Error('unterminated string');
        }
        this.#line += 1;
      }
      this.#pos += c === '\\' && quote === '"' ? 2 : 1;
    }
    this.#pos += close.length;
    while (multi && this.#peek() === quote) {
      this.#pos += 1; // up to two quotes may end the content: """a""""
    }
  }

  #peek(): string {
    return this.#text.charAt(this.#pos);
  }

  #expect(token: string): void {
    this.#skipSpaces();
    if (!this.#text.startsWith(token, this.#pos)) {
      throw new Error(`expected ${token}`);
    }
    this.#pos += token.length;
  }

  #skipSpaces(): void {
    while (this.#peek() === ' ' || this.#peek() === '\t') {
      this.#pos += 1;
    }
  }

  /** Skips spaces, newlines and comments. */
  #skipBlank(): void {
    for (;;) {
      this.#skipSpaces();
      const c = this.#peek();
      if (c === '#') {
        while (this.#pos < this.#text.length && this.#peek() !== '\n') {
          this.#pos += 1;
        }
      } else if (c === '\n' || c === '\r') {
        this.#line += c === '\n' ? 1 : 0;
        this.#pos += 1;
      } else {
        return;
      }
    }
  }

  #skipLine(): void {
    while (this.#pos < this.#text.length && this.#peek() !== '\n') {
      this.#pos += 1;
    }
  }
}
