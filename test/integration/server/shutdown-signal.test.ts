/**
 * `obelisk server run` is ready for SIGTERM by the time it says it listens: a supervisor (or a test)
 * that signals as soon as it reads the line must get a graceful stop, not the default signal death.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createServerRunCommand } from '../../../src/commands/server/run.js';
import { makeTempDir } from '../../helpers/tmp.js';

describe('server run and SIGTERM', () => {
  test('the SIGTERM handler is installed before the listening line is written', async () => {
    const dir = makeTempDir('obelisk-shutdown-signal-');
    const config = join(dir, 'obelisk.toml');
    writeFileSync(
      config,
      ['[api]', 'listening_addr = "127.0.0.1:0"', '[database.sqlite]', `file = "${join(dir, 'db.sqlite')}"`].join('\n'),
    );
    const before = process.listenerCount('SIGTERM');
    let listenersAtLine: number | null = null;
    let stderr = '';
    const stderrStream = new Writable({
      write(chunk: Buffer, _encoding, callback): void {
        const text = chunk.toString();
        stderr += text;
        if (listenersAtLine === null && text.includes('obelisk server listening on http://')) {
          listenersAtLine = process.listenerCount('SIGTERM');
          // What a supervisor does on reading the line; emitted, not raised, so an unhandled one cannot kill the test.
          setImmediate(() => process.emit('SIGTERM', 'SIGTERM'));
        }
        callback();
      },
    });
    const io = { stdout: new PassThrough(), stderr: stderrStream, stdin: new PassThrough(), env: {}, cwd: dir };
    await createServerRunCommand(io).parseAsync(['-c', config], { from: 'user' });
    expect(listenersAtLine).toBe(before + 1);
    expect(stderr).toMatch(/SIGTERM: stopping/);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
