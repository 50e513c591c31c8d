/**
 * Building the JavaScript and TypeScript components of a project for `obelisk dev`: before the
 * host starts (what is missing or stale), and again whenever their sources or WIT change. Builds
 * run `obelisk build` in a child process, so the server keeps answering (and ComponentizeJS's
 * memory is returned) meanwhile; a failed build leaves the last good component in place. The
 * config file is watched too: a component added to it (or a changed `build` table) is built, and
 * its folders are watched from then on.
 */
import { spawn } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../config/index.js';
import type { BuildableComponent } from '../scaffold/index.js';
import { watchFolders } from './watch.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'obelisk.js');

export interface ProjectBuilder {
  /** Builds what is stale; resolves `true` when every component built. */
  build(): Promise<boolean>;
  /**
   * Rebuilds (debounced, one build at a time) when a source or WIT file or the config file
   * changes, then calls `onBuilt` when the build succeeded; returns the stop function.
   */
  watch(onBuilt?: () => void): () => void;
}

/** `components` is called again whenever the config file changes (it may throw on an invalid config). */
export function projectBuilder(
  configFile: string,
  components: () => readonly BuildableComponent[],
  write: (line: string) => void,
): ProjectBuilder {
  let running: Promise<boolean> | null = null;
  let again = false;
  const runOnce = (): Promise<boolean> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'build', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      let partial = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach((line) => write(`build: ${line}`));
      });
      child.on('error', (error) => {
        write(`build: cannot start obelisk build: ${error.message}`);
        resolve(false);
      });
      child.on('close', (code) => {
        if (partial !== '') {
          write(`build: ${partial}`);
        }
        resolve(code === 0);
      });
    });
  const build = async (): Promise<boolean> => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = runOnce();
    let ok = await running;
    while (again) {
      again = false;
      running = runOnce();
      ok = await running;
    }
    running = null;
    return ok;
  };
  const rebuild = (onBuilt: () => void): void => {
    void build().then((ok) => {
      if (ok) {
        onBuilt();
      } else {
        write('build failed: the last good version keeps serving; fix the error and save to rebuild');
      }
    });
  };
  return {
    build,
    watch: (onBuilt = () => undefined) => {
      let current: readonly BuildableComponent[] = [];
      let stop = (): void => undefined;
      const rewatch = (): void => {
        try {
          current = components();
        } catch {
          // an invalid config: keep watching what was watched; the reload reports the error
        }
        stop();
        stop = watchInputs(current, configFile, () => {
          rewatch();
          if (current.length > 0) {
            rebuild(onBuilt); // a config without build tables has nothing to build (the reload covers it)
          }
        });
      };
      rewatch();
      return () => stop();
    },
  };
}

/**
 * Folders whose changes trigger a build: each entry module's folder, each WIT folder (not generated
 * files) and the config file's folder (only the config file counts there).
 */
function watchInputs(
  components: readonly BuildableComponent[],
  configFile: string,
  onChange: () => void,
  debounceMs = 300,
): () => void {
  const dirs = new Set(components.flatMap((c) => [dirname(c.build.source), c.build.wit]));
  return watchFolders(
    [...dirs, dirname(configFile)],
    (dir, name) => name !== null && !name.endsWith('.tmp') && (dirs.has(dir) || name === basename(configFile)),
    onChange,
    debounceMs,
  );
}
