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
import { parseInvokeArgs } from '../support/local-invoke';

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
  it('runs events/create.json against a simulator it starts: exit 0, the answer, a fresh RequestId and every call per service', async () => {
    const run = await invoke(['events/create.json']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Answer: SUCCESS');
    // The ID update.json and delete.json carry: the one a Create of this event makes.
    expect(run.stdout).toContain(`PhysicalResourceId: ${readEvent('update')['PhysicalResourceId'] as string}\n`);
    const requestId = /^RequestId: (\S+) \(fresh for this run/m.exec(run.stdout)?.[1];
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestId).not.toBe(readEvent('create')['RequestId']);
    expect(run.stdout).toMatch(/^AWS calls: \d+ \(9 writes\)$/m);
    // Each service on its own line: Route 53 and Service Quotas are not EC2 calls, and the stack check is CloudFormation's.
    expect(run.stdout).toMatch(/^ {2}EC2: \d+ \(9 writes\) — .*DescribeVpcEndpointServices×1/m);
    expect(run.stdout).toMatch(/^ {2}Route 53: 1 — ListHostedZonesByVPC×1$/m);
    expect(run.stdout).toMatch(/^ {2}Service Quotas: \d+ — GetServiceQuota×\d+$/m);
    // The stack check sends its two reads together, so either may be counted first.
    expect(run.stdout).toMatch(/^ {2}CloudFormation: 2 — (DescribeStacks×1, DescribeStackResource×1|DescribeStackResource×1, DescribeStacks×1)$/m);
    expect(run.stdout).not.toMatch(/EC2: .*(ListHostedZonesByVPC|GetServiceQuota)/);
    expect(run.stdout).toContain('CreateVpcEndpoint com.amazonaws.us-east-1.ecr.api');
    expect(run.stdout).toContain('  EndpointId.logs: vpce-');
    expect(run.stdout).not.toContain('Handler log');
    expect(run.stderr).toBe('');
  }, 60_000);

  it('with --logs prints the handler’s log lines, its metrics record among them, and --request-id sets the RequestId', async () => {
    const run = await invoke(['events/create.json', '--logs', '--request-id', 'my-replay-7']);

    expect(run.code).toBe(0);
    const [logPart = '', reportPart = ''] = run.stdout.split('\n\nCreate VpcEndpoints');
    const lines = logPart.split('\n');
    expect(lines[0]).toMatch(/^Handler log \(\d+ lines\):$/);
    const records = lines.slice(1).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBe(Number(/\((\d+) lines\)/.exec(lines[0] ?? '')?.[1]));
    expect(records[0]).toMatchObject({ level: 'INFO', message: 'event received', requestId: 'my-replay-7' });
    expect(records.filter((record) => record['message'] === 'ec2 write')).toHaveLength(9);
    expect(records.at(-1)).toMatchObject({ Outcome: 'SUCCESS', RequestType: 'Create', requestId: 'my-replay-7', EndpointsCreated: 4 });
    expect(reportPart).toContain('RequestId: my-replay-7 (from --request-id)\n');
    expect(reportPart).toContain('Answer: SUCCESS');
  }, 60_000);

  it('exits 1 and prints the reason when the handler answers FAILED', async () => {
    const event = readEvent('create');
    const file = join(mkdtempSync(join(tmpdir(), 'invoke-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ ...event, ResourceProperties: { ...(event['ResourceProperties'] as object), SubnetPrefixLength: '29' } }));

    const run = await invoke([file]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Answer: FAILED — Invalid properties');
    expect(run.stdout).toContain('SubnetPrefixLength');
    expect(run.stdout).toMatch(/AWS calls: \d+ \(0 writes\)/);
  }, 60_000);

  it('sends AWS calls to --endpoint-url, counts them per service from the handler’s metrics record and lists the writes it logged', async () => {
    const demo = await startDemoSimulator();
    try {
      demo.sim.resetCallLog();

      const run = await invoke(['events/create.json', '--endpoint-url', demo.url]);

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`AWS calls to ${demo.url}`);
      expect(run.stdout).toContain("EC2 writes (from the handler's log; npm run sim -- --log-requests prints every call it receives): 9");
      expect(demo.sim.calls.filter((call) => call.mutating && call.outcome === 'ok')).toHaveLength(9);
      // The metrics record's counts agree with what the simulator received (the stack check went to invoke's own stand-in).
      const count = (action: (name: string) => boolean) => demo.sim.calls.filter((call) => action(call.action)).length;
      const route53 = count((name) => name === 'ListHostedZonesByVPC');
      const quotas = count((name) => name === 'GetServiceQuota');
      const ec2 = demo.sim.calls.length - route53 - quotas;
      expect(run.stdout).toContain(`AWS calls (the handler's metrics record): ${ec2 + route53 + quotas + 2} — EC2 ${ec2}, Route 53 ${route53}, Service Quotas ${quotas}, CloudFormation 2\n`);
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

describe('parseInvokeArgs', () => {
  it.each([
    [['events/create.json'], { eventFile: 'events/create.json', logs: false, help: false }],
    [['events/create.json', '--logs', '--request-id', 'a-1'], { eventFile: 'events/create.json', requestId: 'a-1', logs: true, help: false }],
    [['--request-id=6f1c2a3e-0000-4000-8000-00000000c001', 'events/delete.json'], { eventFile: 'events/delete.json', requestId: '6f1c2a3e-0000-4000-8000-00000000c001', logs: false, help: false }],
  ])('reads %j', (argv, expected) => {
    expect(parseInvokeArgs(argv)).toEqual(expected);
  });

  it.each([
    [['events/create.json', '--request-id'], '--request-id needs an ID (letters, digits, - _ . :), got nothing'],
    [['events/create.json', '--request-id', 'has space'], '--request-id needs an ID (letters, digits, - _ . :), got has space'],
    [['events/create.json', '--request-id', '--logs'], '--request-id needs an ID (letters, digits, - _ . :), got --logs'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseInvokeArgs(argv)).toThrow(message);
  });
});
