/** What a webhook endpoint may import from obelisk's host packages, checked when it is loaded. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ComponentRegistry } from '../../../src/engine/components/registry.js';
import { linkWebhook } from '../../../src/engine/runtime/webhook/link.js';
import { printPackage } from '../../../src/wit/print.js';
import { loadWit, parseWitText } from '../../../src/wit/load.js';
import { REPO_ROOT } from '../../helpers/bin.js';

const host = loadWit(join(REPO_ROOT, 'wit', 'obelisk_webhook@1.0.0'));
/** obelisk:types and obelisk:webhook as nested packages, `webhook` edited by `edit`. */
const hostPackages = (edit: (text: string) => string = (text) => text): string =>
  host.packages
    .map((_, id) => printPackage(host, id, { nested: true }))
    .map((text) => (text.includes('package obelisk:webhook') ? edit(text) : text))
    .join('\n');

function link(imports: string, edit?: (text: string) => string): readonly string[] {
  const resolve = parseWitText(
    `package app:hook;\nworld hook {\n${imports}\n}\n${hostPackages(edit)}\n${readFileSync(join(REPO_ROOT, 'wit', 'obelisk_workflow@1.0.0', 'workflow.wit'), 'utf8').replace('package obelisk:workflow@1.0.0;', 'package obelisk:workflow@1.0.0 {')}\n}`,
  );
  const world = resolve.worlds.find((w) => w.name === 'hook');
  if (world === undefined) {
    throw new Error('no world');
  }
  const linked = linkWebhook(resolve, world, new ComponentRegistry());
  return linked.ok ? [] : linked.problems;
}

describe('linking a webhook endpoint', () => {
  test('obelisk:webhook/webhook-support as obelisk defines it links', () => {
    expect(link('  import obelisk:webhook/webhook-support@1.0.0;')).toEqual([]);
  });

  test('a webhook-support whose function differs from obelisk’s is reported, naming the function', () => {
    const problems = link('  import obelisk:webhook/webhook-support@1.0.0;', (text) =>
      text.replace('execution-id-current: func() -> execution-id;', 'execution-id-current: func() -> string;'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^import obelisk:webhook\/webhook-support@1\.0\.0\.execution-id-current: /);
  });

  test('obelisk:workflow is refused, pointing to obelisk:webhook', () => {
    expect(link('  import obelisk:workflow/workflow-support@1.0.0;')).toEqual([
      'import obelisk:workflow/workflow-support@1.0.0: obelisk:workflow is for workflows; a webhook endpoint imports obelisk:webhook/webhook-support@1.0.0',
    ]);
  });
});
