import { defineConfig } from 'tsup';

/** One ESM entry, the `disputekit` bin, with its shebang; the workspace packages stay external. */
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  external: [/^@disputekit\//, 'fastify', 'commander', 'fp-ts', 'better-sqlite3', 'pg', '@kurrent/kurrentdb-client'],
});
