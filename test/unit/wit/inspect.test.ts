import { describe, expect, test } from 'vitest';
import { inspectResolve } from '../../../src/wit/inspect.js';
import { parseWitText } from '../../../src/wit/load.js';

describe('inspectResolve', () => {
  test('lists every package with interfaces, types, functions and worlds in the documented shape', () => {
    const resolve = parseWitText(`package ex:shop@1.0.0;
      interface types {
        use ex:base/ids@0.1.0.{id as order-id};
        record order { id: order-id, items: list<string, 3> }
        variant outcome { ok, failed(string) }
        enum color { red, green }
        flags perms { read, write }
        resource cart {
          constructor(owner: string);
          add: func(item: string) -> result<_, error-code>;
          empty: static func() -> cart;
        }
        type error-code = u32;
        /// Docs are not part of the JSON.
        total: async func(o: borrow<cart>) -> tuple<u32, string>;
      }
      world shop {
        import types;
        import log: func(msg: string);
        import extra: interface { f: func(); }
        import named: types;
        export checkout: func(o: option<order-id>) -> outcome;
        use types.{order-id, outcome};
      }
      package ex:base@0.1.0 { interface ids { type id = u64; } }`);
    expect(inspectResolve(resolve)).toEqual({
      packages: [
        {
          name: 'ex:base@0.1.0',
          interfaces: [{ name: 'ids', types: [{ name: 'id', kind: 'alias', target: 'u64' }], functions: [] }],
          worlds: [],
        },
        {
          name: 'ex:shop@1.0.0',
          interfaces: [
            {
              name: 'types',
              types: [
                { name: 'order-id', kind: 'alias', target: 'id' },
                {
                  name: 'order',
                  kind: 'record',
                  fields: [
                    { name: 'id', type: 'order-id' },
                    { name: 'items', type: 'list<string, 3>' },
                  ],
                },
                {
                  name: 'outcome',
                  kind: 'variant',
                  cases: [
                    { name: 'ok', type: null },
                    { name: 'failed', type: 'string' },
                  ],
                },
                { name: 'color', kind: 'enum', cases: ['red', 'green'] },
                { name: 'perms', kind: 'flags', flags: ['read', 'write'] },
                { name: 'cart', kind: 'resource' },
                { name: 'error-code', kind: 'alias', target: 'u32' },
              ],
              functions: [
                {
                  name: '[constructor]cart',
                  async: false,
                  params: [{ name: 'owner', type: 'string' }],
                  result: 'cart',
                },
                {
                  name: '[method]cart.add',
                  async: false,
                  params: [
                    { name: 'self', type: 'borrow<cart>' },
                    { name: 'item', type: 'string' },
                  ],
                  result: 'result<_, error-code>',
                },
                { name: '[static]cart.empty', async: false, params: [], result: 'cart' },
                {
                  name: 'total',
                  async: true,
                  params: [{ name: 'o', type: 'borrow<cart>' }],
                  result: 'tuple<u32, string>',
                },
              ],
            },
          ],
          worlds: [
            {
              name: 'shop',
              imports: [
                'ex:base/ids@0.1.0',
                'ex:shop/types@1.0.0',
                'extra: interface',
                'named: ex:shop/types@1.0.0',
                'order-id: type',
                'outcome: type',
                'log: func(msg: string)',
              ],
              exports: ['checkout: func(o: option<order-id>) -> outcome'],
            },
          ],
        },
      ],
    });
  });
});
