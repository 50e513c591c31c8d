/** Loading the `obelisk.toml` of a project, for the commands that build and generate its files. */
import { dirname, join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { cacheDir, DEFAULT_CONFIG_FILE, loadConfig, type ObeliskConfig } from '../config/index.js';

export interface Project {
  readonly file: string;
  /** The config file's folder. */
  readonly dir: string;
  readonly config: ObeliskConfig;
  /** Where built components are kept by input hash (`<cache dir>/build`). */
  readonly buildCache: string;
}

/** The project of `-c FILE` (default `./obelisk.toml`); it must exist. */
export function loadProject(file: string | undefined, cwd: string, env: NodeJS.ProcessEnv): Project {
  const loaded = loadConfig({ file, cwd, env });
  if (loaded.file === null) {
    throw new UserError(ErrorCode.notFound, `there is no ${DEFAULT_CONFIG_FILE} in ${cwd}`, {
      hint: 'run this in a project folder, pass -c FILE, or create a project with `obelisk new`',
    });
  }
  return {
    file: loaded.file,
    dir: dirname(loaded.file),
    config: loaded.config,
    buildCache: join(cacheDir(env), 'build'),
  };
}
