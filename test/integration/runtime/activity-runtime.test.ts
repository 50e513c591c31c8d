import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createActivityRuntime,
  type ActivityRuntime,
  type AttemptOptions,
  type RuntimeLogEntry,
} from '../../../src/engine/runtime/activity-runtime.js';
import type { ContentDigest } from '../../../src/engine/runtime/digest.js';
import type { OutputStreamName } from '../../../src/engine/runtime/output-sink.js';
import { buildWatActivity, WAT_ACTIVITIES, type WatActivityName } from '../../fixtures/wat/activities.js';
import { makeTempDir } from '../../helpers/tmp.js';

const POOL_SIZE = 2;
const logs: RuntimeLogEntry[] = [];
let runtime: ActivityRuntime;
const digests = new Map<WatActivityName, ContentDigest>();

beforeAll(async () => {
  runtime = createActivityRuntime({ cacheDir: makeTempDir(), poolSize: POOL_SIZE, log: (entry) => logs.push(entry) });
  for (const name of Object.keys(WAT_ACTIVITIES) as WatActivityName[]) {
    digests.set(name, (await runtime.load(await buildWatActivity(name))).digest);
  }
});
afterAll(() => runtime.close(0));

type Extra = Partial<Omit<AttemptOptions, 'digest' | 'interfaceName' | 'functionName' | 'params'>>;

