import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker entries are their own files: `createHashPool` and `leafChunks` start them from beside the bundle.
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', internal: 'src/internal/index.ts', hashWorker: 'src/audit/merkle/hashWorker.ts', logRangeWorker: 'src/audit/merkle/logRangeWorker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', internal: 'src/internal/index.ts' }, compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['fp-ts', 'io-ts', 'fast-check'],
});
