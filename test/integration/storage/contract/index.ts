/**
 * The storage contract suite: written once, run against every backend (libSQL
 * `:memory:`, libSQL file, later PostgreSQL) under a simulated clock.
 */
import { describe, expect, test } from 'vitest';
import { createCases } from './create.js';
import { cronCases } from './cron.js';
import { ContractRun, type StoreFactory } from './harness.js';
import { delayCases } from './delays.js';
import { finishCases } from './finish.js';
import { flagCases } from './flags.js';
import { listCases } from './list.js';
import { lockCases } from './lock.js';
import { logCases } from './logs.js';
import { notifyCases } from './notify.js';
import { retentionCases } from './retention.js';
import { stepCases } from './step.js';

export type { StoreFactory } from './harness.js';

/** Registers every contract case for `factory`, plus a last test that reports how many ran. */
export function defineStoreContract(factory: StoreFactory): void {
  describe(`storage contract (${factory.name})`, () => {
    const run = new ContractRun(factory);
    describe('create and read', () => createCases(run));
    describe('lock, append, unlock', () => lockCases(run));
    describe('finish and responses', () => finishCases(run));
    describe('workflow steps', () => stepCases(run));
    describe('delays', () => delayCases(run));
    describe('pause, cancel, stub', () => flagCases(run));
    describe('list', () => listCases(run));
    describe('logs', () => logCases(run));
    describe('notifications', () => notifyCases(run));
    describe('cron state', () => cronCases(run));
    describe('retention', () => retentionCases(run));
    test('every contract case ran and passed', () => {
      console.log(`storage contract (${factory.name}): ${run.passed} of ${run.registered} cases passed`);
      expect(run.registered).toBeGreaterThan(0);
      expect(run.passed).toBe(run.registered);
    });
  });
}
