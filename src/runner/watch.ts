/** Watches component files and calls back (debounced) when any of them changes. */
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 300): () => void {
  let timer: NodeJS.Timeout | undefined;
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    timer.unref();
  };
  const wanted = new Set(files);
  const watchers: FSWatcher[] = [];
  // Watch folders, not files: editors and build tools often replace a file by renaming.
  for (const dir of new Set(files.map((file) => dirname(file)))) {
    try {
      const watcher = watch(dir, (_event, name) => {
        if (name === null || [...wanted].some((file) => file.endsWith(`/${name}`))) {
          trigger();
        }
      });
      watcher.unref();
      watchers.push(watcher);
    } catch {
      // a missing folder: nothing to watch until the config changes
    }
  }
  return () => {
    clearTimeout(timer);
    watchers.forEach((watcher) => watcher.close());
  };
}
