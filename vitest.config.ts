/**
 * Three test layers (see DEVELOPMENT.md): `unit` (pure, fast, parallel),
 * `integration` (real libSQL / workers / components, one file at a time) and
 * `e2e` (the built `bin/obelisk.js` in temp dirs). Tests tagged `slow` are
 * skipped by `npm run test:fast`.
 */
import { defineConfig } from 'vitest/config';

const SLOW_TIMEOUT_MS = 300_000;
/** Builds the ComponentizeJS fixtures (cached by source hash); the unit layer needs none. */
const JS_FIXTURES_SETUP = 'test/helpers/global-setup.ts';

export default defineConfig({
  test: {
    tags: [
      {
        name: 'slow',
        description: 'Takes seconds to minutes (ComponentizeJS builds, crash loops, real clocks).',
        timeout: SLOW_TIMEOUT_MS,
      },
    ],
    reporters: process.env['CI'] === 'true' ? ['default'] : ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          globalSetup: [JS_FIXTURES_SETUP],
          include: ['test/integration/**/*.test.{ts,tsx}'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          globalSetup: [JS_FIXTURES_SETUP],
          include: ['test/e2e/**/*.test.{ts,tsx}'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
