/**
 * `obelisk dev`: the server, the engine and the API in one process for local work, on the
 * embedded database in `.obelisk/` beside the `obelisk.toml` (or, for `--example NAME`, in the
 * data folder), reloading components when their files change, with a live log of executions.
 */
import { Command, Option } from 'commander';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withContext, type CliIo, type CommandContext } from '../cli/context.js';
import { ErrorCode, UsageError, UserError } from '../cli/errors.js';
import { VERSION } from '../cli/version.js';
import { DEFAULT_CONFIG_FILE, dataDir, loadConfig, parseConfig, type ObeliskConfig } from '../config/index.js';
import {
  configSource,
  createServiceLogger,
  exampleNames,
  exampleSource,
  loadExample,
  projectBuilder,
  sampleParams,
  startHost,
  startLiveLog,
  waitForShutdown,
  watchFiles,
  type ComponentSource,
  type Host,
  type ProjectBuilder,
} from '../runner/index.js';
import { buildableComponents } from '../scaffold/index.js';

interface DevOptions {
  readonly config?: string;
  readonly clean?: boolean;
  readonly example?: string;
  readonly locked?: boolean;
  readonly tui?: boolean;
}

interface DevSetup {
  readonly config: ObeliskConfig;
  readonly source: ComponentSource;
  readonly dataFolder: string;
  /** The function the banner suggests, with its parameters. */
  readonly suggestion: { readonly ffqn: string; readonly params: readonly unknown[] } | null;
  /** Builds the JavaScript / TypeScript components of the project, if it has any. */
  readonly builder: ProjectBuilder | null;
}

const DEFAULT_API_URL = 'http://127.0.0.1:5005';

export function createDevCommand(io: CliIo): Command {
  return new Command('dev')
    .description(
      'Run obelisk locally: the engine, its components and the API in one process, reloading components when they change.',
    )
    .addOption(new Option('-c, --config <file>', `the configuration file (default: ./${DEFAULT_CONFIG_FILE})`))
    .addOption(
      new Option(
        '--example <name>',
        'run a bundled example instead of an obelisk.toml (needs no config, writes nothing here)',
      ),
    )
    .option('--clean', 'start with an empty database (deletes the executions of this dev folder)')
    .option('--locked', 'refuse to start unless obelisk.lock matches the config (location.oci components)')
    .option(
      '--tui',
      'show the terminal UI (`obelisk tui`) instead of the live log; logs go to dev.log in the data folder',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ obelisk dev --example fibo                 try obelisk with the bundled fibo example',
        '  $ obelisk dev                                run the obelisk.toml of this folder',
        '  $ obelisk dev -c app/obelisk.toml --clean     start from an empty database',
        '  $ obelisk dev --example fibo --tui           the same with the terminal UI (q stops it)',
        '',
        'Data: .obelisk/ beside the obelisk.toml; for --example NAME: <data dir>/examples/NAME.',
        'Stop with Ctrl-C (SIGINT) or SIGTERM.',
      ].join('\n'),
    )
    .action(withContext(io, (ctx, options: DevOptions) => runDev(ctx, io, options)));
}

function setUp(io: CliIo, options: DevOptions): DevSetup {
  if (options.example !== undefined) {
    if (options.config !== undefined) {
      throw new UserError(ErrorCode.usage, '--example and --config cannot be used together', {
        hint: 'run an example, or your own obelisk.toml',
      });
    }
    const example = loadExample(options.example);
    const workflow = example.exports.find((ffqn) => ffqn.includes('workflow')) ?? example.exports[0];
    return {
      config: parseConfig(null, { name: '<defaults>', dir: io.cwd, env: io.env }),
      source: exampleSource(example),
      dataFolder: join(dataDir(io.env), 'examples', example.name),
      suggestion:
        workflow === undefined ? null : { ffqn: workflow, params: options.example === 'fibo' ? [10, 20] : [] },
      builder: null,
    };
  }
  const loaded = loadConfig({ file: options.config, cwd: io.cwd, env: io.env });
  if (loaded.file === null) {
    throw new UserError(ErrorCode.notFound, `there is no ${DEFAULT_CONFIG_FILE} in ${io.cwd}`, {
      hint: `create one with \`obelisk generate config fibo --out ${DEFAULT_CONFIG_FILE}\`, pass -c FILE, or try \`obelisk dev --example ${exampleNames()[0] ?? 'fibo'}\``,
    });
  }
  return {
    config: loaded.config,
    source: configSource(loaded.file, io.cwd, io.env, loaded.config, options.locked === true),
    dataFolder: join(dirname(loaded.file), '.obelisk'),
    suggestion: null,
    builder: projectBuilder(
      loaded.file,
      () => buildableComponents(loadConfig({ file: loaded.file ?? undefined, cwd: io.cwd, env: io.env }).config),
      (line) => void io.stderr.write(`${line}\n`),
    ),
  };
}

