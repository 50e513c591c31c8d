/**
 * `obelisk generate wit --oci REF [--name NAME] [--add]`: the WIT of a component from a registry
 * for the workflows and webhook endpoints of a project. Without `--add` its packages are written
 * into their `wit/deps/` as the user's own files (not listed as generated); with `--add` the
 * component is appended to
 * `obelisk.toml` with `location.oci`, and `generate wit` then manages its WIT like any other
 * callee's (pulled through `obelisk.lock`, which records its digests).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorCode, UserError } from '../cli/errors.js';
import { loadConfig, type ObeliskConfig } from '../config/index.js';
import type { ComponentType } from '../wit/extension-names.js';
import { decodedCalleeFiles } from './callee-wit.js';
import { generateWit, type WitChange } from './generate-wit.js';
import { buildableComponents, callsOthers } from './wit-deps.js';

export interface OciCallee {
  /** The reference as given (written to `location.oci`). */
  readonly reference: string;
  readonly repository: string;
  readonly bytes: Uint8Array;
  readonly type: Extract<ComponentType, 'activity_wasm' | 'workflow'>;
}

export interface OciCalleeOptions {
  readonly name?: string | undefined;
  /** Only this workflow's or webhook endpoint's `wit/deps/`. */
  readonly component?: string | undefined;
  readonly configFile: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The component name: `--name`, else the last segment of the repository, made a valid name. */
export function ociCalleeName(callee: OciCallee, name: string | undefined): string {
  if (name !== undefined) {
    return name;
  }
  const last = callee.repository.split('/').pop() ?? 'component';
  return last.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}

/**
 * Writes the callee's packages into the `wit/deps/` of the project's workflows and webhook
 * endpoints (or of `component`).
 */
export function writeOciCalleeWit(
  config: ObeliskConfig,
  callee: OciCallee,
  options: Pick<OciCalleeOptions, 'name' | 'component'>,
): WitChange[] {
  const callers = buildableComponents(config).filter(
    (c) => callsOthers(c) && (options.component === undefined || c.name === options.component),
  );
  if (callers.length === 0) {
    throw new UserError(
      ErrorCode.notFound,
      'there is no workflow or webhook endpoint with a build table to write the WIT for',
      {
        hint: 'add a workflow with `build = { ... }` to obelisk.toml (e.g. `obelisk new -t js-workflow`), or pass --component',
      },
    );
  }
  const name = ociCalleeName(callee, options.name);
  const files = decodedCalleeFiles(name, callee.bytes, callee.type);
  const changes: WitChange[] = [];
  for (const caller of callers) {
    for (const file of files) {
      const folder = join(caller.build.wit, 'deps', file.folder);
      const path = join(folder, file.file);
      const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
      if (current === file.content || (file.shared && existsSync(folder))) {
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      changes.push({ path, change: current === null ? 'created' : 'updated', component: caller.name });
    }
  }
  return changes;
}

/**
 * Appends the callee to `obelisk.toml` (unless a component of that name already has this
 * reference), then generates the project's WIT; returns the name and the changes.
 */
export async function addOciCallee(
  config: ObeliskConfig,
  callee: OciCallee,
  options: OciCalleeOptions,
): Promise<{ name: string; added: boolean; changes: WitChange[] }> {
  const name = ociCalleeName(callee, options.name);
  const existing = [...config.activities, ...config.workflows, ...config.stubs].find((c) => c.name === name);
  const same =
    existing !== undefined && existing.location.kind === 'oci' && existing.location.reference === callee.reference;
  if (existing !== undefined && !same) {
    throw new UserError(ErrorCode.invalidInput, `obelisk.toml already has a component named ${name}`, {
      hint: 'pick another name with --name',
    });
  }
  if (!same) {
    appendEntry(options, name, callee);
  }
  const reloaded = loadConfig({ file: options.configFile, cwd: options.cwd, env: options.env }).config;
  const changes = await generateWit(reloaded, { configFile: options.configFile, env: options.env });
  return { name, added: !same, changes };
}

function appendEntry(options: OciCalleeOptions, name: string, callee: OciCallee): void {
  const before = readFileSync(options.configFile, 'utf8');
  const table = callee.type === 'workflow' ? 'workflow' : 'activity_wasm';
  const entry = [
    '',
    `[[${table}]]`,
    `name = ${JSON.stringify(name)}`,
    `location.oci = ${JSON.stringify(callee.reference)}`,
    '',
  ];
  appendFileSync(options.configFile, `${before.endsWith('\n') ? '' : '\n'}${entry.join('\n')}`);
  try {
    loadConfig({ file: options.configFile, cwd: options.cwd, env: options.env });
  } catch (error: unknown) {
    writeFileSync(options.configFile, before);
    throw error;
  }
}
