/** Line-oriented text building with indentation, docs and gates, for the WIT printer. */
import { escapeIdentifier } from './keywords.js';
import type { Docs, Func, InterfaceId, PackageId, PackageName, Resolve, Stability } from './model.js';
import { formatType } from './format-type.js';

/** Collects printed lines at the current indentation. */
export class Writer {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text: string): void {
    this.lines.push(text === '' ? '' : `${'  '.repeat(this.depth)}${text}`);
  }

  /** A blank line, unless the previous line is blank or opens a block. */
  gap(): void {
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last !== '' && !last.endsWith('{')) {
      this.lines.push('');
    }
  }

  open(text: string): void {
    this.line(`${text} {`);
    this.depth++;
  }

  close(suffix = ''): void {
    this.depth--;
    this.line(`}${suffix}`);
  }

  docs(docs: Docs): void {
    if (docs.contents === undefined) {
      return;
    }
    for (const text of docs.contents.split('\n')) {
      this.line(text === '' ? '///' : `/// ${text}`);
    }
  }

  gates(stability: Stability): void {
    if (stability.tag === 'stable') {
      this.line(`@since(version = ${stability.since})`);
    } else if (stability.tag === 'unstable') {
      this.line(`@unstable(feature = ${escapeIdentifier(stability.feature)})`);
    }
    if (stability.tag !== 'unknown' && stability.deprecated !== undefined) {
      this.line(`@deprecated(version = ${stability.deprecated})`);
    }
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** `ns:name@version` with escaped identifiers. */
export function packagePath(name: PackageName): string {
  const base = `${escapeIdentifier(name.namespace)}:${escapeIdentifier(name.name)}`;
  return name.version === undefined ? base : `${base}@${name.version}`;
}

/** How `from` (a package) refers to interface `id`: its short name in the same package, its full path otherwise. */
export function interfacePath(resolve: Resolve, id: InterfaceId, from: PackageId | null): string {
  const iface = resolve.interfaces[id];
  if (iface === undefined || iface.name === null || iface.package === null) {
    throw new Error(`interface ${id} cannot be referred to by name`);
  }
  if (iface.package === from) {
    return escapeIdentifier(iface.name);
  }
  const pkg = resolve.packages[iface.package];
  if (pkg === undefined) {
    throw new Error(`interface ${id} refers to a missing package`);
  }
  const base = `${escapeIdentifier(pkg.name.namespace)}:${escapeIdentifier(pkg.name.name)}/${escapeIdentifier(iface.name)}`;
  return pkg.name.version === undefined ? base : `${base}@${pkg.name.version}`;
}

/** `async? func(a: t, ..) -> r`, leaving out the first `skip` params (a method's `self`). */
export function funcSignature(resolve: Resolve, func: Func, skip = 0, omitResult = false): string {
  const params = func.params
    .slice(skip)
    .map((p) => `${escapeIdentifier(p.name)}: ${formatType(resolve, p.type)}`)
    .join(', ');
  const result = func.result === null || omitResult ? '' : ` -> ${formatType(resolve, func.result)}`;
  return `${func.async ? 'async ' : ''}func(${params})${result}`;
}
