/** `wasi:filesystem/*` for workflows: no preopened directories, so nothing can be opened. */

export class Descriptor {}
export class DirectoryEntryStream {}

export function filesystemImports(): Record<string, Record<string, unknown>> {
  return {
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode: () => undefined },
    'wasi:filesystem/preopens': { getDirectories: () => [] },
  };
}
