/**
 * Building the resolved model of a binary WIT package: a component whose
 * exports are all component types, one per interface (a component type that
 * exports the interface as an instance, importing what it uses) and one per
 * world (a component type exporting the world as a component type). The
 * interfaces and worlds keep the order of the exports; docs and feature gates
 * come from the `package-docs` custom section.
 */
import type { ComponentBody, ComponentItem } from './component.js';
import { DecodeErrorCode, fail } from './errors.js';
import { type InterfaceName, parseExternName } from './names.js';
import { assemble } from './assemble.js';
import { ModelBuilder } from './to-model.js';
import type { CompT, Entity } from './types.js';
import type { Resolve } from '../model.js';
import { applyPackageDocs, decodePackageDocs, PACKAGE_DOCS_SECTION } from '../package-docs.js';

/** Whether a decoded component body is a binary WIT package (only component types exported, nothing imported). */
export function isWitPackageBody(body: ComponentBody): boolean {
  return (
    body.imports.length === 0 &&
    body.exports.length > 0 &&
    body.exports.every((item) => item.entity.sort === 'type' && item.entity.type.k === 'component')
  );
}

interface Definition {
  readonly item: ComponentItem;
  readonly type: CompT;
  readonly name: InterfaceName;
  readonly entity: Entity;
}

/** The one export of an interface's or world's component type, named `ns:pkg/name@version`. */
function definition(item: ComponentItem): Definition {
  const type = (item.entity as { type: CompT }).type;
  const [only, ...rest] = [...type.exports];
  if (only === undefined || rest.length > 0) {
    fail(
      DecodeErrorCode.malformed,
      item.offset,
      `export "${item.name}" of a WIT package must export exactly one interface or world, not ${type.exports.size}`,
    );
  }
  const [fullName, entity] = only;
  const name = parseExternName(fullName, item.offset);
  if (name.kind !== 'interface' || name.name.interface !== item.name) {
    fail(DecodeErrorCode.malformed, item.offset, `export "${item.name}" of a WIT package defines "${fullName}"`);
  }
  if (entity.sort !== 'instance' && entity.sort !== 'component') {
    fail(DecodeErrorCode.malformed, item.offset, `"${fullName}" is a ${entity.sort}, not an interface or a world`);
  }
  return { item, type, name: name.name, entity };
}

function packageKey(name: InterfaceName): string {
  return `${name.package.namespace}:${name.package.name}@${name.package.version ?? ''}`;
}

/** The resolved model of a binary WIT package; its own package is the last one. */
export function toPackageResolve(body: ComponentBody): Resolve {
  const definitions = body.exports.map(definition);
  const rootKey = packageKey((definitions[0] as Definition).name);
  for (const def of definitions) {
    if (packageKey(def.name) !== rootKey) {
      fail(DecodeErrorCode.malformed, def.item.offset, `"${def.name.full}" is not in the package of the other exports`);
    }
  }
  const builder = new ModelBuilder();
  builder.packageDraft(rootKey, (definitions[0] as Definition).name.package);
  // Register the package's own interfaces first, so they keep the order of the exports.
  for (const def of definitions) {
    if (def.entity.sort === 'instance') {
      builder.namedInterface(def.name);
    }
  }
  const deferred: (() => void)[] = [];
  for (const def of definitions) {
    if (def.entity.sort === 'instance') {
      const instance = def.entity.type;
      for (const [name, entity] of def.type.imports) {
        deferred.push(declareImported(builder, name, entity, rootKey, def.item.offset));
      }
      const id = builder.namedInterface(def.name);
      builder.declareTypes(id, instance);
      deferred.push(() => builder.addFunctions(id, instance, def.item.offset));
    } else if (def.entity.sort === 'component') {
      const world = builder.newWorld(def.name.interface, rootKey);
      const component = def.entity.type;
      for (const [name, entity] of component.imports) {
        deferred.push(builder.declare({ name, entity, offset: def.item.offset }, world, 'imports'));
      }
      for (const [name, entity] of component.exports) {
        deferred.push(builder.declare({ name, entity, offset: def.item.offset }, world, 'exports'));
      }
    }
  }
  builder.types.fillDeclared();
  deferred.forEach((step) => step());
  const resolve = assemble({
    typeDefs: builder.types.typeDefs,
    packages: builder.packages,
    interfaces: builder.interfaces,
    worlds: builder.worlds,
    rootKey,
  });
  const docs = body.customs.get(PACKAGE_DOCS_SECTION);
  const json = docs === undefined ? undefined : decodePackageDocs(docs);
  if (json !== undefined) {
    try {
      applyPackageDocs(resolve, resolve.packages.length - 1, json);
    } catch {
      // Docs and gates are optional: a section of an unexpected shape is ignored.
    }
  }
  return resolve;
}

/** An interface an interface of the package uses: its types (and, for another package's, its functions). */
function declareImported(
  builder: ModelBuilder,
  name: string,
  entity: Entity,
  rootKey: string,
  offset: number,
): () => void {
  const parsed = parseExternName(name, offset);
  if (parsed.kind !== 'interface' || entity.sort !== 'instance') {
    return fail(DecodeErrorCode.malformed, offset, `import "${name}" of a WIT package interface is not an interface`);
  }
  const id = builder.namedInterface(parsed.name);
  builder.declareTypes(id, entity.type);
  return packageKey(parsed.name) === rootKey ? () => undefined : () => builder.addFunctions(id, entity.type, offset);
}
