/**
 * Loads the TUI module. Ink switches to a static output (only the final frame, written on exit)
 * when it sees `CI` or `CONTINUOUS_INTEGRATION` in the environment, and reads them once, when it
 * loads. The TUI runs only on a real terminal (its commands check that first), so those variables
 * are set aside before Ink loads and restored right after.
 */
import type * as Tui from './index.js';

export async function loadTui(): Promise<typeof Tui> {
  const names = ['CI', 'CONTINUOUS_INTEGRATION'] as const;
  const saved = names.map((name) => [name, process.env[name]] as const);
  for (const name of names) {
    delete process.env[name];
  }
  try {
    return await import('./index.js');
  } finally {
    for (const [name, value] of saved) {
      if (value !== undefined) {
        process.env[name] = value;
      }
    }
  }
}
