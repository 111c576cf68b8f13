/**
 * What `npm pack` ships (package.json `files`): what a user runs or builds from — the Lambda bundle, the CLI, the
 * sources `sam build` compiles, the template and examples, the licence — and nothing of the tests or the tooling.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function packedFiles(): string[] {
  // --ignore-scripts: dist/ already exists (jest's global setup builds it), prepack need not build it again.
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const [report] = JSON.parse(output) as { files: { path: string }[] }[];
  if (report === undefined) throw new Error(`npm pack reported nothing: ${output}`);
  return report.files.map((file) => file.path);
}

describe('the packed package', () => {
  const files = packedFiles();

  it.each(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/cli.js', 'template.yaml', 'handler/index.ts', 'lib/lifecycle.ts', 'esbuild.settings.json', 'docs/plan.schema.json'])(
    'ships %s',
    (path) => {
      expect(files).toContain(path);
    },
  );

  it.each(['tests/', 'bench/', 'scripts/', 'node_modules/', '.ci/', 'cdk/'])('ships nothing under %s', (folder) => {
    expect(files.filter((path) => path.startsWith(folder))).toEqual([]);
  });

  it('ships of docs/ only the schema of the plan preview\'s JSON, which pipelines validate against', () => {
    expect(files.filter((path) => path.startsWith('docs/'))).toEqual(['docs/plan.schema.json']);
  });
});
