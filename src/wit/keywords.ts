/** WIT keywords and identifier rules (kebab-case labels of the component model). */

/** Words that must be written `%word` to be used as identifiers. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'as',
  'async',
  'bool',
  'borrow',
  'char',
  'constructor',
  'enum',
  'error-context',
  'export',
  'f32',
  'f64',
  'flags',
  'from',
  'func',
  'future',
  'import',
  'include',
  'interface',
  'list',
  'map',
  'option',
  'own',
  'package',
  'record',
  'resource',
  'result',
  's16',
  's32',
  's64',
  's8',
  'static',
  'stream',
  'string',
  'tuple',
  'type',
  'u16',
  'u32',
  'u64',
  'u8',
  'use',
  'variant',
  'with',
  'world',
]);

/**
 * Why `name` is not a valid WIT identifier, or `null` when it is. An identifier
 * is words joined by single `-`; it starts with a letter, and each word is all
 * lowercase or all uppercase (digits allowed).
 */
export function identifierProblem(name: string): string | null {
  if (name === '') {
    return 'an identifier cannot be empty';
  }
  if (!/^[A-Za-z]/.test(name)) {
    return 'an identifier must start with a letter';
  }
  for (const word of name.split('-')) {
    if (word === '') {
      return 'an identifier cannot have an empty word (`--` or a trailing `-`)';
    }
    if (!/^[a-z0-9]+$/.test(word) && !/^[A-Z0-9]+$/.test(word)) {
      return `the word \`${word}\` mixes lowercase and uppercase letters (each word must be all lowercase or all uppercase)`;
    }
  }
  return null;
}

/** Writes an identifier as WIT source: `%`-escaped when it is a keyword. */
export function escapeIdentifier(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}
