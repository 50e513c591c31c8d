/**
 * The layer rules of ARCHITECTURE.md §2 are enforced by `npm run lint`. These tests
 * lint real probe files placed inside `src/` with the project's own ESLint config,
 * importing the way real code does (`../storage/x.js` naming a `.ts` file), so the
 * TypeScript import resolver has to resolve them for the zone rule to fire.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterEach, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../helpers/bin.js';

const probes: string[] = [];

afterEach(() => {
  for (const probe of probes.splice(0)) {
    rmSync(probe, { force: true });
  }
});

async function lintProbe(folder: string, source: string): Promise<Linter.LintMessage[]> {
  const path = join(REPO_ROOT, folder, `__lint_probe_${process.pid}.ts`);
  probes.push(path);
  writeFileSync(path, source);
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintFiles([path]);
  return result?.messages ?? [];
}

const ruleIds = (messages: Linter.LintMessage[]): (string | null)[] => messages.map((m) => m.ruleId);

describe('layer rules', () => {
  test('engine/concepts importing engine/storage fails lint', async () => {
    const messages = await lintProbe(
      'src/engine/concepts',
      "import { DEFAULT_QUEUE } from '../storage/types.js';\nexport const probe: string = DEFAULT_QUEUE;\n",
    );
    const violation = messages.find((m) => m.ruleId === 'import/no-restricted-paths');
    expect(violation?.message).toContain('engine/concepts imports nothing else');
    expect(ruleIds(messages)).not.toContain('import/no-unresolved');
  });

  test('the same import from engine/executor is allowed', async () => {
    const messages = await lintProbe(
      'src/engine/executor',
      "import { DEFAULT_QUEUE } from '../storage/types.js';\nexport const probe: string = DEFAULT_QUEUE;\n",
    );
    expect(messages).toEqual([]);
  });

  test('an import of a file that does not exist is reported as unresolved', async () => {
    const messages = await lintProbe(
      'src/engine/executor',
      "// @ts-expect-error the probe names a missing file\nimport { x } from '../storage/no-such-file.js';\nexport const probe: unknown = x;\n",
    );
    expect(ruleIds(messages)).toContain('import/no-unresolved');
  });

  test('layers above the engine may import only src/engine/index.ts', async () => {
    const messages = await lintProbe(
      'src/cli',
      "import { Executor } from '../engine/executor/index.js';\nexport const probe: unknown = Executor;\n",
    );
    expect(ruleIds(messages)).toContain('import/no-restricted-paths');
  });
});
