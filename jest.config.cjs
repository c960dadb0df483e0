/**
 * One jest run for the whole workspace. Sources are compiled by @swc/jest; workspace packages
 * resolve to their TypeScript sources so tests never need a build first.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  // Two workers on the 2-core machine CI runs on: measured on packages/core under load, 1 worker took
  // 156 s and 2 workers 112 s (docs/guides/testing.md); jest's default would be 1 (cores - 1).
  maxWorkers: 2,
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: {
    '^@disputekit/core$': '<rootDir>/packages/core/src/index.ts',
    '^@disputekit/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@disputekit/core/internal$': '<rootDir>/packages/core/src/internal/index.ts',
    '^@disputekit/adapters/(.*)$': '<rootDir>/packages/adapters/src/$1/index.ts',
    '^@disputekit/projections$': '<rootDir>/packages/projections/src/index.ts',
    '^@disputekit/projections/testing$': '<rootDir>/packages/projections/src/testing/index.ts',
  },
  // Dependencies are not compiled, except the few that ship only ES modules and are require()d by a
  // CommonJS dependency (light-my-request, Fastify's inject, needs cookie 2): swc makes them CommonJS.
  transformIgnorePatterns: ['^(?!.*/node_modules/\\.pnpm/cookie@).*/node_modules/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Catches hangs, not slowness: a test on a busy 2-core machine may take many times its idle time.
  testTimeout: 60_000,
  // One id per run names every test schema, database and temporary folder; the teardown removes
  // exactly this run's leftovers (docs/guides/testing.md). The setup also probes PostgreSQL once.
  globalSetup: '<rootDir>/packages/adapters/src/testRun/jestGlobalSetup.ts',
  globalTeardown: '<rootDir>/packages/adapters/src/testRun/jestGlobalTeardown.ts',
  // jest says nothing about a file whose tests are all skipped: list every skip and its reason.
  reporters: ['default', '<rootDir>/scripts/jest/skipReasonReporter.cjs'],
  collectCoverageFrom: ['packages/*/src/**/*.ts', '!**/*.test.ts', '!**/index.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './packages/core/src/': { lines: 95 },
  },
};
