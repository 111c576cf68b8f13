import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { invokeBundle } from '../support/bundle-runner';
import { CloudFormationDriver } from '../support/cfn-driver';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';

const BUNDLE = resolve(__dirname, '..', '..', 'dist', 'index.js');

describe('the bundled handler (dist/index.js) in a child process, against the HTTP simulator', () => {
  let demo: DemoSimulator;
  let cfn: CloudFormationDriver;
  beforeAll(async () => {
    // EC2 at once: the bundle runs on the real clock, and an endpoint still pending (or an interface still lingering)
    // when the handler first looks costs a real poll of 2 s or more, three of them over the lifecycle, for nothing this
    // file tests (the endpoint timelines are the virtual-clock tests' subject: tests/lifecycle, tests/reconcile).
    demo = await startDemoSimulator({ timing: { endpointCreateMs: 0, endpointDeleteMs: 0, eniLingerMs: 0 } });
    cfn = await CloudFormationDriver.start();
  });
  afterAll(async () => {
    await cfn.close();
    await demo.close();
  });

  it('is built (npm test builds it first)', () => {
    expect(existsSync(BUNDLE)).toBe(true);
  });

  /**
   * What stays is inherent: three fresh Node processes each load the 1.3 MB bundle (about a second each here, several on
   * a busy machine), and the Delete comes seconds after the Update completed, so it makes its second look after the 5 s
   * settle (lib/reconcile/index.ts, teardown), on the real clock. Hence a bound of its own, well above the ~8 s it takes.
   */
  const LIFECYCLE_TIMEOUT_MS = 60_000;

  it('runs Create, Update and Delete through AWS_ENDPOINT_URL_EC2, checked through AWS_ENDPOINT_URL_CLOUDFORMATION, answering on an http:// response URL', async () => {
    const properties = { VpcId: demo.world.vpcId, SubnetIds: demo.world.appSubnetIds };
    const create = cfn.createEvent(properties);
    const createRun = await invokeBundle(create, { ec2EndpointUrl: demo.url, cloudFormationEndpointUrl: cfn.baseUrl });
    const created = cfn.responseFor(create);
    const physicalId = created?.body?.PhysicalResourceId as string;

    const updatedProperties = { ...properties, InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] };
    const update = cfn.updateEvent(physicalId, updatedProperties, properties);
    await invokeBundle(update, { ec2EndpointUrl: demo.url, cloudFormationEndpointUrl: cfn.baseUrl });
    const updated = cfn.responseFor(update);

    const remove = cfn.deleteEvent(physicalId, updatedProperties);
    const deleteRun = await invokeBundle(remove, { ec2EndpointUrl: demo.url, cloudFormationEndpointUrl: cfn.baseUrl });
    const deleted = cfn.responseFor(remove);

    expect(createRun.exitCode).toBe(0);
    expect(created?.body).toMatchObject({ Status: 'SUCCESS' });
    expect(created?.problems).toEqual([]);
    expect(created?.body?.Data?.['SubnetIds']?.split(',')).toHaveLength(3);
    expect(updated?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(updated?.body?.Data?.['EndpointId.secretsmanager']).toMatch(/^vpce-/);
    expect(deleteRun.exitCode).toBe(0);
    expect(deleted?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    const leftovers = await demo.sim.call('DescribeSubnets', { Filters: [{ Name: 'tag:vpce-provisioner:owner', Values: [physicalId] }] });
    expect(leftovers.Subnets).toEqual([]);
    // Each event was checked with CloudFormation over AWS_ENDPOINT_URL_CLOUDFORMATION before anything was written; the
    // calls of one check leave together (their arrival order varies), and the Delete reads the stack's events too.
    expect(cfn.stacks.calls.map((call) => `${call.action}${call.error ? ` ${call.error}` : ''}`).sort()).toEqual(
      [...Array.from({ length: 3 }, () => ['DescribeStacks', 'DescribeStackResource']).flat(), 'DescribeStackEvents'].sort(),
    );
    const logs = [...createRun.logLines, ...deleteRun.logLines].join('\n');
    expect(logs).toContain('request summary');
    expect(cfn.secretsInUrls().length).toBeGreaterThan(0);
    // Route 53 answered too (AWS_ENDPOINT_URL_ROUTE_53 points at the same simulator): the hosted-zone check ran.
    expect(logs).not.toContain('not checked before writing');
    expect(demo.sim.calls.filter((call) => call.action === 'ListHostedZonesByVPC' && call.outcome === 'ok').length).toBeGreaterThan(0);
    // And Service Quotas (AWS_ENDPOINT_URL_SERVICE_QUOTAS): no fallback to the defaults.
    expect(logs).not.toContain('assuming the default quota');
    expect(demo.sim.calls.filter((call) => call.action === 'GetServiceQuota' && call.outcome === 'ok').length).toBeGreaterThan(0);
    for (const secret of cfn.secretsInUrls()) expect(logs).not.toContain(secret);
  }, LIFECYCLE_TIMEOUT_MS);

  it('answers FAILED with a reason, and exits cleanly, on invalid properties', async () => {
    const create = cfn.createEvent({ VpcId: demo.world.vpcId, SubnetIds: [] });

    const run = await invokeBundle(create, { ec2EndpointUrl: demo.url, cloudFormationEndpointUrl: cfn.baseUrl });

    expect(run.exitCode).toBe(0);
    expect(cfn.responseFor(create)?.body).toMatchObject({ Status: 'FAILED' });
    expect(cfn.responseFor(create)?.body?.Reason).toContain('SubnetIds');
    // A user-input error is logged with its problems, never with a stack trace (let alone the bundle's minified frames).
    // ERROR records go to stderr (console.error), the rest to stdout.
    const lines = [...run.logLines, ...run.stderr.split('\n')].filter((line) => line.startsWith('{'));
    const failed = lines.map((line) => JSON.parse(line) as { message?: string; error?: Record<string, unknown> }).find((record) => record.message === 'request failed');
    expect(failed?.error).toMatchObject({ name: 'InvalidPropertiesError', terminal: true });
    expect(failed?.error).not.toHaveProperty('stack');
    expect(lines.join('\n')).not.toMatch(/index\.js:\d+:\d+/);
  });
});
