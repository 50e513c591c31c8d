import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { blankConfigTemplate } from '../../../src/config/template.js';
import { REPO_ROOT } from '../../helpers/bin.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');

/** Every `key = ` of the blank template, uncommented: the keys the schema knows. */
function templateKeys(): string[] {
  const keys = [...blankConfigTemplate().matchAll(/^# ([a-z_.]+) = /gm)].map((m) => m[1] ?? '');
  return [...new Set(keys)];
}

describe('docs/configuration.md', () => {
  test('its example loads', () => {
    const example = /## Example\n\n```toml\n([^]*?)```/.exec(DOC)?.[1];
    expect(example).toBeDefined();
    const config = parseConfig(example ?? '', { name: 'obelisk.toml', dir: '/project', env: { HOME: '/home/user' } });
    expect(config.activities.map((a) => a.name)).toEqual(['fibo']);
    expect(config.workflows[0]?.exec.lockExpiryMs).toBe(2000);
  });

  test('documents every key the blank template shows', () => {
    const keys = templateKeys();
    expect(keys.length).toBeGreaterThan(30);
    const documented = (key: string): boolean =>
      DOC.includes(`\`${key}\``) || DOC.includes(`\`${key}.`) || DOC.includes(`\`${key.split('.').pop() ?? key}\``);
    const missing = keys.filter((key) => !documented(key));
    expect(missing).toEqual([]);
  });
});
