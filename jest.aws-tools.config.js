// The suites that need the AWS tools of the machine image (moto_server, the AWS CLI, cfn-lint), run by .ci/run as
// `npm run test:deploy` and `npm run test:conformance`. Kept out of `npm test` (jest.config.js), which needs only npm.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/tests/aws-tools'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Starting moto_server and the AWS CLI (a Python process per command) takes seconds, not milliseconds.
  testTimeout: 120000,
  // One moto_server per file; two cores: files one at a time.
  maxWorkers: 1,
};
