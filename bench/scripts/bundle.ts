/**
 * Bundles one bench script with the workspace sources it imports (esbuild, unminified, as
 * scripts/profile.ts bundles the worker), so that its CPU profiles name real functions (through tsx
 * most frames are anonymous) and it runs as the built packages would.
 * Usage: node --import tsx scripts/bundle.ts scripts/readProfile.ts .cache/readProfile.mjs && node .cache/readProfile.mjs sqlite
 */
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) throw new Error('usage: bundle.ts ENTRY OUTFILE');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  tsconfig: 'tsconfig.json',
  external: ['better-sqlite3', 'sqlite3', 'pg-native', '@event-driven-io/*', 'pg', 'esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
