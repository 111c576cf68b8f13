// Mutation testing of the safety core: `npm run mutate` (everything, the whole suite per mutant: hours on two cores) or
// `npm run mutate -- <module>` through scripts/mutate.mjs, which sets MUTATE_MODULE to one entry of the table below.
// Not part of CI. Each module keeps its own incremental file, so re-running after a change tests only what changed.
const modules = {
  // module: the files mutated, and the suites (folders under tests/) that test them directly.
  apply: { mutate: ['lib/reconcile/apply.ts'], tests: ['tests/reconcile/apply', 'tests/lifecycle', 'tests/contract', 'tests/features'] },
  plan: { mutate: ['lib/reconcile/plan.ts'], tests: ['tests/reconcile'] },
  ownership: { mutate: ['lib/reconcile/ownership.ts'], tests: ['tests/reconcile', 'tests/lifecycle'] },
  lifecycle: { mutate: ['lib/lifecycle.ts', 'lib/conclusion.ts'], tests: ['tests/lifecycle', 'tests/contract'] },
  protocol: { mutate: ['lib/protocol/**/*.ts', '!lib/protocol/stack-check.ts'], tests: ['tests/protocol'] },
  // The stack check asks CloudFormation about every event: the lifecycle scenarios and the hub accounts exercise it.
  'stack-check': { mutate: ['lib/protocol/stack-check.ts'], tests: ['tests/lifecycle', 'tests/accounts', 'tests/protocol'] },
  properties: { mutate: ['lib/properties/**/*.ts'], tests: ['tests/properties'] },
  cidr: { mutate: ['lib/cidr/**/*.ts'], tests: ['tests/cidr'] },
  // The checks issues 11–14 added to reconcile/ (the files issue 22's planted bugs lived in), one module per file so that
  // each run is short enough to finish (a run cut short writes no report), against their unit suites. Not tests/features:
  // every scenario there runs desired.ts and discovery.ts, so each mutant ran ~40 s of scenarios (estimate: 5 h on two
  // cores). These scores are therefore lower bounds of what the whole suite kills.
  desired: { mutate: ['lib/reconcile/desired.ts'], tests: ['tests/reconcile'] },
  'dependency-blockers': { mutate: ['lib/reconcile/dependency-blockers.ts'], tests: ['tests/reconcile'] },
  discovery: { mutate: ['lib/reconcile/discovery.ts'], tests: ['tests/reconcile'] },
  'ingress-rules': { mutate: ['lib/reconcile/ingress-rules.ts'], tests: ['tests/reconcile'] },
  // The hub-facing zone check, tested by scenarios: with tests/reconcile alone it scored 0 %.
  'hosted-zones': { mutate: ['lib/reconcile/hosted-zones.ts'], tests: ['tests/reconcile', 'tests/features'] },
};

const moduleName = process.env.MUTATE_MODULE;
const selected = moduleName === undefined ? undefined : modules[moduleName];
if (moduleName !== undefined && selected === undefined) {
  throw new Error(`MUTATE_MODULE=${moduleName} is not one of: ${Object.keys(modules).join(', ')}`);
}
// Read by jest.config.js in Stryker's workers, which inherit this process's environment.
if (selected !== undefined) process.env.MUTATION_TEST_ROOTS = selected.tests.join(',');
const reportName = moduleName ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // Two test runners and two type checkers on two cores.
  concurrency: 4,
  // Added to 1.5 x each mutant's baseline time. The mutants that time out are loops made endless (the CIDR carving's);
  // a minute each made them most of a run's time.
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${reportName}.json`,
  // Everything: each module's globs, without the exclusions that only split lib/protocol between two modules.
  mutate:
    selected?.mutate ??
    Object.values(modules)
      .flatMap((entry) => entry.mutate)
      .filter((glob, index, all) => !glob.startsWith('!') && all.indexOf(glob) === index),
  ignorePatterns: ['dist', 'reports', 'coverage', '.aws-sam', '.stryker-tmp*'],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
