/**
 * `vpce-provisioner plan --consumer` in process, against the simulator: the spoke read with the caller's profile, the hub
 * with --hub-profile (profiles stand for accounts here), exit codes, the JSON document valid against
 * docs/plan.schema.json, and the command line's own errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { CliDependencies } from '../../bin/dependencies';
import type { PlanDocument } from '../../bin/document';
import { WorldBuilder } from '../support/ec2-sim/world';
import { startScenario, type Scenario } from '../support/scenario';
import { runCliAgainst } from './support/run-cli';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'plan.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);
const ACCOUNT_B = '222233334444';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };

function documentOf(stdout: string): PlanDocument {
  const document = JSON.parse(stdout) as PlanDocument;
  if (!validate(document)) throw new Error(`not valid against docs/plan.schema.json: ${JSON.stringify(validate.errors, null, 2)}`);
  return document;
}

describe('vpce-provisioner plan --consumer', () => {
  let scenario: Scenario;
  let spokeVpcId: string;
  let dnsOffVpcId: string;
  let hubId: string;
  let hubAccountId: string;
  beforeEach(async () => {
    scenario = await startScenario();
    const world = await new WorldBuilder(scenario.sim)
      .vpc('spoke', { cidr: '10.60.0.0/16', owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: true })
      .vpc('dns-off', { cidr: '10.62.0.0/16', owner: ACCOUNT_B, dnsSupport: false, dnsHostnames: false })
      .build();
    spokeVpcId = world.id('spoke');
    dnsOffVpcId = world.id('dns-off');
    const hub = await scenario.invoke(
      scenario.cfn.createEvent(scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['logs'], GatewayServices: [], AllowedConsumers: ACCOUNT_B })),
    );
    hubId = hub?.body?.Data?.['HubId'] as string;
    hubAccountId = scenario.sim.accountId;
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  /** Profiles stand for accounts: `hub` is the simulator's (the hub's) account, any other profile (or none) account B. */
  function run(argv: string[], overrides: Partial<CliDependencies> = {}) {
    const accountOf = (profile: string | undefined) => (profile === 'hub' ? hubAccountId : ACCOUNT_B);
    return runCliAgainst(scenario.sim, argv, {
      makeEc2: ({ profile }) => scenario.sim.client({ accountId: accountOf(profile) }),
      makeRoute53: ({ profile }) => scenario.sim.route53Client({ accountId: accountOf(profile) }),
      makeServiceQuotas: ({ profile }) => scenario.sim.serviceQuotasClient({ accountId: accountOf(profile) }),
      callerAccountId: async ({ profile }) => accountOf(profile),
      ...overrides,
    });
  }

  const consumerArgs = () => ['plan', '--consumer', '--vpc', spokeVpcId, '--hub-id', hubId, '--hub-profile', 'hub', '--region', 'us-east-1'];

  it('prints the consumer’s plan and exits 0 (2 with --detailed-exitcode), reading the hub with --hub-profile and writing nothing', async () => {
    // Act
    const plain = await run(consumerArgs());
    const detailed = await run([...consumerArgs(), '--detailed-exitcode']);

    // Assess
    expect(plain.code).toBe(0);
    expect(detailed.code).toBe(2);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toContain(`Create preview for consumer ${spokeVpcId} in us-east-1, account ${ACCOUNT_B}\n`);
    expect(plain.stdout).toContain('  + 10.60.0.0/16\n');
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(scenario.sim.calls.filter((record) => record.mutating)).toStrictEqual([]);
    // The hub's group and zones with the hub's credentials, the spoke with the caller's.
    expect(new Set(scenario.sim.calls.filter((record) => record.action === 'DescribeSecurityGroupRules').map((record) => record.accountId))).toStrictEqual(new Set([hubAccountId]));
    expect(new Set(scenario.sim.calls.filter((record) => record.action === 'DescribeVpcAttribute').map((record) => record.accountId))).toStrictEqual(new Set([ACCOUNT_B]));
  });

  it('prints one JSON document, valid against the schema, with the consumer’s plan under consumer (formatVersion 1.2)', async () => {
    // Act
    const result = await run([...consumerArgs(), '--json']);

    // Assess
    const document = documentOf(result.stdout);
    expect(result.code).toBe(0);
    expect(document).toMatchObject({
      formatVersion: '1.2',
      resourceType: 'Custom::VpcEndpointConsumer',
      outcome: 'changes',
      vpcId: spokeVpcId,
      accountId: ACCOUNT_B,
      callerAccountId: ACCOUNT_B,
      wouldSucceed: true,
      summary: { add: 2, change: 0, destroy: 0 },
      endpointSubnets: [],
      hub: null,
      cost: null,
    });
    expect(document.physicalResourceId).toMatch(new RegExp(`^vpce-consumer-v1-${spokeVpcId}-[0-9a-f]{20}$`));
    expect(document.consumer).toMatchObject({
      hubId,
      hubAccountId,
      sameAccount: false,
      ingress: { cidrs: ['10.60.0.0/16'], add: ['10.60.0.0/16'], keep: [], release: [] },
      cost: { monthlyUsd: 0 },
    });
    expect(document.consumer?.zones.map((zone) => [zone.zoneName, zone.status])).toStrictEqual([['logs.us-east-1.amazonaws.com', 'associate']]);
    expect(document.consumer?.steps.map((step) => `${step.account}:${step.kind}`)).toStrictEqual(['hub:claim-cidr', 'hub:authorise-association', 'spoke:associate', 'hub:remove-authorisation']);
    expect(document.changes.map((change) => change.resource)).toStrictEqual(['hub ingress rule', 'zone association']);
  });

  it('previews an Update that replaces the consumer, the old pair in the document', async () => {
    // Prepare: the old properties named another spoke VPC.
    const stackId = `arn:aws:cloudformation:us-east-1:${ACCOUNT_B}:stack/spoke/6c2b7d40-0000-4000-8000-000000000001`;
    const readFile = (path: string) => (path === 'old.json' ? JSON.stringify({ VpcId: dnsOffVpcId, HubId: hubId }) : '');

    // Act
    const result = await run([...consumerArgs().filter((arg) => arg !== '--region' && arg !== 'us-east-1'), '--stack-id', stackId, '--old-properties', 'old.json', '--json'], { readFile });

    // Assess
    const document = documentOf(result.stdout);
    expect(result.code).toBe(0);
    expect(document).toMatchObject({ requestType: 'Update', stackId, logicalResourceId: 'Consumer', replacement: { oldVpcId: dnsOffVpcId }, ownsNothing: false });
    expect(document.consumer?.replacement).toStrictEqual({ oldVpcId: dnsOffVpcId, oldHubId: hubId });
  });

  it('an endpoints preview’s document says its resource type and has no consumer', async () => {
    // Act
    const result = await run(['plan', '--vpc', scenario.world.vpcId, '--subnets', scenario.world.appSubnetIds.join(','), '--region', 'us-east-1', '--json'], {
      makeEc2: () => scenario.sim.client(),
      makeRoute53: () => scenario.sim.route53Client(),
      makeServiceQuotas: () => scenario.sim.serviceQuotasClient(),
      callerAccountId: async () => undefined,
    });

    // Assess
    expect(documentOf(result.stdout)).toMatchObject({ resourceType: 'Custom::VpcEndpoints', consumer: null });
  });

  it('exits 3 and lists every problem, as the resource’s Reason does, when the consumer would fail', async () => {
    // Prepare
    const properties = { VpcId: dnsOffVpcId, HubId: hubId, Services: 'logs,secretsmanager' };
    const argv = ['plan', '--consumer', '--vpc', dnsOffVpcId, '--hub-id', hubId, '--services', 'logs,secretsmanager', '--hub-profile', 'hub', '--region', 'us-east-1'];

    // Act
    const text = await run(argv);
    const json = await run([...argv, '--json']);
    const response = await scenario.invoke(scenario.cfn.createEvent(properties, { ...CONSUMER, accountId: ACCOUNT_B, stackName: 'spoke' }));

    // Assess
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('Would FAIL before any change: 2 problems\nIn the hub and the spoke VPC:\n');
    expect(text.stdout).toContain(`\n  1. The spoke VPC ${dnsOffVpcId} has enableDnsSupport and enableDnsHostnames off`);
    expect(text.stdout).toContain('\n  2. The hub serves no zone for "secretsmanager" (it serves "logs")');
    const document = documentOf(json.stdout);
    expect(json.code).toBe(3);
    expect(document).toMatchObject({ outcome: 'would-fail', exitCode: 3, failedAt: 'preconditions', consumer: null });
    expect(document.problems.map((problem) => problem.about)).toStrictEqual(['vpc', 'vpc']);
    expect(document.reason).toBe(response?.body?.Reason);
  });

  it('refuses, before reading the hub, credentials of another account than the hub’s when no --hub-profile is given', async () => {
    // Act
    const result = await run(['plan', '--consumer', '--vpc', spokeVpcId, '--hub-id', hubId, '--region', 'us-east-1', '--json']);

    // Assess
    const document = documentOf(result.stdout);
    expect(result.code).toBe(1);
    expect(document.error).toStrictEqual({
      kind: 'account',
      name: 'HubAccountMismatch',
      message: `The hub is in account ${hubAccountId}, and the credentials that would read it are for account ${ACCOUNT_B}.`,
      hint: `Pass --hub-profile with a profile of account ${hubAccountId} (reads only: ec2:Describe*, route53:Get*/List*, servicequotas:GetServiceQuota).`,
    });
    expect(scenario.sim.calls).toStrictEqual([]);
  });

  it('reads the hub with the caller’s own credentials when the hub is in the caller’s account', async () => {
    // Act: the caller is the hub's account, and the spoke is its own VPC there.
    const result = await run(['plan', '--consumer', '--vpc', spokeVpcId, '--hub-id', hubId, '--region', 'us-east-1', '--profile', 'hub']);

    // Assess: the spoke of account B is not found in the hub's account; nothing was refused for want of --hub-profile.
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`VpcId ${spokeVpcId} was not found in account ${hubAccountId}`);
  });

  it.each([
    [['--hub-id', 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d'], '--hub-id is for a consumer (Custom::VpcEndpointConsumer): add --consumer.'],
    [['--services', 'logs', '--hub-profile', 'hub'], '--services and --hub-profile are for a consumer (Custom::VpcEndpointConsumer): add --consumer.'],
    [['--consumer', '--hub-i', 'x'], 'Unknown option --hub-i. Did you mean --hub-id?'],
    [['--consumer', '--hub-profil', 'x'], 'Unknown option --hub-profil. Did you mean --hub-profile?'],
    [['--consumer', '--vpc', 'vpc-0a1b2c3d'], 'Missing --hub-id.'],
    [['--consumer', '--hub-id', 'x'], 'Missing --vpc.'],
    [['--consumer', '--vpc', 'vpc-0a1b2c3d', '--hub-id', 'x', '--endpoint-policies', 'p.json'], '--endpoint-policies is for the endpoints resource: a consumer uses the hub’s endpoints and their policies.'],
  ])('refuses %j with exit 64: %s', async (extra, message) => {
    // Act
    const result = await run(['plan', ...extra, '--region', 'us-east-1']);

    // Assess
    expect(result.code).toBe(64);
    expect(result.stderr.split('\n')[0]).toBe(`vpce-provisioner: ${message}`);
  });
});
