/** Functions, components and their WIT, plus the server's own routes (health, execution IDs). */
import { z } from 'zod';
import { MAX_QUERY_TEXT_LENGTH, QueryBool, boundedText } from './common.js';

export const ComponentKindText = z.enum(['activity_wasm', 'activity_stub', 'workflow']);

const NamedType = z.object({ name: z.string(), type: z.string().describe('WIT type, e.g. `list<u8>`') });

export const FunctionJson = z
  .object({
    ffqn: z.string(),
    params: z.array(NamedType),
    result: z.string().nullable().describe('WIT return type; null when it returns nothing'),
    component_id: z.string().describe('content digest of the component exporting it'),
    kind: ComponentKindText,
  })
  .meta({ id: 'Function', description: 'A function that can be submitted.' });
export type FunctionJson = z.output<typeof FunctionJson>;

export const FunctionsBody = z
  .object({ functions: z.array(FunctionJson).describe('sorted by FFQN') })
  .meta({ id: 'Functions' });

export const ExtensionFunctionJson = z
  .object({ ffqn: z.string(), params: z.array(NamedType), result: z.string().nullable() })
  .meta({
    id: 'ExtensionFunction',
    description: 'A generated extension function (`-submit`, `-await-next`, `-get`, `-invoke`, `-schedule`, `-stub`).',
  });
export type ExtensionFunctionJson = z.output<typeof ExtensionFunctionJson>;

export const ComponentJson = z
  .object({
    component_id: z.string().describe('the content digest, `sha256:<hex>`'),
    name: z.string(),
    kind: ComponentKindText,
    exports: z.array(z.string()).describe('FFQNs of the exported functions'),
    imports: z.array(z.string()).describe('what the component imports, one WIT world item per entry'),
    extensions: z
      .array(ExtensionFunctionJson)
      .optional()
      .describe('with `?extensions=true`: the extension functions other components can import'),
  })
  .meta({ id: 'Component' });
export type ComponentJson = z.output<typeof ComponentJson>;

export const ComponentsQuery = z.object({
  extensions: QueryBool.optional().describe('also list the generated extension functions of each component'),
});

export const ComponentsBody = z
  .object({ components: z.array(ComponentJson).describe('sorted by name') })
  .meta({ id: 'Components' });

export const ComponentIdParams = z.object({
  id: boundedText(MAX_QUERY_TEXT_LENGTH).describe('a component ID: its content digest `sha256:<hex>`'),
});

export const WitBody = z
  .object({
    component_id: z.string(),
    wit: z.string().describe('the WIT of the component: its root package first, dependencies nested'),
  })
  .meta({ id: 'ComponentWit' });

export const HealthBody = z.object({ status: z.literal('ok'), version: z.string() }).meta({ id: 'Health' });

/** `/healthz` during a storage outage: writes to the database fail (the message names it, the hint says what to do). */
export const UnhealthyBody = z
  .object({
    status: z.literal('unhealthy'),
    version: z.string(),
    storage: z.object({ message: z.string(), hint: z.string().optional(), since: z.string() }),
  })
  .meta({ id: 'Unhealthy' });

/** `/openapi.json` is described, not re-described: any JSON object. */
export const OpenApiBody = z.record(z.string(), z.unknown()).meta({ id: 'OpenApiDocument' });
