/** Grouping parsed files into packages: the files of a directory form one package, nested blocks their own. */
import type { FileAst, PackageDeclAst, PackageItemAst } from './ast.js';
import { WitErrorCode, witError } from './errors.js';
import { formatPackageName } from './model.js';
import type { PackageUnit } from './resolve-package.js';
import type { SourceFile } from './source.js';

/**
 * The packages defined by `files`, which together form one package (a
 * directory, or a single file): their top-level items, plus every nested
 * `package a:b { .. }` block.
 */
export function unitsFromFiles(files: readonly FileAst[]): PackageUnit[] {
  const units: PackageUnit[] = [];
  let header: { decl: PackageDeclAst; source: SourceFile } | undefined;
  const groups: { source: SourceFile; items: readonly PackageItemAst[] }[] = [];
  for (const file of files) {
    if (file.package !== undefined) {
      if (header === undefined) {
        header = { decl: file.package, source: file.source };
      } else if (formatPackageName(header.decl.name) !== formatPackageName(file.package.name)) {
        const first = header.source.span(header.decl.name.start);
        throw witError(
          WitErrorCode.packageMismatch,
          file.source,
          file.package.name.start,
          file.package.name.end - file.package.name.start,
          `package \`${formatPackageName(file.package.name)}\` does not match \`${formatPackageName(header.decl.name)}\` declared at ${first.file}:${first.line}:${first.column}; expected every file of a package to declare the same name`,
        );
      }
    }
    groups.push({ source: file.source, items: file.items });
    for (const nested of file.nested) {
      units.push({
        name: nested.decl.name,
        nameSource: file.source,
        docs: nested.decl.docs,
        groups: [{ source: file.source, items: nested.items }],
      });
    }
  }
  const withItems = groups.filter((g) => g.items.length > 0);
  if (header === undefined) {
    const first = withItems[0];
    const item = first?.items[0];
    if (first !== undefined && item !== undefined) {
      const start = item.kind === 'top-use' ? item.start : item.name.start;
      throw witError(
        WitErrorCode.missingPackage,
        first.source,
        start,
        1,
        "these items belong to no package; expected a `package namespace:name;` declaration at the top of one of the package's files",
      );
    }
    return units;
  }
  units.push({ name: header.decl.name, nameSource: header.source, docs: header.decl.docs, groups: withItems });
  return units;
}
