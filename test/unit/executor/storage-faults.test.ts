import { describe, expect, test } from 'vitest';
import {
  SimClock,
  StorageBusy,
  StorageFailure,
  VersionConflict,
  type EngineLogger,
} from '../../../src/engine/index.js';
import { StorageFaults } from '../../../src/engine/executor/index.js';
import { QUIET_AFTER_OUTAGE_MS } from '../../../src/engine/executor/storage-faults.js';

function collectingLogger(): { lines: string[]; logger: EngineLogger } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    };
  return { lines, logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } };
}

describe('storage faults', () => {
  test('an outage is logged once with its hint, backs off up to 5 s, and its end is logged once', () => {
    const clock = new SimClock(1_000);
    const { lines, logger } = collectingLogger();
    const faults = new StorageFaults(logger, clock);
    const full = new StorageFailure('database error SQLITE_FULL on /data/obelisk.sqlite: database or disk is full', {
      hint: 'free space on the disk that holds /data/obelisk.sqlite; obelisk tries again on its own',
    });
    const delays = Array.from({ length: 10 }, () => faults.fault(full, 'recording an outcome'));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('error storage failure while recording an outcome: database error SQLITE_FULL on /data');
    expect(lines[0]).toContain('"hint":"free space on the disk that holds /data/obelisk.sqlite');
    expect(faults.outage).toMatchObject({ since: 1_000, faults: 10 });
    clock.advance(2_500);
    faults.ok();
    faults.ok();
    expect(lines.slice(1)).toEqual(['info storage works again {"faults":10,"outageMs":2500}']);
    expect(faults.outage).toBeNull();
    expect(faults.fault(new StorageBusy('busy'), 'locking')).toBe(100);
  });

  test('a write that works between faults does not end the outage: it ends after a quiet second', async () => {
    const clock = new SimClock(1_000);
    const { lines, logger } = collectingLogger();
    const faults = new StorageFaults(logger, clock);
    const full = new StorageFailure('database error SQLITE_FULL on /data/obelisk.sqlite: database or disk is full');
    faults.fault(full, 'recording an outcome');
    clock.advance(15);
    // A small commit fitted on the nearly full disk; the next one does not.
    faults.ok();
    clock.advance(5);
    faults.fault(full, 'extending a lock');
    expect(lines).toHaveLength(1);
    expect(faults.outage).toMatchObject({ faults: 2 });
    clock.advance(10);
    faults.ok();
    expect(faults.outage).not.toBeNull();
    // No fault for a second after the last one: the pending check ends the outage on its own.
    clock.advance(QUIET_AFTER_OUTAGE_MS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(faults.outage).toBeNull();
    expect(lines.slice(1)).toEqual(['info storage works again {"faults":2,"outageMs":1030}']);
  });

  test('only storage faults are handled', () => {
    expect(StorageFaults.is(new StorageFailure('x'))).toBe(true);
    expect(StorageFaults.is(new StorageBusy('x'))).toBe(true);
    expect(StorageFaults.is(new VersionConflict('E_x', 1, 2))).toBe(false);
    expect(StorageFaults.is(new Error('x'))).toBe(false);
  });
});
