import { describe, expect, test } from 'vitest';
import { OutputSink, type OutputStreamName } from '../../../src/engine/runtime/output-sink.js';

function harness(options: { maxDelayMs?: number; maxBufferBytes?: number } = {}) {
  let now = 1_000;
  const sent: [OutputStreamName, string][] = [];
  const sink = new OutputSink({ ...options, emit: (stream, chunk) => sent.push([stream, chunk]), now: () => now });
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  return { sink, sent, bytes, advance: (ms: number) => (now += ms) };
}

describe('the output sink', () => {
  test('a burst of writes goes out as one chunk per stream when flushed', () => {
    const { sink, sent, bytes } = harness();
    for (const line of ['a\n', 'b\n', 'c\n']) {
      sink.write('stdout', bytes(line));
    }
    sink.write('stderr', bytes('oops\n'));
    expect(sent).toEqual([]);
    sink.end();
    expect(sent).toEqual([
      ['stdout', 'a\nb\nc\n'],
      ['stderr', 'oops\n'],
    ]);
  });

  test('pending output goes out at the first write after it is maxDelayMs old', () => {
    const { sink, sent, bytes, advance } = harness({ maxDelayMs: 20 });
    sink.write('stdout', bytes('first '));
    advance(19);
    sink.write('stdout', bytes('second '));
    expect(sent).toEqual([]);
    advance(1);
    sink.write('stdout', bytes('third'));
    expect(sent).toEqual([['stdout', 'first second third']]);
  });

  test('pending output goes out once maxBufferBytes are reached', () => {
    const { sink, sent, bytes } = harness({ maxBufferBytes: 8 });
    sink.write('stdout', bytes('1234'));
    expect(sent).toEqual([]);
    sink.write('stdout', bytes('5678'));
    expect(sent).toEqual([['stdout', '12345678']]);
  });

  test('a UTF-8 character split across writes and flushes is decoded whole', () => {
    const { sink, sent } = harness();
    const snowman = new TextEncoder().encode('☃');
    sink.write('stdout', snowman.subarray(0, 1));
    sink.flush();
    sink.write('stdout', snowman.subarray(1));
    sink.end();
    expect(sent.map(([, chunk]) => chunk).join('')).toBe('☃');
  });

  test('bytes are copied, so later changes to guest memory do not alter captured output', () => {
    const { sink, sent } = harness();
    const memory = new TextEncoder().encode('hello');
    sink.write('stdout', memory);
    memory.fill(0);
    sink.end();
    expect(sent).toEqual([['stdout', 'hello']]);
  });

  test('flushing with nothing pending emits nothing', () => {
    const { sink, sent, bytes } = harness();
    sink.write('stdout', bytes(''));
    sink.flush();
    sink.end();
    expect(sent).toEqual([]);
  });
});
