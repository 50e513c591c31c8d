import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { progressReporter } from '../../../src/oci/index.js';

function stream(tty: boolean): { out: PassThrough & { isTTY?: boolean }; text: () => string } {
  const out: PassThrough & { isTTY?: boolean } = new PassThrough();
  out.isTTY = tty;
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { out, text: () => text };
}

describe('progressReporter', () => {
  test('draws a bar on a TTY for blobs over 1 MB, ending with a newline', () => {
    const { out, text } = stream(true);
    const report = progressReporter(out, 'pulling x');
    const total = 4 * 1024 * 1024;
    report?.(total / 2, total);
    report?.(total, total);
    expect(text()).toContain('pulling x [###############               ] 2.0/4.0 MB');
    expect(text().endsWith('4.0/4.0 MB\n')).toBe(true);
  });

  test('nothing without a TTY, nothing for small blobs', () => {
    expect(progressReporter(stream(false).out, 'x')).toBeUndefined();
    const { out, text } = stream(true);
    progressReporter(out, 'x')?.(10, 100);
    expect(text()).toBe('');
  });
});
