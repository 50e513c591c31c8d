/** Writing, or checking, what `obelisk generate wit` generates for a project. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ObeliskConfig } from '../config/index.js';
import { planGuestTypes } from './guest-types.js';
import { buildableComponents, planWitDeps, type BuildableComponent, type PlannedFile } from './wit-deps.js';

/** What happened (or, with `check`, would happen) to one generated file. */
export interface WitChange {
  readonly path: string;
  readonly change: 'created' | 'updated';
  readonly component: string;
}

export interface GenerateWitOptions {
  /** Only this component (by name). */
  readonly component?: string | undefined;
  /** Write nothing; report what would change. */
  readonly check?: boolean;
}

/** Every file of every buildable component (or of one), as it should be. */
export async function planProjectWit(
  config: ObeliskConfig,
  components: readonly BuildableComponent[],
): Promise<{ component: string; files: PlannedFile[] }[]> {
  const plans = [];
  for (const component of components) {
    const deps = planWitDeps(config, component);
    const types = component.build.language === 'ts' ? await planGuestTypes(component, deps) : [];
    plans.push({ component: component.name, files: [...deps, ...types] });
  }
  return plans;
}

/** Generates (or checks) `wit/deps/` and the TypeScript types; returns the files that changed. */
export async function generateWit(config: ObeliskConfig, options: GenerateWitOptions = {}): Promise<WitChange[]> {
  const components = buildableComponents(config).filter(
    (c) => options.component === undefined || c.name === options.component,
  );
  const changes: WitChange[] = [];
  for (const plan of await planProjectWit(config, components)) {
    for (const file of plan.files) {
      const current = existsSync(file.path) ? readFileSync(file.path, 'utf8') : null;
      if (current === file.content) {
        continue;
      }
      changes.push({ path: file.path, change: current === null ? 'created' : 'updated', component: plan.component });
      if (options.check !== true) {
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(`${file.path}.tmp`, file.content);
        renameSync(`${file.path}.tmp`, file.path);
      }
    }
  }
  return changes;
}
