/**
 * `obelisk/wit`: the WIT toolchain as a library. Load WIT text (files,
 * folders with `deps/`, source strings), decode component binaries and
 * binary WIT packages, print canonical WIT, encode binary WIT packages,
 * describe packages as JSON, compare models, and convert values between
 * JSON, JavaScript and the WIT value model. Everything works on one plain-data
 * model ({@link Resolve}); nothing here runs WebAssembly.
 *
 * Errors: {@link WitError} (invalid WIT; positioned), {@link ComponentDecodeError}
 * (bytes that are not a component or package; with a byte offset) and
 * {@link ValueError} (a value that does not fit its type; with a path), each
 * with a stable `code`.
 */
export { loadWit, loadWitOrComponent, loadWitPackages, parseWitText, type LoadOptions } from './load.js';
export { decodeComponent, isWasmBinary, isWitPackage, ComponentDecodeError, DecodeErrorCode } from './decoder/index.js';
export { encodeWitPackage } from './encoder/index.js';
export { printResolve, printPackage, type PrintOptions } from './print.js';
export {
  inspectResolve,
  type InspectJson,
  type InspectPackage,
  type InspectInterface,
  type InspectType,
  type InspectNamedType,
  type InspectFunction,
  type InspectWorld,
} from './inspect.js';
export { modelDiff, type DiffOptions } from './equal.js';
export { formatType } from './format-type.js';
export { WitError, WitErrorCode } from './errors.js';
export {
  jsonToValue,
  valueToJson,
  valueToJs,
  jsToValue,
  compileType,
  compileFunctionCodec,
  ValueError,
  ValueErrorCode,
  type TypeCodec,
  type FunctionCodec,
  type JsCallOutcome,
  type JsonValue,
  type WitValue,
  type WitRecordValue,
  type WitVariantValue,
  type WitOptionSome,
  type WitResultValue,
} from './codec/index.js';
export {
  formatPackageName,
  interfaceFullName,
  PRIMITIVES,
  type Case,
  type Docs,
  type EnumCase,
  type Field,
  type Flag,
  type Func,
  type FuncKind,
  type Interface,
  type InterfaceId,
  type Package,
  type PackageId,
  type PackageName,
  type Param,
  type Primitive,
  type Resolve,
  type Span,
  type Stability,
  type Type,
  type TypeDef,
  type TypeDefKind,
  type TypeId,
  type TypeOwner,
  type World,
  type WorldId,
  type WorldInclude,
  type WorldItem,
} from './model.js';
