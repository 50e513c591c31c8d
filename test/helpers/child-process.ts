/**
 * Runs a child script (plain ESM `.js`) under Node, for tests with several processes
 * and crashes. The scripts import the BUILT code from `dist/` (Node 20 cannot run
 * TypeScript), so `npm test` builds first; a missing build fails with a clear message.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './bin.js';

const BUILT_STORE = join(REPO_ROOT, 'dist', 'engine', 'storage', 'libsql', 'index.js');

/** The `file:` URL of `dist/`, after checking that the store was built. */
export function distUrl(): string {
  if (!existsSync(BUILT_STORE)) {
    throw new Error(`${BUILT_STORE} is missing: run \`npm run build\` before the multi-process tests`);
  }
  return pathToFileURL(join(REPO_ROOT, 'dist')).href;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export interface ChildScript {
  /** Complete stdout lines so far. */
  lines(): readonly string[];
  /** Resolves with the first line matching `predicate`; rejects if the child exits first or after `timeoutMs` (a safety net). */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  send(text: string): void;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<ChildExit>;
}

/** Starts `node <script> ...args` (`script`: an absolute path). */
export function spawnScript(script: string, args: readonly string[]): ChildScript {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let done = false;
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    listeners.forEach((listener) => listener());
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ChildExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      done = true;
      listeners.forEach((listener) => listener());
      resolve({ code, signal, stderr });
    });
  });
  const waitForLine = (predicate: (line: string) => boolean, timeoutMs = 60_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find(predicate);
        if (found !== undefined || done) {
          listeners.delete(check);
          clearTimeout(timer);
          if (found !== undefined) {
            resolve(found);
          } else {
            reject(
              new Error(`${script} exited before the expected line\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`),
            );
          }
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${script}: no expected line after ${timeoutMs} ms\nstderr:\n${stderr}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return {
    lines: () => lines,
    waitForLine,
    send: (text) => child.stdin.write(text),
    kill: (signal) => child.kill(signal),
    exited,
  };
}
