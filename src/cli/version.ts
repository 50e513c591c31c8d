import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version from package.json (works from `src/` under vitest and from `dist/`). */
export const VERSION: string = (require('../../package.json') as { version: string }).version;