function attempt(name: WatActivityName, params: readonly unknown[], extra: Extra = {}): AttemptOptions {
  const { interfaceName, functionName } = WAT_ACTIVITIES[name];
  const digest = digests.get(name);
  if (digest === undefined) {
    throw new Error(`fixture ${name} was not loaded`);
  }
  return { digest, interfaceName, functionName, params, env: {}, allowedHosts: [], maxDurationMs: 30_000, ...extra };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts a sleep attempt and resolves once the guest is running (it printed "sleeping"). */
function startSleeping(signal: AbortSignal): {
  running: Promise<void>;
  outcome: ReturnType<ActivityRuntime['runAttempt']>;
} {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const outcome = runtime.runAttempt(attempt('sleep', [600_000n], { signal, onOutput: () => started() }));
  return { running, outcome };
}

describe('outcomes of an attempt', () => {
  test('an ok result resolves with its value, 64-bit integers as bigint', async () => {
    await expect(runtime.runAttempt(attempt('ok', [41n]))).resolves.toEqual({ kind: 'ok', value: 42n });
  });

  test('a returned err is a guest error carrying the err payload', async () => {
    await expect(runtime.runAttempt(attempt('err', ['no such user']))).resolves.toEqual({
      kind: 'err',
      value: 'no such user',
    });
  });

  test('error variant cases arrive as the err payload, permanent or not', async () => {
    await expect(runtime.runAttempt(attempt('permanentErr', ['gone']))).resolves.toEqual({
      kind: 'err',
      value: { tag: 'permanent-failure', val: 'gone' },
    });
    await expect(runtime.runAttempt(attempt('retriableErr', []))).resolves.toEqual({
      kind: 'err',
      value: { tag: 'execution-failed' },
    });
  });

  test('an unreachable instruction is a trap with the wasm message', async () => {
    const outcome = await runtime.runAttempt(attempt('trap', []));
    expect(outcome).toMatchObject({ kind: 'trap', message: expect.stringContaining('unreachable') });
  });

  test('calling a function the component does not export is a trap that names it', async () => {
    const outcome = await runtime.runAttempt({ ...attempt('ok', [1n]), functionName: 'add-two' });
    expect(outcome).toMatchObject({
      kind: 'trap',
      message: expect.stringContaining('testing:activities/ok@1.0.0.add-two'),
    });
  });

  test('a digest that was never loaded is rejected with a stable code', async () => {
    const digest: ContentDigest = `sha256:${'0'.repeat(64)}`;
    await expect(runtime.runAttempt({ ...attempt('ok', [1n]), digest })).rejects.toMatchObject({
      code: 'runtime-component-not-loaded',
    });
  });

  test('a malformed allowed_hosts pattern is rejected before the attempt runs', async () => {
    await expect(
      runtime.runAttempt(attempt('ok', [1n], { allowedHosts: [{ pattern: 'http://bad host' }] })),
    ).rejects.toMatchObject({
      code: 'runtime-invalid-host-pattern',
    });
  });
});

describe('the sandbox of an attempt', () => {
  test('the guest sees exactly the configured env vars and none of the host environment', async () => {
    expect(process.env['PATH']).toBeDefined();
    const outcome = await runtime.runAttempt(attempt('env', [], { env: { GREETING: 'hello', EMPTY: '' } }));
    expect(outcome).toEqual({
      kind: 'ok',
      value: [
        ['GREETING', 'hello'],
        ['EMPTY', ''],
      ],
    });
  });

  test('stdout and stderr are captured per attempt', async () => {
    const outputs = [new Map<OutputStreamName, string>(), new Map<OutputStreamName, string>()];
    const runs = outputs.map((output, index) =>
      runtime.runAttempt(
        attempt('stdio', [`out ${index}\n`, `err ${index}\n`], {
          onOutput: (stream, chunk) => output.set(stream, (output.get(stream) ?? '') + chunk),
        }),
      ),
    );
    expect(await Promise.all(runs)).toEqual([
      { kind: 'ok', value: undefined },
      { kind: 'ok', value: undefined },
    ]);
    expect(outputs.map((output) => Object.fromEntries(output))).toEqual([
      { stdout: 'out 0\n', stderr: 'err 0\n' },
      { stdout: 'out 1\n', stderr: 'err 1\n' },
    ]);
  });

  test('every attempt starts on a fresh memory, also when its worker reuses one (grown or not)', async () => {
    // One page, the data segment's 42 at 2048, zeros at 3000 and at the counter: what a new
    // instance holds. Each attempt then leaves a counter, changed bytes and (with grow) more pages.
    const fresh = (1n << 32n) | (42n << 16n);
    const found: unknown[] = [];
    for (const grow of [0, 0, 2, 0, 1, 0, 0]) {
      found.push(await runtime.runAttempt(attempt('memoryState', [grow])));
    }
    expect(found).toEqual(Array.from({ length: 7 }, () => ({ kind: 'ok', value: fresh })));
    // Attempts in parallel on both workers, again and again.
    const parallel = await Promise.all(
      Array.from({ length: 3 * POOL_SIZE }, (_, i) => runtime.runAttempt(attempt('memoryState', [i % 2]))),
    );
    expect(parallel).toEqual(Array.from({ length: 3 * POOL_SIZE }, () => ({ kind: 'ok', value: fresh })));
  });
});

describe('stopping attempts', () => {
  test('an infinite loop is stopped at max_duration as a timeout, and its worker is replaced', async () => {
    await expect(runtime.runAttempt(attempt('spin', [], { maxDurationMs: 200 }))).resolves.toEqual({ kind: 'timeout' });
    expect(logs.some((entry) => entry.message.includes('exceeded max_duration of 200 ms'))).toBe(true);
    await expect(runtime.runAttempt(attempt('ok', [1n]))).resolves.toEqual({ kind: 'ok', value: 2n });
    expect(runtime.stats().size).toBe(POOL_SIZE);
  });

  test('cancel stops a running attempt that is blocked in a host call', async () => {
    const controller = new AbortController();
    const { running, outcome } = startSleeping(controller.signal);
    await running;
    controller.abort();
    await expect(outcome).resolves.toEqual({ kind: 'cancelled' });
    await expect(runtime.runAttempt(attempt('ok', [2n]))).resolves.toEqual({ kind: 'ok', value: 3n });
  });

  test('an attempt cancelled before it starts never runs', async () => {
    const output: string[] = [];
    const outcome = await runtime.runAttempt(
      attempt('stdio', ['x', 'y'], { signal: AbortSignal.abort(), onOutput: (_s, chunk) => output.push(chunk) }),
    );
    expect(outcome).toEqual({ kind: 'cancelled' });
    expect(output).toEqual([]);
  });

  test('attempts run in parallel up to the pool size, queue beyond it, and can be cancelled while queued', async () => {
    const controllers = [new AbortController(), new AbortController()];
    const sleepers = controllers.map((controller) => startSleeping(controller.signal));
    await Promise.all(sleepers.map((sleeper) => sleeper.running));
    const queuedController = new AbortController();
    const queued = runtime.runAttempt(attempt('ok', [9n], { signal: queuedController.signal }));
    await until(() => runtime.stats().queued === 1);
    expect(runtime.stats()).toMatchObject({ busy: POOL_SIZE, queued: 1 });
    queuedController.abort();
    await expect(queued).resolves.toEqual({ kind: 'cancelled' });
    for (const controller of controllers) {
      controller.abort();
    }
    expect(await Promise.all(sleepers.map((sleeper) => sleeper.outcome))).toEqual([
      { kind: 'cancelled' },
      { kind: 'cancelled' },
    ]);
  });

  test('closing the runtime under a running attempt rejects it with a stable code', async () => {
    const own = createActivityRuntime({ cacheDir: makeTempDir(), poolSize: 1, log: () => undefined });
    const { digest } = await own.load(await buildWatActivity('spin'));
    const running = own.runAttempt({ ...attempt('spin', []), digest });
    await until(() => own.stats().busy === 1);
    await own.close(0);
    await expect(running).rejects.toMatchObject({ code: 'runtime-closed' });
    await expect(own.runAttempt({ ...attempt('spin', []), digest })).rejects.toMatchObject({ code: 'runtime-closed' });
  });
});
