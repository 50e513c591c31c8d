/**
 * One component type or instance type under construction: its declarations
 * in order and its type and instance index spaces, so every declaration
 * knows the index it introduces.
 */
import { ByteWriter, SortByte } from './writer.js';
import type { InterfaceId, TypeId } from '../model.js';

/** What a type export or import is bound to: `(eq <index>)` or `(sub resource)`. */
export type TypeBound = number | 'resource';

const Decl = { coreType: 0x00, type: 0x01, alias: 0x02, import: 0x03, export: 0x04 } as const;

export class TypeScope {
  private readonly decls: ByteWriter[] = [];
  private typeCount = 0;
  private instanceCount = 0;
  /** Type index of each model typedef already available here. */
  readonly typeIndex = new Map<TypeId, number>();
  /** Type index of each anonymous type (handles, lists, ...) already defined here, by its shape. */
  readonly shapes = new Map<string, number>();
  /** Instance index of each interface imported here (component types only). */
  readonly instances = new Map<InterfaceId, number>();

  constructor(
    readonly kind: 'component' | 'instance',
    readonly parent: TypeScope | null,
  ) {}

  /** `(type ..)`: a new type index for `body` (a `deftype`). */
  defineType(body: ByteWriter): number {
    this.decls.push(new ByteWriter().u8(Decl.type).append(body));
    return this.typeCount++;
  }

  /** `(alias outer <count> <index> (type))`. */
  aliasOuter(count: number, index: number): number {
    this.decls.push(new ByteWriter().u8(Decl.alias).u8(SortByte.type).u8(0x02).u32(count).u32(index));
    return this.typeCount++;
  }

  /** `(alias export <instance> "<name>" (type))`. */
  aliasExport(instance: number, name: string): number {
    this.decls.push(new ByteWriter().u8(Decl.alias).u8(SortByte.type).u8(0x00).u32(instance).name(name));
    return this.typeCount++;
  }

  /** A named type: exported from an instance type, imported into a component type. */
  declareType(name: string, bound: TypeBound): number {
    const desc = new ByteWriter().u8(SortByte.type);
    if (bound === 'resource') {
      desc.u8(0x01);
    } else {
      desc.u8(0x00).u32(bound);
    }
    this.extern(this.kind === 'instance' ? Decl.export : Decl.import, name, desc);
    return this.typeCount++;
  }

  importFunc(name: string, type: number): void {
    this.extern(Decl.import, name, new ByteWriter().u8(SortByte.func).u32(type));
  }

  exportFunc(name: string, type: number): void {
    this.extern(Decl.export, name, new ByteWriter().u8(SortByte.func).u32(type));
  }

  /** Imports an instance; `implemented` names the interface a plain-named import stands for. */
  importInstance(name: string, type: number, implemented?: string): number {
    this.extern(Decl.import, name, new ByteWriter().u8(SortByte.instance).u32(type), implemented);
    return this.instanceCount++;
  }

  /** Exports an instance; in a component type the export is an instance later declarations can alias from. */
  exportInstance(name: string, type: number, implemented?: string): number {
    this.extern(Decl.export, name, new ByteWriter().u8(SortByte.instance).u32(type), implemented);
    return this.kind === 'component' ? this.instanceCount++ : -1;
  }

  exportComponent(name: string, type: number): void {
    this.extern(Decl.export, name, new ByteWriter().u8(SortByte.component).u32(type));
  }

  /** The `componenttype` (0x41) or `instancetype` (0x42) of everything declared. */
  encode(): ByteWriter {
    const out = new ByteWriter().u8(this.kind === 'component' ? 0x41 : 0x42);
    return out.vec(this.decls, (decl) => out.append(decl));
  }

  private extern(decl: number, name: string, desc: ByteWriter, implemented?: string): void {
    const out = new ByteWriter().u8(decl);
    if (implemented === undefined) {
      out.u8(0x00).name(name);
    } else {
      // A plain name with the `implements` option: the import or export is that interface.
      out.u8(0x02).name(name).u32(1).u8(0x00).name(implemented);
    }
    this.decls.push(out.append(desc));
  }
}
