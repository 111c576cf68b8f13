// The SDK warns on every client that Node 20 support ends in 2027; Lambda runs nodejs22.x and the project pins its
// SDK version, so the warning is noise in test output. Workers inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Under Stryker (npm run mutate) every run happens in a sandbox without dist/: the bundle tests and the scripts' tests
// (npm run invoke runs dist/index.js) exercise the built artifact, not the mutated sources, so they are left out there.
const underStryker = process.env.STRYKER_MUTATOR_WORKER !== undefined;
// `npm run mutate -- <module>` narrows a run to the suites that test the module directly (MUTATION_TEST_ROOTS, comma-
// separated folders under tests/): on two cores the whole suite per mutant takes hours. The score is then a lower bound,
// and the README says which suites each score used.
const mutationTestRoots = underStryker && process.env.MUTATION_TEST_ROOTS ? process.env.MUTATION_TEST_ROOTS.split(',') : undefined;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: mutationTestRoots ? mutationTestRoots.map((folder) => `<rootDir>/${folder}`) : ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/aws-tools/', ...(underStryker ? ['<rootDir>/tests/bundle/', '<rootDir>/tests/scripts/'] : [])],
  // Rebuilds dist/ when it is older than lib/, handler/ or bin/, so the bundle tests never test a stale build.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  // Fails the run when a process a test started is still alive at the end (issue 22, item 12). Not under Stryker: its
  // runners run jest again and again in one process group, so the teardown took the checkers and runners Stryker had
  // started since for strays and killed them, and Stryker crashed at the end of its runs without a report.
  ...(underStryker ? {} : { globalTeardown: '<rootDir>/tests/support/global-teardown.ts' }),
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile only: type errors are `npm run typecheck`'s job.
    '^.+\\.ts$': ['ts-jest', {}],
  },
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
};
