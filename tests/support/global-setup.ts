/**
 * Jest globalSetup: rebuilds dist/ when it is older than its sources, so the bundle tests never pass against a stale
 * build under a bare `npx jest` (`npm test` builds first anyway, and then this does nothing). Fails the run with the
 * build's own message if the build fails.
 */
import { execFileSync } from 'node:child_process';
import { staleDistReason } from './dist-freshness';

export default function globalSetup(): void {
  // Stryker's sandboxes exclude dist/ and the bundle tests (see jest.config.js): the bundles are not what it mutates.
  if (process.env['STRYKER_MUTATOR_WORKER'] !== undefined) return;
  const root = process.cwd();
  const reason = staleDistReason(root);
  if (reason === undefined) return;
  process.stderr.write(`\ndist/ is stale (${reason}): rebuilding it with \`npm run build\` before the tests.\n`);
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    throw new Error(`dist/ is stale (${reason}) and \`npm run build\` failed; fix the build, or the bundle tests would test old code.`, { cause: error });
  }
}
