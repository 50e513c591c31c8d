/** An `[[activity_stub]]` may point at a binary WIT package instead of WIT text. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { describeStub } from '../../../src/engine/api/load.js';
import { encodeWitPackage } from '../../../src/wit/encoder/index.js';
import { parseWitText } from '../../../src/wit/load.js';

const WIT = `package testing:stubs@1.0.0;
interface approval {
  record decision { approved: bool, note: option<string> }
  approve: func(id: u32) -> result<decision, string>;
}
`;

describe('a stub activity from a binary WIT package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obelisk-stub-binary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'approval.wit'), WIT);
  writeFileSync(join(dir, 'approval.wasm'), encodeWitPackage(parseWitText(WIT)));

  test('exports the same functions with the same signatures as its WIT text', () => {
    const text = describeStub({ name: 'approval', wit: join(dir, 'approval.wit') });
    const binary = describeStub({ name: 'approval', wit: join(dir, 'approval.wasm') });
    expect([...binary.exports.keys()]).toEqual(['testing:stubs/approval@1.0.0.approve']);
    const signature = (c: typeof text): unknown =>
      [...c.exports.values()].map((f) => ({ params: f.func.params, result: f.func.result }));
    expect(signature(binary)).toEqual(signature(text));
    expect(binary.digest).toBe(text.digest);
  });

  test('a component .wasm is not a stub: it is rejected naming what was expected', () => {
    const component = join(dir, 'not-a-package.wasm');
    writeFileSync(component, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]));
    expect(() => describeStub({ name: 'approval', wit: component })).toThrow(
      `${component}: is a component, not a binary WIT package; expected a package built with \`obelisk wit build\``,
    );
  });
});
