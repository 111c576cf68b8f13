import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The pure modules decide; they never talk to AWS. Keeping the SDK out of them keeps them
// testable with plain data and stops I/O from creeping into the planner.
const pureModules = [
  'lib/errors.ts',
  'lib/compare-text.ts',
  'lib/properties/**',
  'lib/cidr/**',
  'lib/reconcile/{desired,preflight,plan,policy-comparison,actions,services,notes,quotas,endpoint-states}.ts',
  'lib/protocol/{response,response-url,outputs,physical-id,stack-verification}.ts',
  'lib/preview/{format,types,changes,hub,consumer-types,consumer-format}.ts',
  'lib/organizations/errors.ts',
  'lib/pricing/**',
  'lib/centralised/**',
  'lib/consumer/**',
];

// The IAM engine and its data (@cloud-copilot/*) are AGPL-licensed dev dependencies that prove the IAM policies in the
// tests: nothing that ships (the Lambda bundle, the CLI) or builds it may import them.
const testOnlyTools = { group: ['@cloud-copilot/*'], message: 'The IAM engine (@cloud-copilot/*) is a dev dependency for the tests only.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.aws-sam/', 'jest.config.js', 'jest.aws-tools.config.js', 'tests/support/summary-reporter.js', 'reports/', '.stryker-tmp*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|test|describe)$/]", message: 'No skipped tests.' },
      ],
    },
  },
  {
    files: ['lib/**', 'handler/**', 'bin/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [testOnlyTools] }],
    },
  },
  {
    // Later than the block above, so for these files this list (which repeats testOnlyTools) is the one in force.
    files: pureModules,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*', '@smithy/*'], message: 'Pure modules must not import the AWS SDK.' }, testOnlyTools] }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
);
