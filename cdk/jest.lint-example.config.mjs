// CI only: synthesises the example app and runs cfn-lint on it, which users' machines do not have by default.
import base from './jest.config.mjs';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/lint-example'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
};
