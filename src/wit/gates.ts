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
  if (since !== undefined && unstable !== undefined) {
    throw witError(
      WitErrorCode.invalidGate,
      source,
      gates.start,
      1,
      'an item cannot be both `@since` and `@unstable`; expected exactly one of them',
    );
  }
  if (since !== undefined && packageVersion === undefined) {
    throw witError(
      WitErrorCode.invalidGate,
      source,
      since.start,
      since.end - since.start,
      `\`@since\` needs a versioned package, but package \`${packageName}\` has no version; expected \`package ${packageName}@<version>;\``,
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
