// The construct's unit tests: no AWS tools needed. tsconfig's isolatedModules makes ts-jest transpile only; type errors
// (and the @ts-expect-error lines that prove compile-time checks) are `npm run typecheck`'s job.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/lint-example/'],
  // The example app (../examples/cdk) takes aws-cdk-lib from here, as a user's app takes it from its own node_modules.
  modulePaths: ['<rootDir>/node_modules'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testTimeout: 30000,
  // The root's closing line, "tests: N passed, N failed", for tools that read test counts from a run's last lines.
  reporters: ['default', '<rootDir>/../tests/support/summary-reporter.js'],
};
