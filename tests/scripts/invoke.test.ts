/**
 * `npm run invoke`: the bundled handler (dist/index.js, built by `npm test`'s pretest) run once on an event file, in a
 * child process as a user runs it, against the simulator it starts or one given by --endpoint-url.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ec2Simulator } from '../support/ec2-sim';
import { buildDemoWorld } from '../support/ec2-sim/demo-world';
import { startDemoSimulator } from '../support/ec2-sim/http/demo-server';

const ROOT = resolve(__dirname, '..', '..');
const EVENTS = ['create', 'update', 'delete'] as const;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** scripts/invoke.ts in a child process (async: a simulator in this process must keep answering). */
function invoke(args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/invoke.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function readEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'events', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** Every leaf of a property value: CloudFormation sends each as a string. */
function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leaves);
  return [value];
}

describe('events/*.json', () => {
  it.each(EVENTS)('%s.json is CloudFormation-shaped, every property value a string, on the demo world', async (name) => {
    const world = await buildDemoWorld(new Ec2Simulator());
    const event = readEvent(name);

    expect(event['RequestType']).toBe(name[0]?.toUpperCase() + name.slice(1));
    for (const key of ['ServiceToken', 'ResponseURL', 'StackId', 'RequestId', 'LogicalResourceId', 'ResourceType']) expect(typeof event[key]).toBe('string');
    const properties = event['ResourceProperties'] as Record<string, unknown>;
    const values = leaves([properties, event['OldResourceProperties'] ?? []]);
    expect(values.length).toBeGreaterThan(10);
    for (const value of values) expect(typeof value).toBe('string');
    expect(properties['VpcId']).toBe(world.vpcId);
    expect(properties['SubnetIds']).toEqual(world.appSubnetIds);
  });

  it('update.json and delete.json name the resource create.json makes, and update.json’s old properties are create.json’s', () => {
    const [create, update, remove] = EVENTS.map(readEvent);

    expect(update?.['PhysicalResourceId']).toBe(remove?.['PhysicalResourceId']);
    expect(update?.['OldResourceProperties']).toEqual(create?.['ResourceProperties']);
    expect(update?.['StackId']).toBe(create?.['StackId']);
  });
});

describe('npm run invoke', () => {
  it('runs events/create.json against a simulator it starts: exit 0, the answer and every call printed', async () => {
    const run = await invoke(['events/create.json']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Answer: SUCCESS');
    // The ID update.json and delete.json carry: the one a Create of this event makes.
    expect(run.stdout).toContain(`PhysicalResourceId: ${readEvent('update')['PhysicalResourceId'] as string}\n`);
    expect(run.stdout).toMatch(/EC2 calls: \d+ \(9 writes\)/);
    expect(run.stdout).toContain('CreateVpcEndpoint com.amazonaws.us-east-1.ecr.api');
    expect(run.stdout).toContain('  EndpointId.logs: vpce-');
    expect(run.stderr).toBe('');
  }, 60_000);

  it('exits 1 and prints the reason when the handler answers FAILED', async () => {
    const event = readEvent('create');
    const file = join(mkdtempSync(join(tmpdir(), 'invoke-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ ...event, ResourceProperties: { ...(event['ResourceProperties'] as object), SubnetPrefixLength: '29' } }));

    const run = await invoke([file]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Answer: FAILED — Invalid properties');
    expect(run.stdout).toContain('SubnetPrefixLength');
    expect(run.stdout).toMatch(/EC2 calls: \d+ \(0 writes\)/);
  }, 60_000);

  it('sends EC2 calls to --endpoint-url and lists the writes the handler logged', async () => {
    const demo = await startDemoSimulator();
    try {
      demo.sim.resetCallLog();

      const run = await invoke(['events/create.json', '--endpoint-url', demo.url]);

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`EC2 calls to ${demo.url}`);
      expect(run.stdout).toContain("EC2 writes (from the handler's log; the endpoint's own log has every call): 9");
      expect(demo.sim.calls.filter((call) => call.mutating && call.outcome === 'ok')).toHaveLength(9);
    } finally {
      await demo.close();
    }
  }, 60_000);

  it.each([
    [[], 'invoke: no event file given'],
    [['events/nope.json'], 'invoke: cannot read events/nope.json'],
    [['package.json'], 'invoke: package.json is not a CloudFormation custom-resource event'],
    [['events/create.json', '--endpoint-url', 'localhost:4566'], 'invoke: --endpoint-url needs an http(s) URL'],
    [['events/create.json', '--bogus'], 'invoke: unknown option: --bogus'],
  ])('exits 2 for %j with one line and a hint', async (args, message) => {
    const run = await invoke(args);

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toContain(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(run.stdout).toBe('');
  }, 30_000);
});
