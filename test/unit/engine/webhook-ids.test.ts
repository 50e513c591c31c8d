import { describe, expect, test } from 'vitest';
import { idempotencyKey, idempotentExecutionId } from '../../../src/engine/api/webhook-idempotency.js';
import { ExecutionId, webhookFfqn } from '../../../src/engine/index.js';

describe('webhook execution names and IDs', () => {
  test('an endpoint name becomes a valid FFQN', () => {
    expect(webhookFfqn('orders')).toBe('obelisk-webhook:orders/endpoint.request');
    expect(webhookFfqn('github_hooks')).toBe('obelisk-webhook:github-hooks/endpoint.request');
    expect(webhookFfqn('hook-2')).toBe('obelisk-webhook:hook2/endpoint.request');
    expect(webhookFfqn('_')).toBe('obelisk-webhook:endpoint/endpoint.request');
  });

  test('an idempotency key gives one execution ID per endpoint and key', () => {
    const id = idempotentExecutionId('orders', 'order-7');
    expect(ExecutionId.parse(id)).toBe(id);
    expect(idempotentExecutionId('orders', 'order-7')).toBe(id);
    expect(idempotentExecutionId('orders', 'order-8')).not.toBe(id);
    expect(idempotentExecutionId('payments', 'order-7')).not.toBe(id);
  });

  test('only one non-empty key of at most 255 characters counts', () => {
    expect(idempotencyKey(' k ')).toBe('k');
    expect(idempotencyKey('')).toBeNull();
    expect(idempotencyKey(undefined)).toBeNull();
    expect(idempotencyKey(['a', 'b'])).toBeNull();
    expect(idempotencyKey('x'.repeat(256))).toBeNull();
  });
});
