/**
 * A hub (Custom::VpcEndpoints, DnsMode HostedZones) in account A and consumers (Custom::VpcEndpointConsumer) in accounts
 * B and C, through the CloudFormation driver and the simulator: the spokes' names resolve to the hub's endpoints, the
 * hub's group admits exactly the spokes' CIDRs, and Delete leaves nothing behind.
 */
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { ListVPCAssociationAuthorizationsCommand } from '@aws-sdk/client-route-53';
import { startScenario, type Scenario } from '../support/scenario';
import { WorldBuilder } from '../support/ec2-sim/world';

const ACCOUNT_B = '222233334444';
const ACCOUNT_C = '555566667777';
const ACCOUNT_D = '888899990000';
const LOGS = 'logs.us-east-1.amazonaws.com';
const DKR = 'dkr.ecr.us-east-1.amazonaws.com';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };

interface Hub {
  readonly hubId: string;
  readonly physicalId: string;
  readonly groupId: string;
  readonly properties: Record<string, unknown>;
}

describe('centralised endpoints: a hub in one account, consumers in others', () => {
  let scenario: Scenario;
  let spokes: { b: string; c: string; d: string };
  beforeEach(async () => {
    scenario = await startScenario();
    const world = await new WorldBuilder(scenario.sim)
      .vpc('spoke-b', { cidr: '10.60.0.0/16', secondary: ['10.61.0.0/16'], owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: true })
      .vpc('spoke-c', { cidr: '10.70.0.0/16', owner: ACCOUNT_C, dnsSupport: true, dnsHostnames: true })
      .vpc('spoke-d', { cidr: '10.80.0.0/16', owner: ACCOUNT_D, dnsSupport: true, dnsHostnames: true })
      .build();
    spokes = { b: world.id('spoke-b'), c: world.id('spoke-c'), d: world.id('spoke-d') };
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  async function createHub(allowed = `${ACCOUNT_B},${ACCOUNT_C}`): Promise<Hub> {
    const properties = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [], AllowedConsumers: allowed });
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));
    expect(response?.body?.Status).toBe('SUCCESS');
    const data = response?.body?.Data as Record<string, string>;
    return { hubId: data['HubId'] as string, physicalId: response?.body?.PhysicalResourceId as string, groupId: data['SecurityGroupId'] as string, properties };
  }

  function consumerEvent(accountId: string, vpcId: string, hub: Hub, extra: Record<string, unknown> = {}) {
    return scenario.cfn.createEvent({ VpcId: vpcId, HubId: hub.hubId, ...extra }, { ...CONSUMER, accountId, stackName: `spoke-${accountId}` });
  }

  async function hubHttpsCidrs(groupId: string): Promise<string[]> {
    const output = await scenario.sim.client().send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }));
    return (output.SecurityGroupRules ?? [])
      .filter((rule) => rule.IsEgress === false && rule.FromPort === 443 && rule.Tags?.some((tag) => tag.Key === 'vpce-provisioner:consumer-vpc'))
      .map((rule) => rule.CidrIpv4 ?? rule.CidrIpv6 ?? '')
      .sort();
  }

  const addressesFrom = (vpcId: string, name: string) => scenario.sim.admin.resolve(vpcId, name)?.addresses;

  it('Create: each spoke resolves the hub’s names to the hub endpoints’ addresses, and the hub admits exactly the spokes’ CIDRs', async () => {
    // Prepare
    const hub = await createHub();
    const hubLogs = addressesFrom(scenario.world.vpcId, LOGS);

    // Act
    const b = await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub));
    const c = await scenario.invoke(consumerEvent(ACCOUNT_C, spokes.c, hub, { Services: 'logs' }));

    // Assess
    expect(b?.body?.Status).toBe('SUCCESS');
    expect(c?.body?.Status).toBe('SUCCESS');
    expect(hubLogs?.length).toBeGreaterThan(0);
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(hubLogs);
    expect(addressesFrom(spokes.b, `x.${DKR}`)).toStrictEqual(addressesFrom(scenario.world.vpcId, DKR));
    expect(addressesFrom(spokes.c, LOGS)).toStrictEqual(hubLogs);
    expect(addressesFrom(spokes.c, DKR)).toBeUndefined();
    expect(await hubHttpsCidrs(hub.groupId)).toStrictEqual(['10.60.0.0/16', '10.61.0.0/16', '10.70.0.0/16']);
    const data = b?.body?.Data as Record<string, string>;
    expect(data['HubId']).toBe(hub.hubId);
    expect(data['IngressCidrs']).toBe('10.60.0.0/16,10.61.0.0/16');
    expect(data['AssociatedZoneIds']?.split(',')).toHaveLength(2);
  });

  it('leaves no authorisation behind on the hub’s zones', async () => {
    // Prepare
    const hub = await createHub();

    // Act
    await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub));

    // Assess
    const zoneIds = ((await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub)))?.body?.Data as Record<string, string>)['AssociatedZoneIds']?.split(',') ?? [];
    const route53 = scenario.sim.route53Client();
    for (const zoneId of zoneIds) {
      expect((await route53.send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs ?? []).toStrictEqual([]);
    }
  });

  it('Delete of a consumer: its names stop resolving to the hub and its CIDRs leave the hub’s group; the other consumer keeps both', async () => {
    // Prepare
    const hub = await createHub();
    const createB = consumerEvent(ACCOUNT_B, spokes.b, hub);
    const b = await scenario.invoke(createB);
    await scenario.invoke(consumerEvent(ACCOUNT_C, spokes.c, hub));

    // Act
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(b?.body?.PhysicalResourceId as string, createB.ResourceProperties, { ...CONSUMER, accountId: ACCOUNT_B, stackName: `spoke-${ACCOUNT_B}` }));

    // Assess
    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spokes.b, LOGS)).toBeUndefined();
    expect(addressesFrom(spokes.c, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
    expect(await hubHttpsCidrs(hub.groupId)).toStrictEqual(['10.70.0.0/16']);
  });

  it('refuses an account the hub does not allow, with zero writes', async () => {
    // Prepare
    const hub = await createHub();
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(consumerEvent(ACCOUNT_D, spokes.d, hub));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(`Account ${ACCOUNT_D} may not consume the hub ${hub.hubId}`);
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('Update: a service taken out leaves its zone, a service added joins its zone; CIDRs unchanged', async () => {
    // Prepare
    const hub = await createHub();
    const create = consumerEvent(ACCOUNT_B, spokes.b, hub, { Services: 'logs' });
    const created = await scenario.invoke(create);
    const physicalId = created?.body?.PhysicalResourceId as string;
    const options = { ...CONSUMER, accountId: ACCOUNT_B, stackName: `spoke-${ACCOUNT_B}` };

    // Act
    const swapped = { ...create.ResourceProperties, Services: 'ecr.dkr' };
    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, swapped, create.ResourceProperties, options));

    // Assess
    expect(update?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(addressesFrom(spokes.b, LOGS)).toBeUndefined();
    expect(addressesFrom(spokes.b, DKR)).toStrictEqual(addressesFrom(scenario.world.vpcId, DKR));
    expect(await hubHttpsCidrs(hub.groupId)).toStrictEqual(['10.60.0.0/16', '10.61.0.0/16']);
  });

  it('makes zero writes when the same Create is delivered again', async () => {
    // Prepare
    const hub = await createHub();
    const create = consumerEvent(ACCOUNT_B, spokes.b, hub);
    const first = await scenario.invoke(create);
    scenario.sim.resetCallLog();

    // Act
    const again = await scenario.invoke(create);

    // Assess
    expect(again?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: first?.body?.PhysicalResourceId });
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6])('a Create that crashes after write %i converges when delivered again, and its Delete leaves nothing', async (crashAfter) => {
    // Prepare: the invocation dies right after its n-th write lands.
    const hub = await createHub();
    const hubLogs = addressesFrom(scenario.world.vpcId, LOGS);
    const create = consumerEvent(ACCOUNT_B, spokes.b, hub);
    scenario.sim.faults.onMutation = (count) => count === crashAfter;
    const crashed = await scenario.invoke(create);
    scenario.sim.recover();

    // Act
    const retried = await scenario.invoke(create);
    const physicalId = retried?.body?.PhysicalResourceId as string;
    const afterCreate = addressesFrom(spokes.b, LOGS);
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, create.ResourceProperties, { ...CONSUMER, accountId: ACCOUNT_B, stackName: `spoke-${ACCOUNT_B}` }));

    // Assess
    expect(crashed?.body?.Status).toBe('FAILED');
    expect(retried?.body?.Status).toBe('SUCCESS');
    expect(afterCreate).toStrictEqual(hubLogs);
    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spokes.b, LOGS)).toBeUndefined();
    expect(await hubHttpsCidrs(hub.groupId)).toStrictEqual([]);
  });

  it('refuses a spoke already associated with a zone of a hub zone’s name, before any write (ConflictingDomainExists)', async () => {
    // Prepare: the spoke's account has its own private zone for logs.
    const hub = await createHub();
    scenario.sim.admin.createPrivateHostedZone({ name: LOGS, vpcIds: [spokes.b], ownerAccountId: ACCOUNT_B });
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(LOGS);
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('refuses a spoke with a private-DNS endpoint for a hub service, before any write', async () => {
    // Prepare: the spoke has its own logs endpoint with private DNS.
    const hub = await createHub();
    const caller = { accountId: ACCOUNT_B };
    const subnet = await scenario.sim.call('CreateSubnet', { VpcId: spokes.b, CidrBlock: '10.60.0.0/24', AvailabilityZoneId: 'use1-az1' }, caller);
    const subnetId = (subnet['Subnet'] as { SubnetId: string }).SubnetId;
    // Past EC2's eventual consistency for the new ID.
    scenario.clock.advance(60_000);
    await scenario.sim.call(
      'CreateVpcEndpoint',
      { VpcId: spokes.b, ServiceName: 'com.amazonaws.us-east-1.logs', VpcEndpointType: 'Interface', SubnetIds: [subnetId], PrivateDnsEnabled: true },
      caller,
    );
    scenario.clock.advance(10 * 60_000);
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(LOGS);
    expect(scenario.sim.writes()).toStrictEqual([]);
  });

  it('waits out an authorisation Route 53 does not yet honour (NotAuthorizedException), within the invocation', async () => {
    // Prepare: each authorisation becomes usable 5 s after it is made.
    const hub = await createHub();
    scenario.sim.route53Settings.authorizationPropagationMs = 5_000;

    // Act
    const response = await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });

  it('hands over to a fresh invocation when an authorisation stays unusable past the retries, and that one finishes', async () => {
    // Prepare: an authorisation usable only after 60 s, past the 1+2+4+8 s of retries.
    const hub = await createHub();
    scenario.sim.route53Settings.authorizationPropagationMs = 60_000;

    // Act: each hand-over runs a minute later, as Lambda's asynchronous invoke would.
    const first = await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub));
    const attempts: number[] = [];
    let last = first;
    for (let next = scenario.continuations.shift(); next !== undefined && attempts.length < 5; next = scenario.continuations.shift()) {
      attempts.push(next.Continuation?.attempt ?? 0);
      scenario.clock.advance(60_000);
      last = await scenario.invoke(next);
    }

    // Assess: one hand-over in all (every zone is authorised before the first association, so the waits overlap; when
    // each zone was authorised by the invocation that reached it, there was one hand-over per zone).
    expect(first).toBeUndefined();
    expect(attempts).toStrictEqual([1]);
    expect(last?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });

  it('a spoke’s gateway endpoints come from Custom::VpcEndpoints with no interface services, beside its consumer', async () => {
    // Act: the demo VPC's route tables take an S3 gateway endpoint; no interface endpoint, no endpoint subnet.
    const response = await scenario.invoke(
      scenario.cfn.createEvent(scenario.properties({ InterfaceServices: '', GatewayServices: 's3' }), { logicalResourceId: 'SpokeGateways', stackName: 'spoke-gateways' }),
    );

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    const data = response?.body?.Data as Record<string, string>;
    expect(data['GatewayEndpointId.s3']).toMatch(/^vpce-/);
    expect(scenario.sim.writes().filter((record) => record.action === 'CreateSubnet')).toStrictEqual([]);
  });

  it('Delete in the other order: the hub refuses while the consumer remains, naming it, with zero writes; after the consumer’s Delete it goes', async () => {
    // Prepare
    const hub = await createHub();
    const create = consumerEvent(ACCOUNT_B, spokes.b, hub);
    const consumer = await scenario.invoke(create);
    scenario.sim.resetCallLog();

    // Act
    const refused = await scenario.invoke(scenario.cfn.deleteEvent(hub.physicalId, hub.properties));
    const writesWhileRefused = scenario.sim.writes();
    const consumerDeleted = await scenario.invoke(
      scenario.cfn.deleteEvent(consumer?.body?.PhysicalResourceId as string, create.ResourceProperties, { ...CONSUMER, accountId: ACCOUNT_B, stackName: `spoke-${ACCOUNT_B}` }),
    );
    const hubDeleted = await scenario.invoke(scenario.cfn.deleteEvent(hub.physicalId, hub.properties));

    // Assess
    expect(refused?.body?.Status).toBe('FAILED');
    expect(refused?.body?.Reason).toContain(`spoke-${ACCOUNT_B}`);
    expect(refused?.body?.Reason).toContain(spokes.b);
    expect(writesWhileRefused).toStrictEqual([]);
    expect(consumerDeleted?.body?.Status).toBe('SUCCESS');
    expect(hubDeleted?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spokes.b, LOGS)).toBeUndefined();
  });

  it('a spoke in the hub’s own account associates without any authorisation', async () => {
    // Prepare
    const hub = await createHub();
    const own = await new WorldBuilder(scenario.sim).vpc('own-spoke', { cidr: '10.90.0.0/16', dnsSupport: true, dnsHostnames: true }).build();
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(scenario.cfn.createEvent({ VpcId: own.id('own-spoke'), HubId: hub.hubId }, { ...CONSUMER, stackName: 'own-spoke' }));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.writes().map((record) => record.action).filter((action) => action.includes('Authorization'))).toStrictEqual([]);
    expect(addressesFrom(own.id('own-spoke'), LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });

  it('a hub Update keeps the consumers’ rules in its group and their associations', async () => {
    // Prepare: the consumer uses logs only (a service a consumer uses cannot be taken out: hub-service-removal.test.ts).
    const hub = await createHub();
    await scenario.invoke(consumerEvent(ACCOUNT_B, spokes.b, hub, { Services: 'logs' }));

    // Act: the hub's services and allowed consumers change.
    const updated = { ...hub.properties, InterfaceServices: ['logs'], AllowedConsumers: `${ACCOUNT_B},${ACCOUNT_D}` };
    const response = await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, updated, hub.properties));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(await hubHttpsCidrs(hub.groupId)).toStrictEqual(['10.60.0.0/16', '10.61.0.0/16']);
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });
});
