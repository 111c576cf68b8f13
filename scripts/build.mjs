// Builds the Lambda bundle dist/index.js from esbuild.settings.json, the single source of truth
// that template.yaml's SAM build metadata is checked against (tests/template/).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const settings = JSON.parse(readFileSync(new URL('../esbuild.settings.json', import.meta.url), 'utf8'));

const result = await build({
  entryPoints: [settings.entryPoint],
  outfile: 'dist/index.js',
  bundle: true,
  platform: settings.platform,
  format: settings.format,
  target: settings.target,
  minify: settings.minify,
  sourcemap: settings.sourcemap,
  // ESM entry points let esbuild drop the unused parts of the AWS SDK.
  mainFields: settings.mainFields,
  external: settings.external,
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`dist/index.js: ${(bytes / 1024).toFixed(1)} KiB`);
