/**
 * The preview of a consumer (Custom::VpcEndpointConsumer) against the simulator: a hub in the simulator's account, a
 * spoke in another; the preview reads each side with its own account's read-only clients, shows the zones to associate,
 * the exact CIDRs for the hub's group and every problem, and the consumer's Create that follows does just that.
 */
import { CreateHostedZoneCommand, CreateVPCAssociationAuthorizationCommand } from '@aws-sdk/client-route-53';
import { ReadOnlyClient, ReadOnlyEc2Client } from '../../lib/ec2/read-only-client';
import { AwsHubAccountPort, AwsSpokeAccountPort } from '../../lib/consumer-aws/aws-ports';
import { placeholderStackId } from '../../lib/preview';
import { previewConsumer } from '../../lib/preview/consumer';
import { formatConsumerPreview } from '../../lib/preview/consumer-format';
import type { ConsumerPlanPreview, FailingConsumerPreview, SucceedingConsumerPreview } from '../../lib/preview/consumer-types';
import { readVpcOwner } from '../../lib/preview/vpc-owner';
import { WorldBuilder } from '../support/ec2-sim/world';
import { startScenario, type Scenario } from '../support/scenario';

const ACCOUNT_B = '222233334444';
const ACCOUNT_D = '888899990000';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };
const LOGS = 'logs.us-east-1.amazonaws.com';
const DKR = 'dkr.ecr.us-east-1.amazonaws.com';

