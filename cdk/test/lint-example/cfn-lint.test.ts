/**
 * CI only (`npm run test:lint-example`, jest.lint-example.config.mjs): the example app's synthesised template, and the
 * provider's own template.yaml with its Serverless Application Repository metadata, pass cfn-lint. cfn-lint is a
 * Python tool that a user's machine need not have, so the unit tests (`npm test`) leave it out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleApp } from '../../../examples/cdk/app';

function cfnLint(...files: string[]): { status: number | null; output: string } {
  const run = spawnSync('cfn-lint', files, { encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(`cfn-lint could not be started (is it installed?): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('cfn-lint', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vpce-cdk-example-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('passes the example app\'s synthesised template', () => {
    // Prepare / Act
    exampleApp(outdir).synth();
    const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));

    // Assess
    expect(templates).toEqual(['VpcEndpointsExample.template.json']);
    expect(cfnLint(...templates.map((file) => join(outdir, file)))).toEqual({ status: 0, output: '' });
  });

  it('passes template.yaml', () => {
    expect(cfnLint(join(__dirname, '../../../template.yaml'))).toEqual({ status: 0, output: '' });
  });
});
