import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { FailingPreview, SucceedingPreview } from '../../lib/preview/types';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';
import { startScenario } from '../support/scenario';

const ROOT = resolve(__dirname, '..', '..');
const CLI = resolve(ROOT, 'bin', 'vpce-provisioner.ts');

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI from source, in a child Node process (tsx), with only the environment a user would set. */
function runCliProcess(args: readonly string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCALPREVIEW',
        AWS_SECRET_ACCESS_KEY: 'local-preview-secret',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
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

describe('vpce-provisioner plan in a child process, against the HTTP simulator', () => {
  let demo: DemoSimulator;
  let target: string[];
  beforeAll(async () => {
    demo = await startDemoSimulator();
    demo.sim.resetCallLog();
    target = ['--vpc', demo.world.vpcId, '--subnets', demo.world.appSubnetIds.join(','), '--endpoint-url', demo.url];
  });
  afterAll(() => demo.close());

  it('prints the plan as text and exits 0', async () => {
    const run = await runCliProcess(['plan', ...target]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Create preview for ${demo.world.vpcId} in us-east-1, account ${demo.sim.accountId}`);
    for (const azId of Object.keys(demo.world.appSubnetIdsByAz)) {
      expect(run.stdout).toMatch(new RegExp(`^  \\+  ${azId} +\\S+/28 +new subnet +3 of 11 addresses used, 8 free +ecr\\.api, ecr\\.dkr, logs$`, 'm'));
    }
    expect(run.stdout).toContain('Plan: 8 to add, 0 to change, 0 to destroy.');
  }, 30_000);

  it('prints the same plan as one JSON object with --json', async () => {
    const run = await runCliProcess(['plan', ...target, '--json']);

    const preview = JSON.parse(run.stdout) as SucceedingPreview;
    expect(run.code).toBe(0);
    expect(preview.wouldSucceed).toBe(true);
    expect(preview.endpointSubnets.map((subnet) => subnet.azId)).toEqual(Object.keys(demo.world.appSubnetIdsByAz).sort());
    expect(preview.endpointSubnets.every((subnet) => subnet.status === 'new' && /\/28$/.test(subnet.cidr ?? ''))).toBe(true);
    expect(preview.actions.map((step) => step.action.kind)).toEqual([
      'createSubnet',
      'createSubnet',
      'createSubnet',
      'createSecurityGroup',
      // The s3 gateway endpoint needs no endpoint subnet: it is created in the first stage, beside the subnets.
      'createEndpoint',
      'authorizeIngress',
      'createEndpoint',
      'createEndpoint',
      'createEndpoint',
    ]);
  }, 30_000);

  it('exits 3 and lists every problem when the Create would fail', async () => {
    const run = await runCliProcess(['plan', ...target.slice(0, 2), '--subnets', 'subnet-0123abcd', '--interface-services', 'ecr.api,nosuchservice', '--endpoint-url', demo.url]);

    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Would FAIL before any change: 2 problems\nIn the properties:\n');
    expect(run.stdout).toContain('subnet-0123abcd does not exist');
    expect(run.stdout).toContain('"nosuchservice" is not an endpoint service');
  }, 30_000);

  it('exits 64 for a usage error', async () => {
    const run = await runCliProcess(['plan', ...target, '--dry-run']);

    expect(run.code).toBe(64);
    expect(run.stderr).toContain('vpce-provisioner: Unknown option --dry-run.');
    expect(run.stdout).toBe('');
  }, 30_000);

  it('previews a consumer (--consumer) through the real clients, and exits 3 when the hub it names does not exist', async () => {
    const hubId = `arn:aws:ec2:us-east-1:${demo.sim.accountId}:vpc/vpc-0a1b2c3d`;

    const run = await runCliProcess(['plan', '--consumer', '--vpc', demo.world.vpcId, '--hub-id', hubId, '--endpoint-url', demo.url, '--json']);

    const document = JSON.parse(run.stdout) as { resourceType: string; outcome: string; problems: { text: string }[] };
    expect(run.code).toBe(3);
    expect(document.resourceType).toBe('Custom::VpcEndpointConsumer');
    expect(document.outcome).toBe('would-fail');
    expect(document.problems.map((problem) => problem.text)).toStrictEqual([expect.stringMatching(new RegExp(`^No hub found for HubId ${hubId}: account ${demo.sim.accountId} has no security group tagged`))]);
  }, 30_000);

  it('exits 1 naming the error, and what to check, when EC2 cannot be reached', async () => {
    const closed = await startDemoSimulator();
    const url = closed.url;
    await closed.close();

    const run = await runCliProcess(['plan', ...target.slice(0, 4), '--endpoint-url', url]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vpce-provisioner: \w+: .*ECONNREFUSED/m);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(`Nothing answers at ${url}: start the simulator (npm run sim) or check --endpoint-url.`);
  }, 60_000);

  it('never wrote to the simulator', () => {
    expect(demo.sim.calls.length).toBeGreaterThan(0);
    expect(demo.sim.calls.filter((record) => record.mutating)).toEqual([]);
  });
});

describe('vpce-provisioner plan makes the Create\'s Route 53 and Service Quotas reads, at --endpoint-url', () => {
  const CENTRAL_ACCOUNT = '444455556666';
  const DKR_ZONE = 'dkr.ecr.us-east-1.amazonaws.com';
  let demo: DemoSimulator;
  let target: string[];
  beforeEach(async () => {
    demo = await startDemoSimulator();
    demo.sim.resetCallLog();
    target = ['plan', '--vpc', demo.world.vpcId, '--subnets', demo.world.appSubnetIds.join(','), '--endpoint-url', demo.url];
  });
  afterEach(() => demo.close());

  it('fails on a private hosted zone that conflicts with private DNS, with the reason the Create answers', async () => {
    demo.sim.admin.createPrivateHostedZone({ name: DKR_ZONE, vpcIds: [demo.world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });
    demo.sim.resetCallLog();
    // The same world in process (the demo's seeded IDs come out the same), and the Create's answer there.
    const scenario = await startScenario();
    let createReason: string | undefined;
    try {
      scenario.sim.admin.createPrivateHostedZone({ name: DKR_ZONE, vpcIds: [scenario.world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));
      expect(response?.body?.Status).toBe('FAILED');
      createReason = response?.body?.Reason;
    } finally {
      await scenario.close();
    }

    const run = await runCliProcess([...target, '--json']);

    const preview = JSON.parse(run.stdout) as FailingPreview;
    expect(run.code).toBe(3);
    expect(preview).toMatchObject({ wouldSucceed: false, failedAt: 'preconditions' });
    expect(preview.reason).toContain(DKR_ZONE);
    expect(preview.reason).toBe(createReason);
    expect(demo.sim.calls.filter((call) => call.action === 'ListHostedZonesByVPC')).toHaveLength(1);
    expect(demo.sim.calls.filter((call) => call.mutating)).toEqual([]);
  }, 60_000);

  it('honours a quota raised for the account', async () => {
    // 48 interface endpoints of others (47 + the demo's sts) and 3 more make 51: past the default 50, within 60.
    for (let index = 0; index < 47; index++) {
      await demo.sim.call('CreateVpcEndpoint', {
        VpcEndpointType: 'Interface',
        VpcId: demo.world.vpcId,
        ServiceName: 'com.amazonaws.us-east-1.sqs',
        SubnetIds: [demo.world.appSubnetIds[0]],
        PrivateDnsEnabled: false,
      });
    }
    demo.sim.admin.setQuota('interfaceEndpointsPerVpc', 60);
    demo.sim.resetCallLog();

    const run = await runCliProcess([...target, '--json']);

    const preview = JSON.parse(run.stdout) as SucceedingPreview;
    expect(run.code).toBe(0);
    expect(preview.interfaceEndpoints.map((endpoint) => [endpoint.shortName, endpoint.status])).toEqual([
      ['ecr.api', 'new'],
      ['ecr.dkr', 'new'],
      ['logs', 'new'],
    ]);
    expect(demo.sim.calls.filter((call) => call.action === 'GetServiceQuota')).toHaveLength(4);
    expect(demo.sim.calls.filter((call) => call.mutating)).toEqual([]);
  }, 60_000);

  it('says so, in text and JSON, when Route 53 and Service Quotas deny the reads', async () => {
    demo.sim.route53DeniedAccounts.add(demo.sim.accountId);
    demo.sim.serviceQuotasDeniedAccounts.add(demo.sim.accountId);

    const text = await runCliProcess(target);
    const json = await runCliProcess([...target, '--json']);

    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Warning: route53:ListHostedZonesByVPC was denied: the private hosted zones associated with the VPC are not checked');
    expect(text.stdout).toContain('Warning: servicequotas:GetServiceQuota was denied: assumed the default VPC quotas');
    const preview = JSON.parse(json.stdout) as SucceedingPreview;
    expect(preview.skippedReads?.map((read) => [read.permission, read.denied])).toEqual([
      ['route53:ListHostedZonesByVPC', true],
      ['servicequotas:GetServiceQuota', true],
    ]);
    expect(demo.sim.calls.filter((call) => call.mutating)).toEqual([]);
  }, 60_000);
});
