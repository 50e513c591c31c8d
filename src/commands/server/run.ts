/** `obelisk server run`: the engine, its components and the HTTP API, until SIGINT or SIGTERM. */
import { Command, Option } from 'commander';
import { withContext, type CliIo } from '../../cli/context.js';
import { DATABASE_KEY } from '../../config/database-path.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config/index.js';
import { configSource, createServiceLogger, describeDatabase, startHost, waitForShutdown } from '../../runner/index.js';

interface RunOptions {
  readonly config?: string;
  readonly locked?: boolean;
}

export function createServerRunCommand(io: CliIo): Command {
  return new Command('run')
    .description('Run the obelisk server of an obelisk.toml: the engine, its components and the HTTP API.')
    .addOption(
      new Option(
        '-c, --config <file>',
        `the configuration file (default: ./${DEFAULT_CONFIG_FILE}; without one, the defaults)`,
      ),
    )
    .addOption(
      new Option(
        '--locked',
        'refuse to start unless obelisk.lock matches the config and no reachable registry moved a locked tag',
      ),
    )
    .addHelpText(
      'after',
      [
        '',
        'Components with location.oci are pulled by the digests in obelisk.lock (beside obelisk.toml),',
        'which is written on the first run; with the cache filled they start with the registry offline.',
        '',
        'Examples:',
        '  $ obelisk server run -c obelisk.toml',
        '  $ obelisk server run --locked',
        '  $ OBELISK__API__LISTENING_ADDR=127.0.0.1:6000 obelisk server run',
        '',
        'Stops gracefully on SIGINT or SIGTERM: no new work is locked, running attempts finish.',
      ].join('\n'),
    )
    .action(
      withContext(io, async (ctx, options: RunOptions) => {
        const loaded = loadConfig({ file: options.config, cwd: io.cwd, env: io.env });
        const logger = createServiceLogger({
          level: loaded.config.log.level,
          format: loaded.config.log.format,
          write: (line) => ctx.err(line),
        });
        const source = configSource(
          loaded.file ?? `${io.cwd}/${DEFAULT_CONFIG_FILE}`,
          io.cwd,
          io.env,
          loaded.config,
          options.locked === true,
        );
        const host = await startHost({
          what: 'server',
          config: loaded.config,
          components: () => (loaded.file === null ? Promise.resolve({ spec: {}, problems: [] }) : source.load()),
          databaseFile: loaded.config.database.sqlite.file,
          databaseKey: DATABASE_KEY,
          postgres: loaded.config.database.postgres,
          clean: false,
          logger,
        });
        // Listen for the signals before saying so: a supervisor may send SIGTERM as soon as it reads the line.
        const shutdown = waitForShutdown();
        logger.info(`obelisk server listening on ${host.url}`, { database: describeDatabase(loaded.config) });
        const signal = await shutdown;
        logger.info(`${signal}: stopping`);
        await host.stop();
      }),
    );
}
