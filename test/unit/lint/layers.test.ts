/**
 * The layer rules of docs/architecture.md are enforced by `npm run lint`. These tests lint
 * in-memory probe sources with the project's own ESLint config, as if they were files inside
 * `src/` (nothing is written there), importing the way real code does (`../storage/x.js`
 * naming a `.ts` file), so the TypeScript import resolver has to resolve them against the real
 * tree for the zone rule to fire.
 */
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../helpers/bin.js';

const PROBE = '__lint_probe.ts';

/**
 * A probe is not part of any TypeScript project, so rules that need type information are off for
 * it, and so is `import/no-cycle`, which reads the linted file from disk.
 */
const probeConfig: Linter.Config[] = [
  { files: [`**/${PROBE}`], ...tseslint.configs.disableTypeChecked },
  {
    files: [`**/${PROBE}`],
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { 'import/no-cycle': 'off' },
  },
];

async function lintProbe(folder: string, source: string): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfig: probeConfig });
  const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, folder, PROBE) });
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
