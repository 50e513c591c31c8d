/**
 * Model types as component-model types inside a {@link TypeScope}: a type
 * defined by the interface (or world) being encoded is defined and exported
 * (imported, in a world) under its name; a type of another interface is
 * aliased from that interface's imported instance; handles, lists and the
 * other anonymous types are defined once per scope, on first use.
 */
import type { TypeBound, TypeScope } from './scope.js';
import { ByteWriter } from './writer.js';
import type { Func, InterfaceId, Primitive, Resolve, Type, TypeDef, TypeId, TypeOwner } from '../model.js';

const PRIMITIVE_CODES: Record<Primitive, number> = {
  bool: 0x7f,
  s8: 0x7e,
  u8: 0x7d,
  s16: 0x7c,
  u16: 0x7b,
  s32: 0x7a,
  u32: 0x79,
  s64: 0x78,
  u64: 0x77,
  f32: 0x76,
  f64: 0x75,
  char: 0x74,
  string: 0x73,
  'error-context': 0x64,
};

/** A scope and whose types it defines; instance scopes sit inside a component scope. */
export interface Frame {
  readonly scope: TypeScope;
  readonly owner: TypeOwner;
  readonly parent: Frame | null;
}

/** Imports interface `id` into the component scope of `frame`; returns its instance index. */
export type InterfaceImporter = (frame: Frame, id: InterfaceId) => number;

export class ValtypeEncoder {
  constructor(
    private readonly resolve: Resolve,
    private readonly importInterface: InterfaceImporter,
  ) {}

  /** Writes a `valtype` (a primitive code or a type index). */
  valtype(frame: Frame, type: Type, out: ByteWriter): void {
    if (type.kind === 'primitive') {
      out.u8(PRIMITIVE_CODES[type.name]);
    } else {
      out.s33(this.valIndex(frame, type));
    }
  }

  /** The type index of typedef `id` in `frame`, defining or aliasing it first if needed. */
  typeIndex(frame: Frame, id: TypeId): number {
    const known = frame.scope.typeIndex.get(id);
    if (known !== undefined) {
      return known;
    }
    const def = this.def(id);
    let index: number;
    if (sameOwner(def.owner, frame.owner) && def.name !== null) {
      index = this.defineNamed(frame, def);
    } else if (def.owner.tag === 'none' || def.name === null) {
      index = this.defineAnonymous(frame, def);
    } else {
      index = this.foreign(frame, def, id);
    }
    frame.scope.typeIndex.set(id, index);
    return index;
  }

  /** Defines the function type of `func`; returns its type index. */
  funcType(frame: Frame, func: Func): number {
    const body = new ByteWriter().u8(func.async ? 0x43 : 0x40);
    body.vec(func.params, (param) => {
      body.name(param.name);
      this.valtype(frame, param.type, body);
    });
    if (func.result === null) {
      body.u8(0x01).u8(0x00);
    } else {
      body.u8(0x00);
      this.valtype(frame, func.result, body);
    }
    return frame.scope.defineType(body);
  }

  private def(id: TypeId): TypeDef {
    const def = this.resolve.types[id];
    if (def === undefined) {
      throw new Error(`type ${id} is not in the model`);
    }
    return def;
  }

  private isResource(id: TypeId): boolean {
    const kind = this.def(id).kind;
    if (kind.tag === 'resource') {
      return true;
    }
    return kind.tag === 'alias' && kind.target.kind === 'named' && this.isResource(kind.target.id);
  }

  private defineNamed(frame: Frame, def: TypeDef): number {
    const name = def.name as string;
    const kind = def.kind;
    let bound: TypeBound;
    if (kind.tag === 'resource') {
      bound = 'resource';
    } else if (kind.tag === 'alias') {
      bound = kind.target.kind === 'named' ? this.typeIndex(frame, kind.target.id) : this.valIndex(frame, kind.target);
    } else {
      bound = frame.scope.defineType(this.structure(frame, def));
    }
    return frame.scope.declareType(name, bound);
  }

