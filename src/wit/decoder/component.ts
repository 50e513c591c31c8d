/**
 * Walking the sections of a component (and of the components nested in it)
 * to find the types of its imports and exports. Core modules, core instances,
 * core types and custom sections are skipped by their size without being
 * parsed; that keeps a 12 MB ComponentizeJS component fast to decode.
 */
import { readCanon } from './canon.js';
import {
  type ExternDesc,
  type Sort,
  declare,
  pushEntity,
  readAlias,
  readExternDesc,
  readExternName,
  readSort,
  readTypeDef,
} from './decls.js';
import { DecodeErrorCode, fail } from './errors.js';
import { importInstance, instantiate } from './instantiate.js';
import type { Reader } from './reader.js';
import { type DecodeContext, Scope } from './scope.js';
import { type CompT, type Entity, type InstT, entitiesDepth, isNode, measure } from './types.js';

/** An import or export of a component, in binary order. */
export interface ComponentItem {
  readonly name: string;
  readonly entity: Entity;
  /** Byte offset of the import or export, for messages. */
  readonly offset: number;
}

export interface ComponentBody {
  readonly imports: ComponentItem[];
  readonly exports: ComponentItem[];
  /** Custom sections by name (only the `package-docs` section is kept). */
  readonly customs: Map<string, Uint8Array>;
}

/** Custom sections whose contents the decoder keeps. */
const KEPT_CUSTOM_SECTIONS: ReadonlySet<string> = new Set(['package-docs']);

const SectionId = {
  custom: 0,
  coreModule: 1,
  coreInstance: 2,
  coreType: 3,
  component: 4,
  instance: 5,
  alias: 6,
  type: 7,
  canon: 8,
  start: 9,
  import: 10,
  export: 11,
  value: 12,
} as const;

/** Checks the 8-byte preamble of a component (or tells a core module apart). */
export function readPreamble(r: Reader): void {
  const offset = r.pos;
  if (
    r.remaining < 4 ||
    r.bytes[offset] !== 0x00 ||
    r.bytes[offset + 1] !== 0x61 ||
    r.bytes[offset + 2] !== 0x73 ||
    r.bytes[offset + 3] !== 0x6d
  ) {
    fail(DecodeErrorCode.notWasm, offset, 'not a WebAssembly binary: it does not start with "\\0asm"');
  }
  r.pos += 4;
  r.need(4, 'the version and layer of the preamble');
  const version = (r.bytes[r.pos] as number) | ((r.bytes[r.pos + 1] as number) << 8);
  const layer = (r.bytes[r.pos + 2] as number) | ((r.bytes[r.pos + 3] as number) << 8);
  if (layer === 0) {
    fail(DecodeErrorCode.coreModule, offset, 'this is a core WebAssembly module, not a component');
  }
  if (layer !== 1 || version !== 0x0d) {
    fail(
      DecodeErrorCode.unsupportedVersion,
      r.pos,
      `unsupported component binary (version 0x${version.toString(16)}, layer ${layer}); expected version 0xd, layer 1`,
    );
  }
  r.pos += 4;
}

function readSortIdx(r: Reader, scope: Scope): Entity {
  const offset = r.pos;
  const sort: Sort = readSort(r);
  const at = r.pos;
  const index = r.u32('index');
  switch (sort) {
    case 'func':
      return { sort: 'func', type: scope.func(index, at) };
    case 'type':
      return { sort: 'type', type: scope.type(index, at) };
    case 'instance':
      return { sort: 'instance', type: scope.instance(index, at) };
    case 'component':
      return { sort: 'component', type: scope.component(index, at) };
    case 'core-module':
      return { sort: 'module' };
    case 'value':
      return { sort: 'value' };
    default:
      return fail(
        DecodeErrorCode.unsupported,
        offset,
        'core items other than modules cannot be passed to or exported from components',
      );
  }
}

/** What an export (or inline instance export) of `entity` under `name` introduces. */
function exported(name: string, entity: Entity, desc: ExternDesc | null, offset: number): Entity {
  if (desc !== null && desc.sort !== entity.sort) {
    fail(
      DecodeErrorCode.invalidIndex,
      offset,
      `export "${name}" is a ${entity.sort} but is ascribed a ${desc.sort} type`,
    );
  }
  if (entity.sort === 'type') {
    const target = desc?.sort === 'type' && desc.bound !== 'sub-resource' ? desc.bound.eq : entity.type;
    if (!isNode(target)) {
      return { sort: 'type', type: target };
    }
    return { sort: 'type', type: { k: 'named', name, target, ...measure([target], offset) } };
  }
  return desc === null || desc.sort === 'type' || desc.sort === 'module' || desc.sort === 'value' ? entity : desc;
}

