// `npm run mutate [-- <module> [stryker options]]`: Stryker over the safety core, or over one module of it with only the
// suites that test that module (see stryker.config.mjs for the table). Prints the score per file at the end.
import { spawnSync } from 'node:child_process';

const [first, ...rest] = process.argv.slice(2);
const moduleName = first !== undefined && !first.startsWith('-') ? first : undefined;
const strykerArguments = moduleName === undefined ? process.argv.slice(2) : rest;
const environment = { ...process.env };
if (moduleName !== undefined) environment.MUTATE_MODULE = moduleName;
const result = spawnSync('npx', ['stryker', 'run', ...strykerArguments], { stdio: 'inherit', env: environment });
process.exit(result.status ?? 1);