/** Builds what is missing or stale before the host starts; fails only when a component has never built. */
async function buildFirst(setup: DevSetup, write: (line: string) => void): Promise<void> {
  if (setup.builder === null || buildableComponents(setup.config).length === 0 || (await setup.builder.build())) {
    return;
  }
  const missing = buildableComponents(setup.config).filter((c) => !existsSync(c.output));
  if (missing.length > 0) {
    throw new UserError(ErrorCode.failed, `cannot start: ${missing.map((c) => c.name).join(', ')} did not build`, {
      hint: 'fix the error above (`obelisk build` shows it again), then run `obelisk dev` again',
    });
  }
  write('build failed: starting with the last good build');
}

async function runDev(ctx: CommandContext, io: CliIo, options: DevOptions): Promise<void> {
  const setup = setUp(io, options);
  const tui = options.tui === true;
  if (tui && (io.stdin.isTTY !== true || io.stdout.isTTY !== true)) {
    throw new UsageError('--tui needs a terminal: run obelisk dev --tui with stdin and stdout on a TTY');
  }
  const logFile = join(setup.dataFolder, 'dev.log');
  if (tui) {
    mkdirSync(setup.dataFolder, { recursive: true });
  }
  const logger = createServiceLogger({
    level: setup.config.log.level,
    format: setup.config.log.format,
    write: tui ? (line) => appendFileSync(logFile, `${line}\n`) : (line) => ctx.err(line),
  });
  await buildFirst(setup, (line) => ctx.err(line));
  const host = await startHost({
    what: 'dev',
    config: setup.config,
    components: () => setup.source.load(),
    databaseFile: join(setup.dataFolder, 'obelisk.sqlite'),
    databaseKey: null,
    lockDir: setup.dataFolder,
    clean: options.clean === true,
    logger,
  });
  const watching = watch(host, setup.source, (message) => logger.error(message));
  let stopWatching = watching.stop;
  const stopBuilding = setup.builder?.watch(watching.reload) ?? (() => undefined);
  const shutdown = waitForShutdown();
  let stopLog = (): void => undefined;
  let stopping: string;
  if (tui) {
    const { renderTui } = await (await import('../tui/load.js')).loadTui();
    const quit = renderTui({
      apiUrl: host.url,
      apiToken: setup.config.api.token ?? undefined,
      color: ctx.color,
      stdin: io.stdin as NodeJS.ReadStream,
      stdout: io.stdout as NodeJS.WriteStream,
    }).then(() => 'q');
    stopping = await Promise.race([quit, shutdown]);
    ctx.err(`obelisk dev: ${stopping === 'q' ? 'the TUI was closed' : stopping}: stopping (log: ${logFile})...`);
  } else {
    printBanner(ctx, host, setup);
    stopLog = startLiveLog({ engine: host.engine, write: (line) => ctx.err(line) });
    stopping = await shutdown;
    ctx.err(`${stopping}: stopping...`);
  }
  stopBuilding();
  stopWatching();
  stopWatching = () => undefined;
  stopLog();
  await host.stop();
}

/** Reloads when a component file or the config changes; `reload` is also called after a build. */
function watch(
  host: Host,
  source: ComponentSource,
  onError: (message: string) => void,
): { stop: () => void; reload: () => void } {
  let stop = (): void => undefined;
  const reload = (): void => {
    host
      .reload()
      .then(rewatch, (error: unknown) =>
        onError(`reload failed: ${error instanceof Error ? error.message : String(error)}`),
      );
  };
  const rewatch = (): void => {
    stop();
    stop = watchFiles(source.files(), reload);
  };
  rewatch();
  return { stop: () => stop(), reload };
}

function printBanner(ctx: CommandContext, host: Host, setup: DevSetup): void {
  const functions = host.engine.functions();
  const suggested = setup.suggestion ?? pickSuggestion(host);
  const apiFlag = host.url === DEFAULT_API_URL ? '' : ` --api-url ${host.url}`;
  const lines = [
    `obelisk dev ${VERSION}`,
    `  API:       ${host.url}`,
    `  data:      ${setup.dataFolder}`,
    `  functions: ${functions.length === 0 ? '(none loaded)' : functions.map((fn) => fn.ffqn).join(', ')}`,
  ];
  for (const { endpoint, url } of host.webhookUrls()) {
    lines.push(`  webhook:   ${url} (${endpoint})`);
  }
  if (suggested !== null) {
    lines.push(
      `  try:       obelisk execution submit --follow${apiFlag} ${suggested.ffqn} '${JSON.stringify(suggested.params).replace(/,/g, ', ')}'`,
    );
  }
  lines.push('Ready. Executions are logged below; stop with Ctrl-C.');
  ctx.err(lines.join('\n'));
}

function pickSuggestion(host: Host): { ffqn: string; params: readonly unknown[] } | null {
  const functions = host.engine.functions();
  const fn = functions.find((f) => f.component.kind === 'workflow') ?? functions[0];
  return fn === undefined ? null : { ffqn: fn.ffqn, params: sampleParams(fn) };
}
