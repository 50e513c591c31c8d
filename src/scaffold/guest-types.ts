/**
 * TypeScript declarations of a TypeScript component's WIT imports and exports (`declare module
 * 'ns:pkg/ifc'`), generated with jco's guest types into `<component>/types/` beside its `wit/`, so
 * that editors and `obelisk build` check the code against the WIT.
 */
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { generateGuestTypes } from '@bytecodealliance/jco-transpile';
import { ErrorCode, UserError } from '../cli/errors.js';
import { openFilesystem } from './preopens.js';
import type { BuildableComponent, PlannedFile } from './wit-deps.js';

/** The folder the declarations of `component` go to. */
export function typesDir(component: BuildableComponent): string {
  return join(dirname(component.build.wit), 'types');
}

/**
 * The declarations of `component` as they will be once `deps` (its planned `wit/deps/` files) are
 * written: generated from a copy of its WIT with those files in place.
 */
export async function planGuestTypes(
  component: BuildableComponent,
  deps: readonly PlannedFile[],
): Promise<PlannedFile[]> {
  await openFilesystem();
  const staging = mkdtempSync(join(tmpdir(), 'obelisk-types-'));
  try {
    const wit = join(staging, 'wit');
    cpSync(component.build.wit, wit, { recursive: true });
    for (const file of deps) {
      const target = join(wit, relative(component.build.wit, file.path));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    const files = await generate(wit, component);
    const out = typesDir(component);
    return Object.entries(files)
      .map(([path, bytes]) => ({ path: join(out, path), content: Buffer.from(bytes).toString('utf8') }))
      .sort((a, b) => a.path.localeCompare(b.path));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function generate(wit: string, component: BuildableComponent): Promise<Record<string, Uint8Array>> {
  try {
    return await generateGuestTypes(wit, { worldName: component.build.world, outDir: '' });
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(
      ErrorCode.invalidInput,
      `cannot generate the TypeScript types of ${component.name} from ${component.build.wit} (world ${component.build.world}): ${message.split('\n').join(' ')}`,
      { cause: error, hint: 'check that the world exists and that `obelisk generate wit` can read every import' },
    );
  }
}
