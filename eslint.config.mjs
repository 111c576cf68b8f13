import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The pure modules decide; they never talk to AWS. Keeping the SDK out of them keeps them
// testable with plain data and stops I/O from creeping into the planner.
const pureModules = ['lib/preview-format.ts', 'lib/properties.ts', 'lib/properties/**', 'lib/cidr.ts', 'lib/cidr/**', 'lib/plan.ts', 'lib/desired.ts', 'lib/preflight.ts', 'lib/actions.ts', 'lib/services.ts', 'lib/outputs.ts', 'lib/notes.ts', 'lib/spec.ts', 'lib/errors.ts', 'lib/protocol/response.ts', 'lib/physical-id.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.aws-sam/', 'jest.config.js', 'tests/support/summary-reporter.js', 'reports/', '.stryker-tmp*/'] },
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
    files: pureModules,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*', '@smithy/*'], message: 'Pure modules must not import the AWS SDK.' }] }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
);
