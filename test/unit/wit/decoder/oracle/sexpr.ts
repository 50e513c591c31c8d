/**
 * A small S-expression reader for the WAT text that jco's `print` produces.
 * Keeps the `(;N;)` index comments the printer writes after each definition
 * (they say which index the definition got) and drops other comments and
 * `(@...)` annotations.
 */

export type SExpr =
  | { readonly t: 'list'; readonly items: readonly SExpr[] }
  | { readonly t: 'atom'; readonly value: string }
  | { readonly t: 'str'; readonly value: string }
  | { readonly t: 'index'; readonly value: number };

function readString(text: string, start: number): { value: string; end: number } {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\') {
      const next = text[i + 1] ?? '';
      const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };
      if (next in escapes) {
        bytes.push(escapes[next] as number);
        i += 2;
      } else {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 3;
      }
    } else {
      bytes.push(...Buffer.from(text[i] as string, 'utf8'));
      i++;
    }
  }
  return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
}

function skipBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('(;', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith(';)', i)) {
      depth--;
      i += 2;
      if (depth === 0) {
        return i;
      }
    } else {
      i++;
    }
  }
  return i;
}

/** Parses every top-level S-expression of `text`. */
export function parseSExprs(text: string): SExpr[] {
  const stack: SExpr[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith(';;', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('(;', i)) {
      const end = skipBlockComment(text, i);
      const body = text.slice(i + 2, end - 2);
      if (/^\d+$/.test(body)) {
        stack[stack.length - 1]?.push({ t: 'index', value: Number(body) });
      }
      i = end;
    } else if (c === '(') {
      stack.push([]);
      i++;
    } else if (c === ')') {
      const items = stack.pop() ?? [];
      stack[stack.length - 1]?.push({ t: 'list', items });
      i++;
    } else if (c === '$' && text[i + 1] === '"') {
      // A quoted identifier `$"name with spaces"` is one atom `$name with spaces`.
      const { value, end } = readString(text, i + 1);
      stack[stack.length - 1]?.push({ t: 'atom', value: `$${value}` });
      i = end;
    } else if (c === '"') {
      const { value, end } = readString(text, i);
      stack[stack.length - 1]?.push({ t: 'str', value });
      i = end;
    } else {
      let j = i;
      while (j < text.length && !/[\s()"]/.test(text[j] as string)) {
        j++;
      }
      stack[stack.length - 1]?.push({ t: 'atom', value: text.slice(i, j) });
      i = j;
    }
  }
  return stack[0] ?? [];
}

/** The head keyword of a list (`(type ...)` -> `type`). */
export function head(expr: SExpr | undefined): string | undefined {
  if (expr?.t !== 'list') {
    return undefined;
  }
  const first = expr.items[0];
  return first?.t === 'atom' ? first.value : undefined;
}

/** Items of a list without `(@...)` annotations. */
export function itemsOf(expr: SExpr): SExpr[] {
  return expr.t === 'list' ? expr.items.filter((item) => !(head(item) ?? '').startsWith('@')) : [];
}
