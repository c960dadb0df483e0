/**
 * One jest run for the whole workspace. Sources are compiled by @swc/jest; workspace packages
 * resolve to their TypeScript sources so tests never need a build first.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
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
    '^@disputekit/adapters/(.*)$': '<rootDir>/packages/adapters/src/$1/index.ts',
    '^@disputekit/projections$': '<rootDir>/packages/projections/src/index.ts',
    '^@disputekit/projections/testing$': '<rootDir>/packages/projections/src/testing/index.ts',
  },
  // Dependencies are not compiled, except the few that ship only ES modules and are require()d by a
  // CommonJS dependency (light-my-request, Fastify's inject, needs cookie 2): swc makes them CommonJS.
  transformIgnorePatterns: ['^(?!.*/node_modules/\\.pnpm/cookie@).*/node_modules/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  collectCoverageFrom: ['packages/*/src/**/*.ts', '!**/*.test.ts', '!**/index.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './packages/core/src/': { lines: 95 },
  },
};
