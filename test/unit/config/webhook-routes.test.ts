import { describe, expect, test } from 'vitest';
import { matchRoute, parseRoute, routeConflicts, type Route } from '../../../src/config/webhook-routes.js';

function route(text: string): Route {
  const parsed = parseRoute(text);
  if (typeof parsed === 'string') {
    throw new Error(parsed);
  }
  return parsed;
}

const table = (...texts: string[]): { route: Route; target: string }[] =>
  texts.map((text) => ({ route: route(text), target: text }));

describe('webhook routes', () => {
  test.each([
    ['orders/:id', 'the path must start with "/"'],
    ['post /x', 'the method "post" is not an upper-case HTTP method such as GET or POST'],
    ['/a/*/b', '"*" may only be the last segment'],
    ['/a/:', 'the parameter ":" needs a name of letters, digits and "_"'],
    ['/a/:id/:id', 'the parameter ":id" appears twice'],
    ['/a//b', 'empty path segment ("//" or a trailing "/")'],
    ['GET /a extra', 'expected "/path" or "METHOD /path"'],
  ])('%s is refused: %s', (text, reason) => {
    expect(parseRoute(text)).toBe(reason);
  });

  test('parameters, the rest of the path and the method are matched; the query is ignored', () => {
    const routes = table('/orders/:id', 'POST /hooks/github', '/static/*', '/');
    expect(matchRoute(routes, 'GET', '/orders/a%20b?x=1')).toMatchObject({
      target: '/orders/:id',
      params: { id: 'a b' },
    });
    expect(matchRoute(routes, 'POST', '/hooks/github')?.target).toBe('POST /hooks/github');
    expect(matchRoute(routes, 'GET', '/hooks/github')).toBeNull();
    expect(matchRoute(routes, 'GET', '/static/css/site.css')?.params).toEqual({ '*': 'css/site.css' });
    expect(matchRoute(routes, 'GET', '/')?.target).toBe('/');
    expect(matchRoute(routes, 'GET', '/orders')).toBeNull();
    expect(matchRoute(routes, 'GET', '/orders/1/2')).toBeNull();
  });

  test('the most specific route wins: a literal over a parameter over *, a method over any method', () => {
    const routes = table('/*', '/orders/:id', '/orders/new', 'POST /orders/:id');
    expect(matchRoute(routes, 'GET', '/orders/new')?.target).toBe('/orders/new');
    expect(matchRoute(routes, 'GET', '/orders/7')?.target).toBe('/orders/:id');
    expect(matchRoute(routes, 'POST', '/orders/7')?.target).toBe('POST /orders/:id');
    expect(matchRoute(routes, 'GET', '/elsewhere')?.target).toBe('/*');
  });

  test('routes that match the same requests equally specifically conflict', () => {
    const conflicts = routeConflicts(table('/orders/:id', '/orders/:order', 'GET /orders/:id', '/orders/new', '/*'));
    expect(conflicts.map((c) => [c.first.target, c.second.target])).toEqual([['/orders/:id', '/orders/:order']]);
  });
});
