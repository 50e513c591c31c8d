/** Checks across entries: unique names, and references between sections. */
import { isTable } from './expand.js';
import type { KeyPath } from './key-lines.js';
import { parseRoute, routeConflicts, type Route } from './webhook-routes.js';

export interface TreeProblem {
  readonly path: KeyPath;
  readonly message: string;
}

/** Sections whose entries share one namespace of component names. */
export const COMPONENT_SECTIONS = ['activity_wasm', 'activity_stub', 'workflow', 'webhook_endpoint'] as const;

interface Named {
  readonly name: string;
  readonly section: string;
  readonly index: number;
}

function namedEntries(tree: Record<string, unknown>, section: string): Named[] {
  const entries = tree[section];
  if (!Array.isArray(entries)) {
    return [];
  }
  return entries.flatMap((entry: unknown, index) =>
    isTable(entry) && typeof entry['name'] === 'string' ? [{ name: entry['name'], section, index }] : [],
  );
}

function duplicates(entries: readonly Named[], scope: string, problems: TreeProblem[]): void {
  const seen = new Map<string, Named>();
  for (const entry of entries) {
    const first = seen.get(entry.name);
    if (first === undefined) {
      seen.set(entry.name, entry);
    } else {
      problems.push({
        path: [entry.section, entry.index, 'name'],
        message: `duplicate name ${JSON.stringify(entry.name)}: also used by ${first.section}[${first.index}] (${scope})`,
      });
    }
  }
}

/** Every cross-entry problem of a (raw, expanded, overridden) configuration tree. */
export function crossCheck(tree: Record<string, unknown>): TreeProblem[] {
  const problems: TreeProblem[] = [];
  duplicates(
    COMPONENT_SECTIONS.flatMap((section) => namedEntries(tree, section)),
    'component names are unique across activity_wasm, activity_stub, workflow and webhook_endpoint',
    problems,
  );
  const servers = namedEntries(tree, 'http_server');
  duplicates(servers, 'http_server names are unique', problems);
  duplicates(namedEntries(tree, 'cron'), 'cron names are unique', problems);
  const webhooks = tree['webhook_endpoint'];
  if (Array.isArray(webhooks)) {
    const known = servers.map((s) => s.name);
    webhooks.forEach((entry: unknown, index) => {
      const server = isTable(entry) ? entry['http_server'] : undefined;
      if (typeof server === 'string' && !known.includes(server)) {
        const declared = known.length === 0 ? 'no [[http_server]] is declared' : `declared: ${known.join(', ')}`;
        problems.push({
          path: ['webhook_endpoint', index, 'http_server'],
          message: `no [[http_server]] named ${JSON.stringify(server)} (${declared})`,
        });
      }
    });
    problems.push(...conflictingRoutes(webhooks));
  }
  return problems;
}

/** Two routes of endpoints on one HTTP server that match the same requests equally specifically. */
function conflictingRoutes(webhooks: readonly unknown[]): TreeProblem[] {
  const byServer = new Map<string, { route: Route; target: { name: string; index: number } }[]>();
  webhooks.forEach((entry: unknown, index) => {
    if (!isTable(entry) || typeof entry['http_server'] !== 'string' || !Array.isArray(entry['routes'])) {
      return;
    }
    const name = typeof entry['name'] === 'string' ? entry['name'] : `#${index}`;
    const list = byServer.get(entry['http_server']) ?? [];
    for (const text of entry['routes'] as unknown[]) {
      const route = typeof text === 'string' ? parseRoute(text) : 'not a string';
      if (typeof route !== 'string') {
        list.push({ route, target: { name, index } });
      }
    }
    byServer.set(entry['http_server'], list);
  });
  return [...byServer].flatMap(([server, routes]) =>
    routeConflicts(routes).map(({ first, second }) => ({
      path: ['webhook_endpoint', second.target.index, 'routes'],
      message: `the route ${JSON.stringify(second.route.text)} conflicts with ${JSON.stringify(first.route.text)} of webhook_endpoint ${JSON.stringify(first.target.name)}: both match the same requests on http_server ${JSON.stringify(server)}`,
    })),
  );
}
