import { createRequire } from 'node:module';

/**
 * The CLI's version, shown by `--version`, read from packages/cli/package.json. This file sits one
 * folder below the package (src/version.ts), as the built bin does (dist/bin.js), so the same
 * relative path finds the package file from the sources and from the build.
 */
export const CLI_VERSION: string = (() => {
  const manifest: unknown = createRequire(import.meta.url)('../package.json');
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  if (typeof version !== 'string' || version === '') throw new Error('packages/cli/package.json has no version.');
  return version;
})();
