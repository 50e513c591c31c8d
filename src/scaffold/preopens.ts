/**
 * ComponentizeJS and jco read their inputs through preview2-shim, which starts with no
 * preopened folders: give them `/` once before the first call.
 */
let opened: Promise<void> | undefined;

export function openFilesystem(): Promise<void> {
  opened ??= import('@bytecodealliance/preview2-shim/filesystem').then((filesystem) => {
    // The package's `types` condition points at the browser typings; the Node build takes a path map.
    (filesystem._setPreopens as (preopens: Record<string, string>) => void)({ '/': '/' });
  });
  return opened;
}
