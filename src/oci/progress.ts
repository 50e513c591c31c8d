/** A one-line progress bar on a TTY for blobs over 1 MB; nothing otherwise. */
const THRESHOLD = 1024 * 1024;
const WIDTH = 30;

export function progressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
): ((received: number, total: number) => void) | undefined {
  if (stream.isTTY !== true) {
    return undefined;
  }
  let lastPercent = -1;
  return (received, total) => {
    if (total < THRESHOLD) {
      return;
    }
    const percent = Math.min(100, Math.floor((received / total) * 100));
    if (percent === lastPercent) {
      return;
    }
    lastPercent = percent;
    const filled = Math.round((percent / 100) * WIDTH);
    const mb = (n: number): string => (n / THRESHOLD).toFixed(1);
    stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${mb(received)}/${mb(total)} MB`);
    if (percent === 100) {
      stream.write('\n');
    }
  };
}
