/**
 * jco's `componentEmbed` (wasm-tools' WIT parser and resolver) as an oracle:
 * WIT that our printer or generator writes must be accepted by it too. Only
 * feed it WIT we expect to be valid: a panic poisons the wasm-tools instance.
 */
import { componentEmbed } from '@bytecodealliance/jco-transpile/wasm-tools';
import type { Resolve } from '../../../src/wit/model.js';
import { printResolve } from '../../../src/wit/print.js';
import { interfacePath } from '../../../src/wit/print-writer.js';

/**
 * Validates WIT text with wasm-tools: `world` selects the world to embed
 * (`name` in the root package, or `ns:pkg/name@v`). Resolves to the embedded
 * module size; rejects with wasm-tools' message when the WIT is invalid.
 */
export async function embedWit(witSource: string, world: string): Promise<number> {
  const bytes = await componentEmbed({ dummy: true, witSource, world, features: { tag: 'all' } });
  return bytes.length;
}

/** A root package `oracle:root` whose world imports every named interface of `resolve`, followed by all packages nested. */
export function oracleSource(resolve: Resolve): string {
  const imports = resolve.interfaces.flatMap((iface, id) =>
    iface.name === null || iface.package === null ? [] : [`  import ${interfacePath(resolve, id, null)};`],
  );
  return ['package oracle:root;', '', 'world all {', ...imports, '}', '', printResolve(resolve)].join('\n');
}
