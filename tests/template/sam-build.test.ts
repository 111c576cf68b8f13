/**
 * `sam build` cannot run here, so this builds the function exactly as SAM's esbuild build method would from
 * template.yaml, and runs the result once against the simulator.
 *
 * SAM CLI normalizes `Metadata.BuildProperties` to snake case (EntryPoints -> entry_points) and hands them to
 * aws-lambda-builders' NodejsNpmEsbuildBuilder, whose EsbuildCommandBuilder makes the esbuild command line: the entry
 * points (relative to the CodeUri directory, where esbuild runs), `--bundle --platform=node --outdir=<artifacts>`, the
 * defaults `--target=es2020`, `--format=cjs` and `--minify` for absent keys, then the boolean, single-value and
 * multi-value options it knows. Any other key is dropped silently, so a test refuses them.
 * (aws-lambda-builders, workflows/nodejs_npm_esbuild/esbuild.py and actions.py.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { invokeBundle } from '../support/bundle-runner';
import { loadCfnTemplate, type CfnValue } from '../support/cfn-yaml';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';

const ROOT = resolve(__dirname, '..', '..');
const template = loadCfnTemplate(join(ROOT, 'template.yaml'));
const fn = template.Resources['ProviderFunction'];
const buildProperties = (fn?.Metadata?.['BuildProperties'] ?? {}) as Record<string, CfnValue>;

/** The options EsbuildCommandBuilder passes on, by kind (snake case, as SAM CLI normalizes them). */
const BOOLEAN_OPTIONS = ['minify', 'sourcemap'];
const SINGLE_VALUE_OPTIONS = ['target', 'format', 'main_fields', 'sources_content'];
const MULTI_VALUE_OPTIONS = ['external', 'loader', 'out_extension', 'banner'];

/** SAM CLI's normalization of a BuildProperties key: PascalCase to snake case. */
const snakeCase = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const kebabCase = (option: string): string => option.replace(/_/g, '-');

/** The esbuild arguments SAM's esbuild builder makes from these BuildProperties. */
function samEsbuildArguments(properties: Record<string, CfnValue>, outdir: string): string[] {
  const config = Object.fromEntries(Object.entries(properties).map(([key, value]) => [snakeCase(key), value]));
  const entryPoints = config['entry_points'];
  if (!Array.isArray(entryPoints) || entryPoints.length === 0) throw new Error('EntryPoints must be a non-empty list');
  const args = entryPoints.map(String);
  args.push('--bundle', '--platform=node', `--outdir=${outdir}`);
  if (!('target' in config)) args.push('--target=es2020');
  if (!('format' in config)) args.push('--format=cjs');
  if (!('minify' in config)) args.push('--minify');
  for (const option of BOOLEAN_OPTIONS) if (config[option] === true) args.push(`--${kebabCase(option)}`);
  for (const option of SINGLE_VALUE_OPTIONS) if (option in config) args.push(`--${kebabCase(option)}=${String(config[option])}`);
  for (const option of MULTI_VALUE_OPTIONS) {
    if (!(option in config)) continue;
    const values = config[option];
    if (!Array.isArray(values)) throw new Error(`${option} must be a list`);
    for (const value of values) args.push(`--${kebabCase(option)}:${String(value)}`);
  }
  return args;
}

/** The function's environment as deployed with the template's defaults (every value a string or a Ref to a parameter). */
function deployedEnvironment(): Record<string, string> {
  const variables = (fn?.Properties?.['Environment'] as { Variables: Record<string, CfnValue> }).Variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const parameter = (value as { Ref: string }).Ref;
      return [name, String(template.Parameters?.[parameter]?.Default ?? '')];
    }),
  );
}

describe('the function as SAM’s esbuild build method builds it from template.yaml', () => {
  let outdir: string;
  let demo: DemoSimulator;
  const answers: { path: string; body: string }[] = [];

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'sam-build-'));
    demo = await startDemoSimulator({ timing: { endpointCreateMs: 300, endpointDeleteMs: 200, eniLingerMs: 100 }, onPut: (put) => answers.push(put) });
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('uses only build properties the builder passes on to esbuild (it drops any other silently)', () => {
    const known = ['entry_points', ...BOOLEAN_OPTIONS, ...SINGLE_VALUE_OPTIONS, ...MULTI_VALUE_OPTIONS];
    expect(Object.keys(buildProperties).length).toBeGreaterThan(0);
    expect(Object.keys(buildProperties).map(snakeCase).filter((key) => !known.includes(key))).toEqual([]);
    expect(samEsbuildArguments({ EntryPoints: ['a.ts'] }, '/out')).toEqual(['a.ts', '--bundle', '--platform=node', '--outdir=/out', '--target=es2020', '--format=cjs', '--minify']);
  });

  it('bundles the entry points, relative to CodeUri, into the file the Handler names', () => {
    const codeUri = resolve(ROOT, String(fn?.Properties?.['CodeUri']));
    const args = samEsbuildArguments(buildProperties, outdir);

    const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), args, { cwd: codeUri, encoding: 'utf8' });

    expect(`${build.status} ${build.stderr}`).toMatch(/^0 /);
    expect(args).toEqual(expect.arrayContaining(['--format=cjs', '--target=node20', '--minify', '--main-fields=module,main', '--platform=node']));
    const handlerFile = `${String(fn?.Properties?.['Handler']).split('.')[0]}.js`;
    expect(existsSync(join(outdir, handlerFile))).toBe(true);
    // For the record: the size of the artifact SAM would upload.
    console.info(`sam build (esbuild, as SAM runs it): ${handlerFile} ${Math.round(statSync(join(outdir, handlerFile)).size / 1024)} KiB`);
  });

  it('runs once against the simulator: creates the endpoints of events/create.json and answers SUCCESS', async () => {
    const event = JSON.parse(readFileSync(join(ROOT, 'events', 'create.json'), 'utf8')) as CustomResourceEvent;
    const responseUrl = new URL(event.ResponseURL);
    const local = { ...event, ResponseURL: `${demo.url}${responseUrl.pathname}${responseUrl.search}` } as CustomResourceEvent;
    const { AWS_ENDPOINT_URL: deployedEndpoint, ...environment } = deployedEnvironment();

    // As `sam local invoke --env-vars` runs it: the template's variables, AWS_ENDPOINT_URL (empty when deployed) set.
    const run = await invokeBundle(local, { endpointUrl: demo.url, env: { ...environment, BUNDLE_PATH: join(outdir, 'index.js') } });

    expect(deployedEndpoint).toBe('');
    expect(run.exitCode).toBe(0);
    expect(answers).toHaveLength(1);
    const answer = JSON.parse(answers[0]?.body ?? '{}') as { Status?: string; Reason?: string; Data?: Record<string, string> };
    expect(answer.Reason).toBeUndefined();
    expect(answer.Status).toBe('SUCCESS');
    expect(answer.Data?.['SubnetIds']?.split(',')).toHaveLength(3);
    expect(demo.sim.calls.filter((call) => call.action === 'CreateVpcEndpoint' && call.outcome === 'ok').length).toBeGreaterThan(0);
  });
});
