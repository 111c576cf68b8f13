/**
 * Whether dist/ was built from the sources as they are now. The bundle tests run dist/index.js and dist/cli.js, so a
 * bare `npx jest` after editing lib/ would otherwise test yesterday's code and pass.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the bundles are built from: the sources, and what tells esbuild how to build them. */
export const BUNDLE_INPUTS = ['lib', 'handler', 'bin', 'esbuild.settings.json', 'scripts/build.mjs', 'package-lock.json'];
export const BUNDLE_OUTPUTS = ['dist/index.js', 'dist/cli.js'];

/** Why dist/ is stale (a sentence naming the file), or undefined when every output is newer than every input. */
export function staleDistReason(root: string): string | undefined {
  const missing = BUNDLE_OUTPUTS.find((output) => !existsSync(join(root, output)));
  if (missing !== undefined) return `${missing} does not exist`;
  const oldestOutput = Math.min(...BUNDLE_OUTPUTS.map((output) => statSync(join(root, output)).mtimeMs));
  for (const input of BUNDLE_INPUTS) {
    const newer = filesUnder(join(root, input)).find((file) => statSync(file).mtimeMs > oldestOutput);
    if (newer !== undefined) return `${relative(root, newer)} changed after dist/ was built`;
  }
  return undefined;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => filesUnder(join(path, entry.name)));
}
