/**
 * `build = { ts = "src/activity.ts", wit = "wit", world = "activity" }` on an `[[activity_wasm]]`, a
 * `[[workflow]]` or a `[[webhook_endpoint]]`: the component is built from JavaScript or TypeScript by `obelisk build` (and by
 * `obelisk dev`) into its `location.path`.
 */
import type * as z from 'zod';
import { resolvePath } from './dirs.js';
import { isTable } from './expand.js';
import { fail, leaf, pass, reported, show, type LeafContext, type SubIssue } from './leaves.js';

/** The source languages `build` accepts, as keys of the table. */
export const BUILD_LANGUAGES = ['js', 'ts'] as const;
export type BuildLanguage = (typeof BUILD_LANGUAGES)[number];

/** A component's `build` table, paths absolute. */
export interface BuildConfig {
  readonly language: BuildLanguage;
  /** The entry module (one file: imports other than WIT interfaces must be type-only). */
  readonly source: string;
  /** The component's WIT folder (its package, with `deps/` written by `obelisk generate wit`). */
  readonly wit: string;
  /** The world of that package the component implements. */
  readonly world: string;
}

const WHAT = 'a table { js = "src/file.js" } or { ts = "src/file.ts" }, with wit = "wit" and world = "name"';
const KEYS = ['js', 'ts', 'wit', 'world'] as const;
const WORLD = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;

/** The `build` key of a component. */
export function buildTable(ctx: LeafContext): z.ZodType<BuildConfig> {
  return leaf<BuildConfig>(WHAT, (value, _raw, sub) => {
    if (!isTable(value)) {
      return fail();
    }
    for (const key of Object.keys(value)) {
      if (!(KEYS as readonly string[]).includes(key)) {
        sub.push({ path: [key], message: `unknown key; expected one of: ${KEYS.join(', ')}` });
      }
    }
    const languages = BUILD_LANGUAGES.filter((language) => value[language] !== undefined);
    if (languages.length !== 1) {
      return fail(
        `expected exactly one of js or ts (the entry module), got ${languages.length === 0 ? 'neither' : 'both'}`,
      );
    }
    const language = languages[0] as BuildLanguage;
    const source = relativePath(ctx, value[language], language, sub);
    const wit = relativePath(ctx, value['wit'] ?? 'wit', 'wit', sub);
    const world = value['world'];
    if (typeof world !== 'string' || !WORLD.test(world)) {
      sub.push({
        path: ['world'],
        message: `expected the name of a world in the WIT folder, e.g. "activity", got ${show(world)}`,
      });
      return reported();
    }
    if (source === null || wit === null || sub.length > 0) {
      return reported();
    }
    return pass({ language, source, wit, world });
  });
}

function relativePath(ctx: LeafContext, value: unknown, key: string, sub: SubIssue[]): string | null {
  if (typeof value !== 'string' || value === '') {
    sub.push({ path: [key], message: `expected a path (relative to the config file), got ${show(value)}` });
    return null;
  }
  return resolvePath(ctx.dir, value, ctx.env);
}
