/** `WWW-Authenticate` challenges: `Bearer realm="...",service="...",scope="..."` or `Basic realm="..."`. */

export interface Challenge {
  readonly scheme: 'bearer' | 'basic';
  readonly params: Readonly<Record<string, string>>;
}

const PARAM = /([A-Za-z_-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;

/** The first challenge of the header, or `null` for a scheme obelisk does not speak. */
export function parseChallenge(header: string | null): Challenge | null {
  if (header === null) {
    return null;
  }
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  const scheme = match?.[1]?.toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'basic') {
    return null;
  }
  const params: Record<string, string> = {};
  for (const m of (match?.[2] ?? '').matchAll(PARAM)) {
    const key = m[1];
    if (key !== undefined) {
      params[key.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    }
  }
  return { scheme, params };
}
