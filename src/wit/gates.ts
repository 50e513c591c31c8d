/**
 * Feature gates: turning `@since` / `@unstable` / `@deprecated` annotations into
 * a model {@link Stability}, checking them, and deciding whether an item is
 * included for the enabled features.
 */
import type { GatesAst } from './ast.js';
import { WitErrorCode, witError } from './errors.js';
import type { Stability } from './model.js';
import type { SourceFile } from './source.js';

/** Which `@unstable` features are enabled while loading WIT. */
export interface LoadOptions {
  /** Names of `@unstable(feature = ..)` features to include. */
  readonly features?: readonly string[] | undefined;
  /** Include every `@unstable` item. */
  readonly allFeatures?: boolean | undefined;
  /**
   * The binary of a `deps/<name>.wat` file (WebAssembly text of a binary WIT
   * package), given its path and text. This module has no WebAssembly text
   * parser: without this function such a file is an `io` error.
   */
  readonly watToWasm?: ((path: string, text: string) => Uint8Array) | undefined;
}

const UNKNOWN: Stability = { tag: 'unknown' };

/** True when an item with these gates is part of the resolved model. */
export function gateEnabled(gates: GatesAst | undefined, options: LoadOptions): boolean {
  if (gates?.unstable === undefined) {
    return true;
  }
  return options.allFeatures === true || (options.features ?? []).includes(gates.unstable.name);
}

/**
 * Validates the gates of one item and converts them. `packageVersion` is the
 * version of the owning package (`@since` needs one).
 */
export function stabilityOf(
  gates: GatesAst | undefined,
  source: SourceFile,
  packageName: string,
  packageVersion: string | undefined,
): Stability {
  if (gates === undefined) {
    return UNKNOWN;
  }
  const { since, unstable, deprecated } = gates;
  if (since !== undefined && packageVersion === undefined) {
    throw witError(
      WitErrorCode.invalidGate,
      source,
      since.start,
      since.end - since.start,
      `\`@since\` needs a versioned package, but package \`${packageName}\` has no version; expected \`package ${packageName}@<version>;\``,
    );
  }
  if (since !== undefined && packageVersion !== undefined && compareVersions(since.text, packageVersion) > 0) {
    throw witError(
      WitErrorCode.invalidGate,
      source,
      since.start,
      since.end - since.start,
      `feature gate cannot reference unreleased version ${since.text} of package \`${packageName}\` (current version ${packageVersion}); expected a version no newer than ${packageVersion}`,
    );
  }
  if (since !== undefined) {
    return { tag: 'stable', since: since.text, deprecated: deprecated?.text };
  }
  if (unstable !== undefined) {
    return { tag: 'unstable', feature: unstable.name, deprecated: deprecated?.text };
  }
  throw witError(
    WitErrorCode.invalidGate,
    source,
    gates.start,
    1,
    '`@deprecated` must follow `@since` or `@unstable`; expected `@since(version = ..)` before it',
  );
}

/** Semver precedence of `a` and `b` (negative, zero or positive); build metadata is ignored. */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = splitVersion(a);
  const [coreB = '', preB] = splitVersion(b);
  const numsA = coreA.split('.').map(Number);
  const numsB = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (numsA[i] ?? 0) - (numsB[i] ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  if (preA === undefined || preB === undefined) {
    return preA === preB ? 0 : preA === undefined ? 1 : -1;
  }
  const idsA = preA.split('.');
  const idsB = preB.split('.');
  for (let i = 0; i < Math.max(idsA.length, idsB.length); i++) {
    const x = idsA[i];
    const y = idsB[i];
    if (x === undefined || y === undefined) {
      return x === undefined ? -1 : 1;
    }
    const order = compareIdentifiers(x, y);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

function splitVersion(version: string): [string, string | undefined] {
  const withoutBuild = version.split('+')[0] ?? '';
  const dash = withoutBuild.indexOf('-');
  return dash < 0 ? [withoutBuild, undefined] : [withoutBuild.slice(0, dash), withoutBuild.slice(dash + 1)];
}

function compareIdentifiers(x: string, y: string): number {
  const numeric = /^[0-9]+$/;
  if (numeric.test(x) && numeric.test(y)) {
    return Number(x) - Number(y);
  }
  if (numeric.test(x) !== numeric.test(y)) {
    return numeric.test(x) ? -1 : 1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}
