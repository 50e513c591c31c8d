/**
 * The join-set extensions a webhook endpoint imports with `-invoke` and `-schedule` (a component
 * imports whole interfaces) trap when called, naming the function and what to call instead.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ExecutionId, JoinSetId, SimClock } from '../../../src/engine/index.js';
import { ImportKind, type FunctionLink } from '../../../src/engine/runtime/workflow/link-plan.js';
import { JoinSet } from '../../../src/engine/runtime/workflow/host/join-set.js';
import { webhookImports, type HostCaller } from '../../../src/engine/runtime/webhook/host-imports.js';
import { loadWit } from '../../../src/wit/load.js';
import { interfaceFullName } from '../../../src/wit/model.js';
import { REPO_ROOT } from '../../helpers/bin.js';

const resolve = loadWit(join(REPO_ROOT, 'test', 'fixtures', 'js', 'webhook-calls', 'wit'));
const EXT = 'testing:fibo-workflow-obelisk-ext/workflow';
const interfaceId = resolve.interfaces.findIndex((i, id) => i.name !== null && interfaceFullName(resolve, id) === EXT);
const target = { ffqn: 'testing:fibo-workflow/workflow.fiboa', digest: 'sha256:00', kind: 'workflow' } as const;

/** A caller the trapping functions must never reach. */
const caller = {
  call: () => {
    throw new Error('the engine was called');
  },
} as unknown as HostCaller;

function imported(functionName: string, kind: FunctionLink['kind']): (...args: unknown[]) => unknown {
  const links = { resolve, functions: [{ interfaceId, functionName, kind, target } as FunctionLink] };
  const executionId = ExecutionId.generate(new SimClock());
  const fns = webhookImports(links, caller, executionId)['testing:fibo-workflow-obelisk-ext/workflow'];
  const camel = functionName.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  return fns?.[camel] as (...args: unknown[]) => unknown;
}

describe('join-set extensions in a webhook endpoint', () => {
  test('-submit traps, naming the function and pointing to -invoke and -schedule', () => {
    const submit = imported('fiboa-submit', ImportKind.submit);
    expect(() => submit(new JoinSet(JoinSetId.oneOff(1)), 10, 1)).toThrow(
      'fiboa-submit: a webhook endpoint cannot use -submit, since only workflows have join sets; call fiboa-invoke (or fiboa) to run testing:fibo-workflow/workflow.fiboa and wait for its result, or fiboa-schedule to start it without waiting',
    );
  });

  test('-await-next traps the same way', () => {
    const awaitNext = imported('fiboa-await-next', ImportKind.awaitNext);
    expect(() => awaitNext(new JoinSet(JoinSetId.oneOff(1)))).toThrow(
      /^fiboa-await-next: a webhook endpoint cannot use -await-next, since only workflows have join sets; call fiboa-invoke/,
    );
  });
});