describe('the preview of a consumer', () => {
  let scenario: Scenario;
  let spokes: { b: string; d: string; bDnsOff: string };
  let hubId: string;
  let hubGroupId: string;
  beforeEach(async () => {
    scenario = await startScenario();
    const world = await new WorldBuilder(scenario.sim)
      .vpc('spoke-b', { cidr: '10.60.0.0/16', secondary: ['10.61.0.0/16'], owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: true })
      .vpc('spoke-b-dns-off', { cidr: '10.62.0.0/16', owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: false })
      .vpc('spoke-d', { cidr: '10.80.0.0/16', owner: ACCOUNT_D, dnsSupport: true, dnsHostnames: true })
      .build();
    spokes = { b: world.id('spoke-b'), d: world.id('spoke-d'), bDnsOff: world.id('spoke-b-dns-off') };
    const hub = await scenario.invoke(
      scenario.cfn.createEvent(scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [], AllowedConsumers: ACCOUNT_B })),
    );
    expect(hub?.body?.Status).toBe('SUCCESS');
    hubId = hub?.body?.Data?.['HubId'] as string;
    hubGroupId = hub?.body?.Data?.['SecurityGroupId'] as string;
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  /** The preview as the CLI runs it: the spoke read with its account's read-only clients, the hub with the hub's. */
  function preview(spokeAccount: string, properties: Record<string, unknown>, options: { stackId?: string; oldProperties?: Record<string, unknown> } = {}): Promise<ConsumerPlanPreview> {
    const spokeEc2 = new ReadOnlyEc2Client(scenario.sim.client({ accountId: spokeAccount }));
    const spokeRoute53 = new ReadOnlyClient(scenario.sim.route53Client({ accountId: spokeAccount }), 'Route 53');
    const hub = new AwsHubAccountPort({
      ec2: new ReadOnlyEc2Client(scenario.sim.client()),
      route53: new ReadOnlyClient(scenario.sim.route53Client(), 'Route 53'),
      serviceQuotas: new ReadOnlyClient(scenario.sim.serviceQuotasClient(), 'Service Quotas'),
    });
    const spoke = new AwsSpokeAccountPort({ ec2: spokeEc2, route53: spokeRoute53 }, 'us-east-1');
    return previewConsumer(
      { properties, stackId: options.stackId ?? placeholderStackId('us-east-1'), logicalResourceId: 'Consumer', ...(options.oldProperties ? { oldProperties: options.oldProperties } : {}) },
      { hub, spoke: { observeSpoke: (vpcId) => spoke.observeSpoke(vpcId), ownerOf: (vpcId) => readVpcOwner(spokeEc2, vpcId) } },
    );
  }

  function succeeded(result: ConsumerPlanPreview): SucceedingConsumerPreview {
    if (!result.wouldSucceed) throw new Error(`expected a succeeding preview, got: ${result.reason}`);
    return result;
  }

  function failed(result: ConsumerPlanPreview): FailingConsumerPreview {
    if (result.wouldSucceed) throw new Error('expected a failing preview');
    return result;
  }

  function consumerCreate(accountId: string, properties: Record<string, unknown>) {
    return scenario.cfn.createEvent(properties, { ...CONSUMER, accountId, stackName: `spoke-${accountId}` });
  }

  it('shows a Create’s zones to associate and the exact CIDRs for the hub’s group, reading only; the Create then does just that', async () => {
    // Prepare
    const properties = { VpcId: spokes.b, HubId: hubId };

    // Act
    const planned = succeeded(await preview(ACCOUNT_B, properties));

    // Assess
    expect(scenario.sim.calls.filter((record) => record.mutating)).toStrictEqual([]);
    expect(planned.accountId).toBe(ACCOUNT_B);
    expect(planned.consumer.sameAccount).toBe(false);
    expect(planned.consumer.zones.map((zone) => [zone.zoneName, zone.service, zone.status, zone.associatedVpcs])).toStrictEqual([
      [DKR, 'ecr.dkr', 'associate', 1],
      [LOGS, 'logs', 'associate', 1],
    ]);
    expect(planned.consumer.zones[0]?.steps.map((step) => [step.kind, step.account])).toStrictEqual([
      ['authorise-association', 'hub'],
      ['associate', 'spoke'],
      ['remove-authorisation', 'hub'],
    ]);
    expect(planned.consumer.ingress).toStrictEqual({ groupId: hubGroupId, cidrs: ['10.60.0.0/16', '10.61.0.0/16'], add: ['10.60.0.0/16', '10.61.0.0/16'], keep: [], release: [] });
    expect(planned.changes.map((change) => [change.marker, change.resource, change.concerns])).toStrictEqual([
      ['+', 'hub ingress rule', '10.60.0.0/16'],
      ['+', 'hub ingress rule', '10.61.0.0/16'],
      ['+', 'zone association', 'ecr.dkr'],
      ['+', 'zone association', 'logs'],
    ]);
    expect(planned.counts).toStrictEqual({ add: 4, change: 0, destroy: 0 });
    expect(planned.consumer.cost.monthlyUsd).toBe(0);
    // The spoke has no route toward either of the hub VPC's blocks: the resource's warning for each, word for word.
    expect(planned.notes.map((note) => /toward the hub's ([^:]+):/.exec(note)?.[1])).toStrictEqual(['10.0.0.0/16', '100.64.0.0/22']);
    expect(planned.notes[0]).toBe(
      `No route table of the spoke VPC ${spokes.b} has a route toward the hub's 10.0.0.0/16: the hub's names resolve there, but its endpoints are unreachable until one exists (through a Transit Gateway or peering; this provider does not manage routes).`,
    );

    const created = await scenario.invoke(consumerCreate(ACCOUNT_B, properties));
    expect(created?.body?.Status).toBe('SUCCESS');
    expect(created?.body?.Data?.['IngressCidrs']).toBe('10.60.0.0/16,10.61.0.0/16');
    expect(created?.body?.Data?.['AssociatedZoneIds']).toBe(planned.consumer.zones.map((zone) => zone.zoneId).join(','));
    expect(created?.body?.Data?.['Notes']).toBe(planned.notes.join('; '));
  });

  it('previews an Update: a kept association shows =, a new service’s zone +, the CIDRs kept; a converged consumer shows no change', async () => {
    // Prepare
    const oldProperties = { VpcId: spokes.b, HubId: hubId, Services: 'logs' };
    const create = consumerCreate(ACCOUNT_B, oldProperties);
    expect((await scenario.invoke(create))?.body?.Status).toBe('SUCCESS');
    scenario.sim.resetCallLog();

    // Act
    const widened = succeeded(await preview(ACCOUNT_B, { VpcId: spokes.b, HubId: hubId }, { stackId: create.StackId, oldProperties }));
    const same = succeeded(await preview(ACCOUNT_B, oldProperties, { stackId: create.StackId, oldProperties }));

    // Assess
    expect(scenario.sim.calls.filter((record) => record.mutating)).toStrictEqual([]);
    expect(widened.requestType).toBe('Update');
    expect(widened.ownsNothing).toBeUndefined();
    expect(widened.consumer.zones.map((zone) => [zone.service, zone.status])).toStrictEqual([
      ['ecr.dkr', 'associate'],
      ['logs', 'kept'],
    ]);
    expect(widened.consumer.ingress).toMatchObject({ add: [], keep: ['10.60.0.0/16', '10.61.0.0/16'], release: [] });
    expect(widened.changes.map((change) => [change.marker, change.resource, change.concerns])).toStrictEqual([['+', 'zone association', 'ecr.dkr']]);
    expect(same.changes).toStrictEqual([]);
    expect(same.consumer.zones.map((zone) => [zone.service, zone.status])).toStrictEqual([
      ['ecr.dkr', 'not-used'],
      ['logs', 'kept'],
    ]);
    expect(formatConsumerPreview(same)).toContain('No changes. The spoke already uses the hub as these properties ask.');
    expect(formatConsumerPreview(same)).toMatch(/\n {2}= {2}logs\.us-east-1\.amazonaws\.com +logs +Z[0-9A-Z]+ +kept +2 of 300 VPCs\n/);
    expect(formatConsumerPreview(same)).toContain('\n  = 10.60.0.0/16\n  = 10.61.0.0/16\n');
  });

  it('previews an Update that drops a service: the spoke leaves that zone (-)', async () => {
    // Prepare
    const oldProperties = { VpcId: spokes.b, HubId: hubId };
    const create = consumerCreate(ACCOUNT_B, oldProperties);
    expect((await scenario.invoke(create))?.body?.Status).toBe('SUCCESS');

    // Act
    const narrowed = succeeded(await preview(ACCOUNT_B, { ...oldProperties, Services: 'logs' }, { stackId: create.StackId, oldProperties }));

    // Assess
    expect(narrowed.consumer.zones.map((zone) => [zone.service, zone.status])).toStrictEqual([
      ['ecr.dkr', 'leave'],
      ['logs', 'kept'],
    ]);
    expect(narrowed.changes.map((change) => [change.marker, change.resource, change.concerns])).toStrictEqual([['-', 'zone association', 'ecr.dkr']]);
    expect(narrowed.counts).toStrictEqual({ add: 0, change: 0, destroy: 1 });
  });

  it('calls out a replacement when an Update changes VpcId, without the owns-nothing warning, and plans the new spoke from scratch', async () => {
    // Prepare: a consumer of spoke B; the Update moves it to another spoke of account B.
    const world = await new WorldBuilder(scenario.sim).vpc('spoke-b2', { cidr: '10.63.0.0/16', owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: true }).build();
    const oldProperties = { VpcId: spokes.b, HubId: hubId, Services: 'logs' };
    const create = consumerCreate(ACCOUNT_B, oldProperties);
    expect((await scenario.invoke(create))?.body?.Status).toBe('SUCCESS');

    // Act
    const moved = succeeded(await preview(ACCOUNT_B, { ...oldProperties, VpcId: world.id('spoke-b2') }, { stackId: create.StackId, oldProperties }));

    // Assess
    expect(moved.replacement).toStrictEqual({ oldVpcId: spokes.b, oldHubId: hubId });
    expect(moved.ownsNothing).toBeUndefined();
    expect(moved.consumer.ingress.add).toStrictEqual(['10.63.0.0/16']);
    const text = formatConsumerPreview(moved);
    expect(text).toContain(`-/+ The consumer is replaced: VpcId changes from ${spokes.b}, so a new consumer is made for ${world.id('spoke-b2')} and ${hubId};\n`);
    expect(text).not.toContain('Warning:');
  });

  it('warns when an Update’s stack and logical ID hold no claim on the hub, beside the resource’s own refusal', async () => {
    // Prepare: a consumer under logical ID Consumer; the preview is asked for another logical ID.
    const properties = { VpcId: spokes.b, HubId: hubId };
    const create = consumerCreate(ACCOUNT_B, properties);
    expect((await scenario.invoke(create))?.body?.Status).toBe('SUCCESS');
    const otherStack = create.StackId.replace(`stack/spoke-${ACCOUNT_B}/`, 'stack/another-stack/');

    // Act
    const planned = failed(await preview(ACCOUNT_B, properties, { stackId: otherStack, oldProperties: properties }));

    // Assess: most often a wrong --stack-id; the consumer itself would refuse, the spoke being another consumer's.
    expect(planned.ownsNothing).toBe(true);
    expect(planned.problems).toStrictEqual([expect.stringMatching(new RegExp(`^Another consumer already uses this hub for the spoke VPC ${spokes.b}: Consumer in stack ${create.StackId}`))]);
    expect(formatConsumerPreview(planned)).toContain(`Warning: stack another-stack, logical ID Consumer holds no claim on the hub for ${spokes.b}, so everything below shows as new.`);
  });

  it('would fail, listing every problem with the resource’s own Reason, for a spoke account the hub does not allow and a zone of the same name', async () => {
    // Prepare: account D is not allowed, and its spoke already has a zone named as the hub's logs zone.
    await scenario.sim
      .route53Client({ accountId: ACCOUNT_D })
      .send(new CreateHostedZoneCommand({ Name: LOGS, CallerReference: 'own-logs', VPC: { VPCId: spokes.d, VPCRegion: 'us-east-1' }, HostedZoneConfig: { PrivateZone: true } }));
    const properties = { VpcId: spokes.d, HubId: hubId };
    scenario.sim.resetCallLog();

    // Act
    const planned = failed(await preview(ACCOUNT_D, properties));
    const response = await scenario.invoke(consumerCreate(ACCOUNT_D, properties));

    // Assess
    expect(planned.failedAt).toBe('preconditions');
    expect(planned.problems).toHaveLength(2);
    expect(planned.problems[0]).toContain(`Account ${ACCOUNT_D} may not consume the hub ${hubId}`);
    expect(planned.problems[1]).toContain(LOGS);
    expect(response?.body?.Status).toBe('FAILED');
    expect(planned.reason).toBe(response?.body?.Reason);
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('would fail for a spoke with a DNS attribute off, and says so in the text, numbered', async () => {
    // Act
    const planned = failed(await preview(ACCOUNT_B, { VpcId: spokes.bDnsOff, HubId: hubId }));

    // Assess
    expect(planned.problems).toStrictEqual([expect.stringContaining('has enableDnsHostnames off')]);
    const text = formatConsumerPreview(planned);
    expect(text).toContain('Would FAIL before any change: 1 problem\nIn the hub and the spoke VPC:\n  1. The spoke VPC');
  });

  it('would fail at the properties, with the resource’s messages, before reading anything', async () => {
    // Act
    const planned = failed(await preview(ACCOUNT_B, { VpcId: spokes.b, HubId: hubId, GatewayServices: 's3', SubnetIds: 'subnet-0a1b2c3d' }));

    // Assess
    expect(planned.failedAt).toBe('properties');
    expect(planned.hubId).toBe(hubId);
    expect(planned.problems).toStrictEqual([
      expect.stringMatching(/^SubnetIds is a property of Custom::VpcEndpoints, not of Custom::VpcEndpointConsumer/),
      expect.stringMatching(/^GatewayServices "s3": a consumer does not make gateway endpoints/),
    ]);
    expect(planned.reason).toMatch(/^Invalid properties: 2 problems/);
    expect(scenario.sim.calls).toStrictEqual([]);
  });

  it('would fail for a spoke with its own private-DNS endpoint for a hub service, and for a hub zone with no headroom left', async () => {
    // Prepare: the spoke serves logs itself; the simulator's zones take only the one VPC they already have.
    const caller = { accountId: ACCOUNT_B };
    const subnet = await scenario.sim.call('CreateSubnet', { VpcId: spokes.b, CidrBlock: '10.60.0.0/24', AvailabilityZoneId: 'use1-az1' }, caller);
    scenario.clock.advance(60_000);
    await scenario.sim.call(
      'CreateVpcEndpoint',
      { VpcId: spokes.b, ServiceName: 'com.amazonaws.us-east-1.logs', VpcEndpointType: 'Interface', SubnetIds: [(subnet['Subnet'] as { SubnetId: string }).SubnetId], PrivateDnsEnabled: true },
      caller,
    );
    scenario.clock.advance(10 * 60_000);
    scenario.sim.route53Settings.maxVpcsPerZone = 1;
    const properties = { VpcId: spokes.b, HubId: hubId };
    scenario.sim.resetCallLog();

    // Act
    const planned = failed(await preview(ACCOUNT_B, properties));
    const response = await scenario.invoke(consumerCreate(ACCOUNT_B, properties));

    // Assess
    expect(planned.problems.filter((problem) => problem.includes('with private DNS on'))).toStrictEqual([expect.stringContaining(`serves ${LOGS} itself`)]);
    expect(planned.problems.filter((problem) => problem.includes('its limit (MAX_VPCS_ASSOCIATED_BY_ZONE 1)')).map((problem) => problem.slice(0, problem.indexOf(' ('))).sort()).toStrictEqual([
      `The hub's zone ${DKR}`,
      `The hub's zone ${LOGS}`,
    ]);
    expect(planned.reason).toBe(response?.body?.Reason);
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('marks a kept association ~ when a leftover authorisation would be removed', async () => {
    // Prepare: after the Create, the hub account authorises the spoke again on the logs zone (as a crash would leave it).
    const properties = { VpcId: spokes.b, HubId: hubId, Services: 'logs' };
    const create = consumerCreate(ACCOUNT_B, properties);
    const created = await scenario.invoke(create);
    const logsZoneId = created?.body?.Data?.['AssociatedZoneIds'] as string;
    await scenario.sim.route53Client().send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: logsZoneId, VPC: { VPCId: spokes.b, VPCRegion: 'us-east-1' } }));

    // Act
    const planned = succeeded(await preview(ACCOUNT_B, properties, { stackId: create.StackId, oldProperties: properties }));

    // Assess
    expect(planned.consumer.zones.find((zone) => zone.zoneId === logsZoneId)).toMatchObject({ status: 'kept', steps: [{ kind: 'remove-authorisation', account: 'hub' }] });
    expect(planned.changes.map((change) => [change.marker, change.resource, change.id])).toStrictEqual([['~', 'zone association', logsZoneId]]);
    expect(planned.counts).toStrictEqual({ add: 0, change: 1, destroy: 0 });
    expect(formatConsumerPreview(planned)).toMatch(/\n {2}~ {2}logs\.us-east-1\.amazonaws\.com +logs +Z[0-9A-Z]+ +kept; a leftover authorisation is removed/);
  });

  it('plans no authorisation for a spoke in the hub’s own account', async () => {
    // Prepare
    const world = await new WorldBuilder(scenario.sim).vpc('own-spoke', { cidr: '10.90.0.0/16', dnsSupport: true, dnsHostnames: true }).build();

    // Act
    const planned = succeeded(await preview(scenario.sim.accountId, { VpcId: world.id('own-spoke'), HubId: hubId, Services: 'logs' }));

    // Assess
    expect(planned.consumer.sameAccount).toBe(true);
    expect(planned.consumer.steps.map((step) => step.kind)).toStrictEqual(['claim-cidr', 'associate']);
    expect(formatConsumerPreview(planned)).toContain(`Hub zones (account ${scenario.sim.accountId}, the spoke’s own: no authorisation needed):`);
  });

  it('prints the zones, the CIDRs, the cost of nothing and one change line each, closing with the Plan line', async () => {
    // Act
    const text = formatConsumerPreview(succeeded(await preview(ACCOUNT_B, { VpcId: spokes.b, HubId: hubId, Services: 'logs' })));

    // Assess
    expect(text).toContain(`Create preview for consumer ${spokes.b} in us-east-1, account ${ACCOUNT_B}\n`);
    expect(text).toContain(`Hub ${hubId}\n`);
    expect(text).toMatch(/\n {2}\+ {2}logs\.us-east-1\.amazonaws\.com +logs +Z[0-9A-Z]+ +associate +1 of 300 VPCs\n/);
    expect(text).toMatch(/\n {5}dkr\.ecr\.us-east-1\.amazonaws\.com +ecr\.dkr +Z[0-9A-Z]+ +not asked for +1 of 300 VPCs\n/);
    expect(text).toContain(`Hub security group ${hubGroupId}: TCP 443 from this spoke\n  + 10.60.0.0/16\n  + 10.61.0.0/16\n`);
    expect(text).toContain('Estimated cost: nothing a month: zone associations are free');
    expect(text).toMatch(/\n {2}\+ zone association logs +Z[0-9A-Z]+: logs\.us-east-1\.amazonaws\.com: authorise vpc-[0-9a-f]+ on Z[0-9A-Z]+ \(hub account\), then associate/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 3 to add, 0 to change, 0 to destroy.');
  });
});
