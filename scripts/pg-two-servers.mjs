#!/usr/bin/env node
/**
 * Two `obelisk server run` processes on one PostgreSQL database, one of them SIGKILLed
 * halfway: a throwaway PostgreSQL server (initdb into a temp dir, a free port on 127.0.0.1),
 * two servers serving the bundled fibo example on two ports, 200 `fiboa` workflows submitted
 * alternately to both, the first server SIGKILLed once about half of them finished, and all
 * 200 results read and checked through the second server's API.
 *
 *   npm run build && node scripts/pg-two-servers.mjs [--workflows 200] [--iterations 5]
 *
 * Needs PostgreSQL's binaries (default /usr/lib/postgresql/15/bin, or OBELISK_PG_BIN). When run
 * as root, PostgreSQL runs as the `postgres` user. Exits 1 unless every result is correct.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/free-port.mjs';

/* global fetch -- Node 20+ has fetch; the scripts config predates it */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.OBELISK_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const WORKFLOWS = Number(argValue('--workflows') ?? 200);
const ITERATIONS = Number(argValue('--iterations') ?? 5);
const FIBOA = 'testing:fibo-workflow/workflow.fiboa';
const started = Date.now();

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function log(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`);
}

function asPostgres(command, args) {
  const full = [join(BIN, command), ...args];
  const isRoot = process.getuid?.() === 0;
  const result = isRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...full], { encoding: 'utf8' })
    : spawnSync(full[0], full.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed: ${result.stderr}${result.stdout}`);
  }
}

async function startPostgres(dir) {
  if (process.getuid?.() === 0) {
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const data = join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, pid, port };
}

function fibo(n) {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
  }
  return a;
}

async function api(base, path, init) {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

function startServer(name, port, configFile, databaseUrl) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/obelisk.js'), 'server', 'run', '-c', configFile], {
    env: {
      ...process.env,
      OBELISK__API__LISTENING_ADDR: `127.0.0.1:${port}`,
      OBELISK__DATABASE__POSTGRES__URL: databaseUrl,
      OBELISK__LOG__LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk) => {
    for (const line of String(chunk)
      .split('\n')
      .filter((l) => l.trim() !== '')) {
      console.log(`    ${name}: ${line}`);
    }
  });
  return { name, child, base: `http://127.0.0.1:${port}` };
}

async function waitHealthy(server) {
  for (let i = 0; i < 600; i++) {
    if (server.child.exitCode !== null) {
      throw new Error(`${server.name} exited with ${server.child.exitCode}`);
    }
    try {
      await api(server.base, '/healthz');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${server.name} did not become healthy`);
}

/** How many of `ids` have finished, by one list request. */
async function countFinished(base, ids) {
  const { executions } = await api(base, '/v1/executions?state=finished&limit=1000');
  const wanted = new Set(ids);
  return executions.filter((e) => wanted.has(e.execution_id)).length;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'obelisk-pg-demo-'));
  let pg = null;
  const servers = [];
  try {
    pg = await startPostgres(dir);
    log(`PostgreSQL ${pg.url} (pid ${pg.pid})`);
    const configFile = join(dir, 'obelisk.toml');
    execFileSync(process.execPath, [join(ROOT, 'bin/obelisk.js'), 'generate', 'config', 'fibo', '--out', configFile]);
    execFileSync('cp', ['-r', join(ROOT, 'examples'), join(dir, 'examples')]);
    const [portA, portB] = [await freePort(), await freePort()];
    servers.push(startServer('A', portA, configFile, pg.url), startServer('B', portB, configFile, pg.url));
    await Promise.all(servers.map(waitHealthy));
    const [a, b] = servers;
    log(`server A pid ${a.child.pid} on ${a.base}, server B pid ${b.child.pid} on ${b.base}`);

    const expected = new Map();
    // 20 submissions in flight, alternating between A and B (the order of IDs follows i).
    const submitted = new Array(WORKFLOWS);
    let next = 0;
    const submitter = async () => {
      while (next < WORKFLOWS) {
        const i = next++;
        const n = (i % 40) + 1;
        const target = i % 2 === 0 ? a : b;
        const { execution_id: id } = await api(target.base, '/v1/executions', {
          method: 'POST',
          body: JSON.stringify({ ffqn: FIBOA, params: [n, ITERATIONS] }),
        });
        submitted[i] = [id, { n, sum: fibo(n) * BigInt(ITERATIONS), via: target.name }];
      }
    };
    await Promise.all(Array.from({ length: 20 }, submitter));
    for (const [id, want] of submitted) {
      expected.set(id, want);
    }
    const ids = [...expected.keys()];
    log(`submitted ${ids.length} ${FIBOA}(n, ${ITERATIONS}) workflows, alternately to A and B`);

    for (;;) {
      const finished = await countFinished(b.base, ids);
      if (finished >= ids.length / 2) {
        a.child.kill('SIGKILL');
        log(`${finished} of ${ids.length} finished: SIGKILLed server A (pid ${a.child.pid})`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const deadline = Date.now() + 180_000;
    let finished = 0;
    while ((finished = await countFinished(b.base, ids)) < ids.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log(`through server B's API: ${finished} of ${ids.length} finished`);

    let correct = 0;
    const wrong = [];
    const byServer = { A: 0, B: 0 };
    for (const [id, want] of expected) {
      const result = await api(b.base, `/v1/executions/${id}/result`);
      const value = result.finished?.kind === 'ok' ? BigInt(result.finished.value) : null;
      if (value === want.sum) {
        correct++;
        byServer[want.via]++;
      } else {
        wrong.push(`${id} fiboa(${want.n}, ${ITERATIONS}): want ${want.sum}, got ${JSON.stringify(result.finished)}`);
      }
    }
    const lockers = await lockersAfterKill(b.base, ids.slice(0, 20));
    log(`correct results: ${correct} of ${ids.length} (submitted via A: ${byServer.A}, via B: ${byServer.B})`);
    log(`sample of 20 workflows: ${lockers.multi} were locked by more than one executor (A's locks taken over by B)`);
    for (const line of wrong.slice(0, 10)) {
      log(`WRONG ${line}`);
    }
    if (correct !== ids.length) {
      throw new Error(`FAILED: ${ids.length - correct} of ${ids.length} workflows without the correct result`);
    }
    log('OK: all workflows finished with the correct result');
  } finally {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGTERM');
        await new Promise((resolve) => server.child.once('exit', resolve));
      }
    }
    if (pg !== null) {
      process.kill(pg.pid, 'SIGINT');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pg.pid, 0);
          await new Promise((resolve) => setTimeout(resolve, 100));
        } catch {
          break;
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many of `ids` had `locked` events from more than one executor. */
async function lockersAfterKill(base, ids) {
  let multi = 0;
  for (const id of ids) {
    const { events } = await api(base, `/v1/executions/${id}/events?limit=1000`);
    const executors = new Set(events.filter((e) => e.event.type === 'locked').map((e) => e.event.executor_id));
    multi += executors.size > 1 ? 1 : 0;
  }
  return { multi };
}

await main();