function readInstance(r: Reader, scope: Scope): InstT {
  const offset = r.pos;
  const kind = r.u8('instance expression');
  if (kind === 0x00) {
    const at = r.pos;
    const component = scope.component(r.u32('component index'), at);
    const args = new Map<string, Entity>();
    const n = r.count('instantiation arguments', 3);
    for (let i = 0; i < n; i++) {
      const name = r.name('instantiation argument name');
      args.set(name, readSortIdx(r, scope));
    }
    return instantiate(component, args, offset);
  }
  if (kind !== 0x01) {
    fail(DecodeErrorCode.malformed, offset, `invalid instance expression 0x${kind.toString(16)}`);
  }
  const exports = new Map<string, Entity>();
  const n = r.count('instance exports', 4);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const name = readExternName(r, 'export name');
    exports.set(name, exported(name, readSortIdx(r, scope), null, at));
  }
  return { k: 'instance', exports, depth: entitiesDepth([exports], offset) };
}

function readOptionalDesc(r: Reader, scope: Scope): ExternDesc | null {
  const offset = r.pos;
  const flag = r.u8('export type ascription');
  if (flag === 0x00) {
    return null;
  }
  if (flag !== 0x01) {
    fail(DecodeErrorCode.malformed, offset, `invalid export type ascription flag 0x${flag.toString(16)}`);
  }
  return readExternDesc(r, scope);
}

class BodyReader {
  readonly scope: Scope;
  readonly body: ComponentBody = { imports: [], exports: [], customs: new Map() };

  constructor(
    parent: Scope | null,
    private readonly ctx: DecodeContext,
    offset: number,
  ) {
    this.scope = new Scope(parent, offset);
  }

  section(id: number, r: Reader, offset: number): void {
    switch (id) {
      case SectionId.custom: {
        const name = r.name('custom section name');
        if (KEPT_CUSTOM_SECTIONS.has(name)) {
          this.body.customs.set(name, r.bytes.subarray(r.pos, r.end));
        }
        r.pos = r.end;
        return;
      }
      case SectionId.coreModule:
      case SectionId.coreInstance:
      case SectionId.coreType:
      case SectionId.start:
      case SectionId.value:
        r.pos = r.end;
        return;
      case SectionId.component:
        this.scope.components.push(readNestedComponent(r, this.scope, this.ctx));
        return;
      default:
        this.vectorSection(id, r, offset);
    }
  }

  private vectorSection(id: number, r: Reader, offset: number): void {
    if (id < SectionId.instance || id > SectionId.export || id === SectionId.start) {
      fail(DecodeErrorCode.malformed, offset, `unknown section id ${id}`);
    }
    const n = r.count('section items');
    for (let i = 0; i < n; i++) {
      this.item(id, r);
    }
  }

  private item(id: number, r: Reader): void {
    const offset = r.pos;
    const scope = this.scope;
    if (id === SectionId.instance) {
      scope.instances.push(readInstance(r, scope));
    } else if (id === SectionId.alias) {
      readAlias(r, scope);
    } else if (id === SectionId.type) {
      scope.types.push(readTypeDef(r, scope, this.ctx));
    } else if (id === SectionId.canon) {
      const func = readCanon(r, scope);
      if (func !== null) {
        scope.funcs.push(func);
      }
    } else if (id === SectionId.import) {
      const name = readExternName(r, 'import name');
      const declared = declare(name, readExternDesc(r, scope), this.ctx, offset);
      const entity: Entity =
        declared.sort === 'instance'
          ? { sort: 'instance', type: importInstance(declared.type, this.ctx, offset) }
          : declared;
      pushEntity(scope, entity);
      this.body.imports.push({ name, entity, offset });
    } else {
      const name = readExternName(r, 'export name');
      const source = readSortIdx(r, scope);
      const entity = exported(name, source, readOptionalDesc(r, scope), offset);
      pushEntity(scope, entity);
      this.body.exports.push({ name, entity, offset });
    }
  }
}

/** Reads the sections of a component whose preamble was already read. */
export function readComponentBody(r: Reader, parent: Scope | null, ctx: DecodeContext): ComponentBody {
  const reader = new BodyReader(parent, ctx, r.pos);
  while (!r.eof()) {
    const offset = r.pos;
    const id = r.u8('section id');
    const size = r.u32('section size');
    const section = r.sub(size, `section ${id}`);
    reader.section(id, section, offset);
    section.expectEnd(`section ${id}`);
  }
  return reader.body;
}

function readNestedComponent(r: Reader, parent: Scope, ctx: DecodeContext): CompT {
  const offset = r.pos;
  readPreamble(r);
  const body = readComponentBody(r, parent, ctx);
  const imports = new Map(body.imports.map((item) => [item.name, item.entity]));
  const exports = new Map(body.exports.map((item) => [item.name, item.entity]));
  return { k: 'component', imports, exports, depth: entitiesDepth([imports, exports], offset) };
}
