// Builds the Lambda bundle dist/index.js from esbuild.settings.json, the single source of truth
// that template.yaml's SAM build metadata is checked against (tests/template/), and the command
// line dist/cli.js (`vpce-provisioner plan`).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

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

// The CLI is not the Lambda: its own settings, so nothing here can drift the bundle template.yaml describes.
// CommonJS keeps `require.main === module` (the entry runs only when executed); the banner makes it executable.
const cli = await build({
  entryPoints: ['bin/vpce-provisioner.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  mainFields: ['module', 'main'],
  banner: { js: '#!/usr/bin/env node' },
  metafile: true,
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
const cliBytes = Object.values(cli.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`dist/cli.js: ${(cliBytes / 1024).toFixed(1)} KiB`);
