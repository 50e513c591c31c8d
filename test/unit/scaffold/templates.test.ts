/** The shipped templates render into projects whose obelisk.toml loads and whose files name the chosen package. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { listTemplates, TEMPLATES_DIR } from '../../../src/scaffold/catalogue.js';
import { buildableComponents } from '../../../src/scaffold/wit-deps.js';
import { renderTemplate } from '../../../src/scaffold/render.js';
import { makeTempDir } from '../../helpers/tmp.js';

const NAMES = { name: 'shop', namespace: 'acme', pkg: 'shop' };

describe('templates', () => {
  const templates = listTemplates(NAMES);

  test('the catalogue lists each template once, with a description and an example call', () => {
    expect(templates.map((t) => t.name)).toEqual([
      'js-activity',
      'js-webhook',
      'js-workflow',
      'ts-activity',
      'ts-workflow',
    ]);
    for (const template of templates) {
      expect(template.description.length).toBeGreaterThan(10);
      expect(template.example.ffqn.startsWith('acme:shop')).toBe(true);
    }
  });

  test.each(listTemplates(NAMES).map((t) => t.name))('%s renders a loadable project', (name) => {
    const out = makeTempDir('obelisk-render-');
    const files = renderTemplate(join(TEMPLATES_DIR, name), out, NAMES);
    expect(files).toContain('.gitignore');
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
    expect(files).not.toContain('template.json');
    const config = parseConfig(readFileSync(join(out, 'obelisk.toml'), 'utf8'), {
      name: 'obelisk.toml',
      dir: out,
      env: {},
    });
    const components = buildableComponents(config);
    expect(components.length).toBe(name.endsWith('activity') ? 1 : 2);
    for (const component of components) {
      expect(readFileSync(component.build.source, 'utf8')).not.toContain('{{');
    }
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('acme:shop');
    expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toMatchObject({ name: 'shop' });
  });
});
