/** The extension functions generated for one exported function, per extension kind, with their docs. */
import type { HostTypeName } from './extension-host.js';
import type { ExtensionKind } from './extension-names.js';
import type { Func, Param, Type, TypeId } from './model.js';

/** What the builders need: the host types and the function's params and result, remapped into the extension interface. */
export interface FuncInput {
  /** The original function's name. */
  readonly name: string;
  /** `ns:pkg/ifc@v`, for docs. */
  readonly interfaceName: string;
  readonly params: readonly Param[];
  readonly result: Type | null;
  readonly host: (name: HostTypeName) => TypeId;
}

const named = (id: TypeId): Type => ({ kind: 'named', id });

function func(name: string, params: Param[], result: Type | null, docs: string): Func {
  return {
    name,
    kind: { tag: 'freestanding' },
    params,
    result,
    async: false,
    docs: { contents: docs },
    stability: { tag: 'unknown' },
  };
}

/** A param name that does not clash with the function's own params (`join-set`, else `obelisk-join-set`, ...). */
function freeName(wanted: string, params: readonly Param[]): string {
  let name = wanted;
  while (params.some((p) => p.name === name)) {
    name = `obelisk-${name}`;
  }
  return name;
}

/** The functions of one extension kind for one original function. */
export function extensionFuncs(kind: ExtensionKind, input: FuncInput): Func[] {
  switch (kind) {
    case 'ext':
      return extFuncs(input);
    case 'schedule':
      return [scheduleFunc(input)];
    case 'stub':
      return [stubFunc(input)];
  }
}

function extFuncs(input: FuncInput): Func[] {
  const { name, params, result, host } = input;
  const id = named(host('execution-id'));
  const joinSet: Param = { name: freeName('join-set', params), type: { kind: 'borrow', resource: host('join-set') } };
  const awaited: Type = result === null ? id : { kind: 'tuple', items: [id, result] };
  const target = `\`${name}\` of \`${input.interfaceName}\``;
  return [
    func(
      `${name}-submit`,
      [joinSet, ...params],
      id,
      `Starts ${target} as a child execution in \`${joinSet.name}\` and returns its ID without waiting.\nAwait it with \`${name}-await-next\`.`,
    ),
    func(
      `${name}-await-next`,
      [{ name: 'join-set', type: joinSet.type }],
      { kind: 'result', ok: awaited, err: named(host('await-next-error')) },
      `Waits until the next child execution of \`${name}\` submitted to \`join-set\` finishes, and returns its ID${result === null ? '' : ' with its return value'}.\nFails when every such child was already awaited, when the next response of the join set is not one of \`${name}\`, or when the child failed at the platform level.`,
    ),
    func(
      `${name}-get`,
      [{ name: 'execution-id', type: id }],
      { kind: 'result', ok: result, err: named(host('get-error')) },
      `Returns ${result === null ? 'the outcome' : 'the return value'} of child execution \`execution-id\` of \`${name}\`, which must already have been awaited\n(with \`${name}-await-next\` or the workflow host's \`join-next\`).`,
    ),
    func(
      `${name}-invoke`,
      [...params],
      awaited,
      `Calls ${target} as a child execution and waits for it, returning the child's ID${result === null ? '' : ' with its return value'}.\nIf the child fails at the platform level (timeout, cancellation), the calling execution fails too:\nuse \`${name}-submit\` and \`${name}-await-next\` to handle such failures.`,
    ),
  ];
}

function scheduleFunc(input: FuncInput): Func {
  const { name, params, host } = input;
  const at: Param = { name: freeName('schedule-at', params), type: named(host('schedule-at')) };
  return func(
    `${name}-schedule`,
    [at, ...params],
    named(host('execution-id')),
    `Schedules \`${name}\` of \`${input.interfaceName}\` as a new top-level execution, due at \`${at.name}\`, and returns its ID without waiting.`,
  );
}

function stubFunc(input: FuncInput): Func {
  const { name, result, host } = input;
  const params: Param[] = [{ name: 'execution-id', type: named(host('execution-id')) }];
  if (result !== null) {
    params.push({ name: 'execution-result', type: result });
  }
  return func(
    `${name}-stub`,
    params,
    { kind: 'result', ok: null, err: named(host('stub-error')) },
    `Writes the ${result === null ? 'completion' : 'return value'} of execution \`execution-id\` of the stub activity \`${name}\`, whose result comes from\noutside instead of from running code. Writing the same value again succeeds; a different one is a \`conflict\`.`,
  );
}
