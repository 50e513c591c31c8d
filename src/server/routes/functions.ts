/** Functions and components the engine has loaded, and a component's WIT. */
import { ComponentDigest, type Engine, type LoadedComponent } from '../../engine/index.js';
import { componentJson, componentWit, functionJson } from '../describe.js';
import { HttpError } from '../errors.js';
import { defineRoute, reply, type Route } from '../route.js';
import { ErrorBody } from '../../wire/common.js';
import { ComponentIdParams, ComponentsBody, ComponentsQuery, FunctionsBody, WitBody } from '../../wire/components.js';

const functions = defineRoute({
  method: 'GET',
  path: '/v1/functions',
  operationId: 'listFunctions',
  summary: 'Every function that can be submitted',
  tag: 'components',
  responses: { 200: { description: 'the functions, sorted by FFQN', schema: FunctionsBody } },
  handle: ({ engine }) => {
    const list = engine.functions().map(functionJson);
    list.sort((a, b) => a.ffqn.localeCompare(b.ffqn));
    return Promise.resolve(reply(200, { functions: list }));
  },
});

const components = defineRoute({
  method: 'GET',
  path: '/v1/components',
  operationId: 'listComponents',
  summary: 'The loaded components',
  description:
    'Each with its exports and imports; with `extensions=true` also the extension functions generated for its exported interfaces.',
  tag: 'components',
  query: ComponentsQuery,
  responses: { 200: { description: 'the components, sorted by name', schema: ComponentsBody } },
  handle: ({ engine, query }) => {
    const list = engine.components().map((c) => componentJson(c, query.extensions === true));
    list.sort((a, b) => a.name.localeCompare(b.name) || a.component_id.localeCompare(b.component_id));
    return Promise.resolve(reply(200, { components: list }));
  },
});

/** The loaded component with this ID (400 for a malformed ID, 404 for an unknown one). */
export function findComponent(engine: Engine, id: string): LoadedComponent {
  const digest = ComponentDigest.parse(id);
  const found = engine.component(digest);
  if (found === undefined) {
    throw new HttpError(
      404,
      'not-found',
      `component not found: ${id}`,
      'GET /v1/components lists the loaded components',
    );
  }
  return found;
}

const wit = defineRoute({
  method: 'GET',
  path: '/v1/components/{id}/wit',
  operationId: 'getComponentWit',
  summary: "A component's WIT",
  tag: 'components',
  params: ComponentIdParams,
  responses: {
    200: { description: 'the WIT text', schema: WitBody },
    404: { description: 'no loaded component has this ID', schema: ErrorBody },
  },
  handle: ({ engine, params }) => {
    const component = findComponent(engine, params.id);
    return Promise.resolve(reply(200, { component_id: component.digest, wit: componentWit(component) }));
  },
});

export const COMPONENT_ROUTES: readonly Route[] = [functions, components, wit];
