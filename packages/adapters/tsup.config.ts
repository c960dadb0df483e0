import { defineConfig } from 'tsup';

/** One entry a subpath, so a user of `./memory` never loads a database driver. */
export default defineConfig({
  entry: {
    'memory/index': 'src/memory/index.ts',
    'sqlite/index': 'src/sqlite/index.ts',
    'postgres/index': 'src/postgres/index.ts',
    'eventstoredb/index': 'src/eventstoredb/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  // The tsconfig is `composite` and maps @disputekit/core to its sources (for `tsc -b`); the
  // declaration build needs neither: it reads core's published types, built first by `pnpm -r`.
  dts: { compilerOptions: { composite: false, paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [
    '@disputekit/core',
    'fp-ts',
    'better-sqlite3',
    'pg',
    '@electric-sql/pglite',
    '@kurrent/kurrentdb-client',
    '@eventstore/db-client',
  ],
});
