/**
 * Failure details as the API shows them: the guest's message and the frames of its own code
 * (`wasm://` frames), without the host's frames, which name files of obelisk, Node.js and
 * their dependencies on the server's disk.
 */

/** A stack frame line: `    at ...`. */
const FRAME_RE = /^\s+at\s/;
/** A frame that points at a file on the host (an absolute or `file://` path, or Node's internals). */
const HOST_FRAME_RE = /(?:file:\/\/|node:|[(\s]\/|[(\s][A-Za-z]:\\)/;

/** `detail` without host frames; where frames were left out, one line says how many. */
export function publicDetail(detail: string): string {
  const lines: string[] = [];
  let hidden = 0;
  const flush = (): void => {
    if (hidden > 0) {
      lines.push(`    at … (${hidden} host frame${hidden === 1 ? '' : 's'} left out)`);
      hidden = 0;
    }
  };
  for (const line of detail.split('\n')) {
    if (FRAME_RE.test(line) && HOST_FRAME_RE.test(line)) {
      hidden++;
      continue;
    }
    flush();
    lines.push(line);
  }
  flush();
  return lines.join('\n');
}
