/**
 * Runs the BUILT CLI (`bin/obelisk.js` -> `dist/`), as a user would.
 * `npm test` builds before running vitest, so `dist/` is current.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this file that holds a `package.json`
 * (so it is also right when the benchmarks run this file compiled under `.cache/bench-dist/`).
 */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const BIN = join(REPO_ROOT, 'bin', 'obelisk.js');

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`no package.json in ${start} or above`);
    }
  }
}

function childEnv(extra: RunOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['OBELISK_JSON'];
  delete env['OBELISK_VERBOSE'];
  delete env['OBELISK_API_URL'];
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) {
      delete env[key];
    } else {
      env[key] = value;
    }
  }
  return env;
}

function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
  }
}

/** Spawns `node bin/obelisk.js ...args` with stdin closed (no TTY) and waits for it to exit. */
export async function runObelisk(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawnObelisk(args, options);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface SpawnedObelisk {
  readonly process: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<RunResult>;
  /** Resolves when `predicate` holds for the output so far; rejects on exit or after `timeoutMs`. */
  waitFor(predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs?: number): Promise<void>;
}

/** Starts the CLI in the background (e.g. `dev`, `server run`). */
export function spawnObelisk(args: readonly string[], options: RunOptions = {}): SpawnedObelisk {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.input !== undefined) {
    child.stdin.write(options.input);
  }
  child.stdin.end();
  const exited = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const waitFor: SpawnedObelisk['waitFor'] = async (predicate, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    let done = false;
    void exited.then(() => (done = true));
    for (;;) {
      if (predicate({ stdout, stderr })) {
        return;
      }
      if (done) {
        throw new Error(`process exited before the expected output appeared\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for output\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited, waitFor };
}
