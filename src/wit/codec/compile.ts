/**
 * Compiling a WIT type of a resolved model into a {@link TypeCodec}, once:
 * codecs of named types are cached per model, so validating many values of
 * the same function signature does no repeated work.
 */
import { type TypeCodec, unsupportedCodec } from './codec.js';
import { listCodec, mapCodec, optionCodec, resultCodec, tupleCodec } from './containers.js';
import { enumCodec, flagsCodec, recordCodec, variantCodec } from './nominal.js';
import { primitiveCodec } from './primitives.js';
import type { Resolve, Type, TypeId } from '../model.js';

const HANDLES = 'resource handles exist only inside a running component';
const ASYNC = 'streams and futures exist only inside a running component';

class Compiler {
  private readonly named = new Map<TypeId, TypeCodec>();
  private readonly inProgress = new Set<TypeId>();
  /** Codecs of anonymous structural types, by the `Type` object they were compiled from. */
  private readonly structural = new WeakMap<Type, TypeCodec>();

  constructor(private readonly resolve: Resolve) {}

  type(type: Type): TypeCodec {
    if (type.kind === 'primitive') {
      return primitiveCodec(type.name);
    }
    if (type.kind === 'named') {
      return this.namedType(type.id);
    }
    let codec = this.structural.get(type);
    if (codec === undefined) {
      codec = this.compound(type);
      this.structural.set(type, codec);
    }
    return codec;
  }

  private compound(type: Type): TypeCodec {
    switch (type.kind) {
      case 'primitive':
        return primitiveCodec(type.name);
      case 'named':
        return this.namedType(type.id);
      case 'list':
        return listCodec(this.type(type.element), type.size);
      case 'option':
        return optionCodec(this.type(type.inner));
      case 'result':
        return resultCodec(this.optional(type.ok), this.optional(type.err));
      case 'tuple':
        return tupleCodec(type.items.map((item) => this.type(item)));
      case 'map':
        return mapCodec(this.type(type.key), this.type(type.value));
      case 'borrow':
        return unsupportedCodec(`borrow<${this.nameOf(type.resource)}>`, HANDLES);
      case 'future':
      case 'stream':
        return unsupportedCodec(type.inner === null ? type.kind : `${type.kind}<${this.type(type.inner).wit}>`, ASYNC);
    }
  }

  private optional(type: Type | null): TypeCodec | null {
    return type === null ? null : this.type(type);
  }

  private nameOf(id: TypeId): string {
    return this.resolve.types[id]?.name ?? `type ${id}`;
  }

  private namedType(id: TypeId): TypeCodec {
    const cached = this.named.get(id);
    if (cached !== undefined) {
      return cached;
    }
    if (this.inProgress.has(id)) {
      throw new Error(`type ${this.nameOf(id)} contains itself`);
    }
    this.inProgress.add(id);
    try {
      const codec = this.build(id);
      this.named.set(id, codec);
      return codec;
    } finally {
      this.inProgress.delete(id);
    }
  }

  private build(id: TypeId): TypeCodec {
    const def = this.resolve.types[id];
    if (def === undefined) {
      throw new Error(`type id ${id} is not in the model`);
    }
    const wit = def.name ?? `<anonymous ${def.kind.tag}>`;
    const kind = def.kind;
    switch (kind.tag) {
      case 'record':
        return recordCodec(
          wit,
          kind.fields.map((f) => ({ name: f.name, codec: this.type(f.type) })),
        );
      case 'variant':
        return variantCodec(
          wit,
          kind.cases.map((c) => ({ name: c.name, codec: this.optional(c.type) })),
        );
      case 'enum':
        return enumCodec(
          wit,
          kind.cases.map((c) => c.name),
        );
      case 'flags':
        return flagsCodec(
          wit,
          kind.flags.map((f) => f.name),
        );
      case 'resource':
        return unsupportedCodec(wit, HANDLES);
      case 'alias':
        return this.type(kind.target);
    }
  }
}

const COMPILERS = new WeakMap<Resolve, Compiler>();

/** The codec of `type` (a type of `resolve`), compiled once per model. */
export function compileType(resolve: Resolve, type: Type): TypeCodec {
  let compiler = COMPILERS.get(resolve);
  if (compiler === undefined) {
    compiler = new Compiler(resolve);
    COMPILERS.set(resolve, compiler);
  }
  return compiler.type(type);
}
