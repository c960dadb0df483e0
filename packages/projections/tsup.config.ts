import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // The tsconfig is `composite` (for `tsc -b`); the declaration build needs neither that nor the source paths: it reads core's built types.
  dts: { compilerOptions: { composite: false, paths: {} } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['@disputekit/core', 'fp-ts', 'better-sqlite3', 'pg'],
});
