/**
 * The default folders (docs/configuration.md): data in `${XDG_DATA_HOME:-~/.local/share}/obelisk`,
 * caches in `${XDG_CACHE_HOME:-~/.cache}/obelisk`, and `~` expansion for configured paths.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The user's home folder: `$HOME`, else the OS's idea of it. */
export function homeDir(env: NodeJS.ProcessEnv): string {
  const home = env['HOME'];
  return home !== undefined && home !== '' ? home : homedir();
}

/** Expands a leading `~` (alone or followed by `/`) to the home folder; other paths are returned as they are. */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path === '~') {
    return homeDir(env);
  }
  return path.startsWith('~/') ? join(homeDir(env), path.slice(2)) : path;
}

/** `~`-expands `path` and makes it absolute against `base`. */
export function resolvePath(base: string, path: string, env: NodeJS.ProcessEnv): string {
  return resolve(base, expandHome(path, env));
}

/** An XDG base folder: the variable when it holds an absolute path (the spec ignores relative ones), else `~/<fallback>`. */
function xdg(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = env[variable];
  return value !== undefined && isAbsolute(value) ? value : join(homeDir(env), fallback);
}

/** obelisk's data folder: `${XDG_DATA_HOME:-~/.local/share}/obelisk` (the default database lives here). */
export function dataDir(env: NodeJS.ProcessEnv): string {
  return join(xdg(env, 'XDG_DATA_HOME', join('.local', 'share')), 'obelisk');
}

/** obelisk's cache folder: `${XDG_CACHE_HOME:-~/.cache}/obelisk` (WASM and codegen caches live here). */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(xdg(env, 'XDG_CACHE_HOME', '.cache'), 'obelisk');
}