  private defineAnonymous(frame: Frame, def: TypeDef): number {
    const kind = def.kind;
    if (kind.tag === 'alias') {
      return kind.target.kind === 'named' ? this.typeIndex(frame, kind.target.id) : this.valIndex(frame, kind.target);
    }
    if (kind.tag === 'resource') {
      throw new Error('an anonymous resource cannot be encoded');
    }
    return frame.scope.defineType(this.structure(frame, def));
  }

  /** A type of another interface: aliased from its instance (through the enclosing component type). */
  private foreign(frame: Frame, def: TypeDef, id: TypeId): number {
    if (frame.scope.kind === 'instance' && frame.parent !== null) {
      return frame.scope.aliasOuter(1, this.typeIndex(frame.parent, id));
    }
    if (def.owner.tag !== 'interface') {
      throw new Error(`type \`${def.name}\` belongs to a world other than the one being encoded`);
    }
    const instance = frame.scope.instances.get(def.owner.id) ?? this.importInterface(frame, def.owner.id);
    return frame.scope.aliasExport(instance, def.name as string);
  }

  /** The `defvaltype` of a record, variant, enum or flags. */
  private structure(frame: Frame, def: TypeDef): ByteWriter {
    const kind = def.kind;
    const out = new ByteWriter();
    switch (kind.tag) {
      case 'record':
        out.u8(0x72).vec(kind.fields, (field) => {
          out.name(field.name);
          this.valtype(frame, field.type, out);
        });
        return out;
      case 'variant':
        out.u8(0x71).vec(kind.cases, (c) => {
          out.name(c.name);
          this.optional(frame, c.type, out);
          out.u8(0x00);
        });
        return out;
      case 'enum':
        out.u8(0x6d).vec(kind.cases, (c) => out.name(c.name));
        return out;
      case 'flags':
        out.u8(0x6e).vec(kind.flags, (f) => out.name(f.name));
        return out;
      default:
        throw new Error(`a ${kind.tag} has no structure`);
    }
  }

  private optional(frame: Frame, type: Type | null, out: ByteWriter): void {
    if (type === null) {
      out.u8(0x00);
    } else {
      out.u8(0x01);
      this.valtype(frame, type, out);
    }
  }

  /** A type index for a use of `type` (an owned handle for a resource name). */
  private valIndex(frame: Frame, type: Type): number {
    if (type.kind === 'named' && !this.isResource(type.id)) {
      return this.typeIndex(frame, type.id);
    }
    const key = JSON.stringify(type);
    const known = frame.scope.shapes.get(key);
    if (known !== undefined) {
      return known;
    }
    const index = frame.scope.defineType(this.shape(frame, type));
    frame.scope.shapes.set(key, index);
    return index;
  }

  private shape(frame: Frame, type: Type): ByteWriter {
    const out = new ByteWriter();
    switch (type.kind) {
      case 'primitive':
        return out.u8(PRIMITIVE_CODES[type.name]);
      case 'named':
        return out.u8(0x69).u32(this.typeIndex(frame, type.id));
      case 'borrow':
        return out.u8(0x68).u32(this.typeIndex(frame, type.resource));
      case 'list':
        out.u8(type.size === undefined ? 0x70 : 0x67);
        this.valtype(frame, type.element, out);
        return type.size === undefined ? out : out.u32(type.size);
      case 'map':
        out.u8(0x63);
        this.valtype(frame, type.key, out);
        this.valtype(frame, type.value, out);
        return out;
      case 'option':
        out.u8(0x6b);
        this.valtype(frame, type.inner, out);
        return out;
      case 'result':
        out.u8(0x6a);
        this.optional(frame, type.ok, out);
        this.optional(frame, type.err, out);
        return out;
      case 'tuple':
        return out.u8(0x6f).vec(type.items, (item) => this.valtype(frame, item, out));
      case 'future':
      case 'stream':
        out.u8(type.kind === 'stream' ? 0x66 : 0x65);
        this.optional(frame, type.inner, out);
        return out;
    }
  }
}

function sameOwner(a: TypeOwner, b: TypeOwner): boolean {
  if (a.tag === 'none' || b.tag === 'none') {
    return false;
  }
  return a.tag === b.tag && a.id === b.id;
}
