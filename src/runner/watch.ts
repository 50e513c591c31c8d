/** Watching folders and files for `obelisk dev`: a debounced callback when something watched changes. */
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Watches folders (not files: editors and build tools often replace a file by renaming) and calls
 * `onChange` once `debounceMs` passed after the last change `wanted` accepts (`name`: the changed
 * entry, `null` when the platform does not say). A missing folder is skipped. Returns the stop function.
 */
export function watchFolders(
  dirs: Iterable<string>,
  wanted: (dir: string, name: string | null) => boolean,
  onChange: () => void,
  debounceMs = 300,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    timer.unref();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of new Set(dirs)) {
    try {
      const watcher = watch(dir, (_event, name) => {
        if (wanted(dir, name)) {
          trigger();
        }
      });
      watcher.unref();
      watchers.push(watcher);
    } catch {
      // a missing folder: nothing to watch there (the caller reports it, or watches again later)
    }
  }
  return () => {
    clearTimeout(timer);
    watchers.forEach((watcher) => watcher.close());
  };
}

export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 300): () => void {
  const wanted = new Set(files);
  return watchFolders(
    files.map((file) => dirname(file)),
    (_dir, name) => name === null || [...wanted].some((file) => file.endsWith(`/${name}`)),
    onChange,
    debounceMs,
  );
}
