/**
 * An `obelisk server run` process for the scenarios that go through the HTTP API: the built
 * CLI, a generated `obelisk.toml` in a temp folder, a free port, stopped by its PID.
 * `OBELISK_BENCH_SERVER_NODE_ARGS` passes Node options to the server process, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../../test/helpers/bin.js';
import type { BenchContext } from './context.js';

export interface ServerComponent {
  readonly section: 'activity_wasm' | 'workflow';
  readonly name: string;
  readonly path: string;
}

export interface RunningServer {
  readonly url: string;
  /** Milliseconds from spawning the process to the API answering `/healthz`. */
  readonly startMs: number;
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly components: readonly ServerComponent[];
  /** The codegen cache folder (an empty one measures a cold start). */
  readonly codegenDir: string;
  /** With `--db postgres`: the schema (servers given the same one share the work). */
  readonly schema?: string | undefined;
}

function configText(ctx: BenchContext, dir: string, options: ServerOptions): string {
  const lines = [
    '[api]',
    'listening_addr = "127.0.0.1:0"',
    ...(ctx.options.postgresUrl === undefined
      ? [
          '[database.sqlite]',
          `file = ${JSON.stringify(join(dir, 'bench.sqlite'))}`,
          `synchronous = "${ctx.options.sync}"`,
        ]
      : [
          '[database.postgres]',
          `url = ${JSON.stringify(ctx.options.postgresUrl)}`,
          `schema = ${JSON.stringify(options.schema ?? 'obelisk')}`,
        ]),
    '[codegen_cache]',
    `directory = ${JSON.stringify(options.codegenDir)}`,
    '[log]',
    'level = "info"',
  ];
  for (const component of options.components) {
    lines.push(
      `[[${component.section}]]`,
      `name = ${JSON.stringify(component.name)}`,
      `location.path = ${JSON.stringify(component.path)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  for (;;) {
    const match = /API listening on (\S+:\d+)/.exec(output());
    if (match?.[1] !== undefined) {
      return `http://${match[1]}`;
    }
    if (child.exitCode !== null) {
      throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function waitForHealth(url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        return;
      }
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function startServer(ctx: BenchContext, options: ServerOptions): Promise<RunningServer> {
  const dir = ctx.tempDir('obelisk-bench-server-');
  const config = join(dir, 'obelisk.toml');
  writeFileSync(config, configText(ctx, dir, options));
  const started = performance.now();
  const nodeArgs = (process.env['OBELISK_BENCH_SERVER_NODE_ARGS'] ?? '').split(/\s+/).filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'server', 'run', '-c', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await waitForUrl(child, () => stderr);
  await waitForHealth(url);
  const startMs = performance.now() - started;
  return {
    url,
    startMs,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
