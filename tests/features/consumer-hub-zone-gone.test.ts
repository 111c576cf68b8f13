/**
 * A consumer whose hub zone is gone: deleted by hand, or by an older hub that deleted zones under its consumers.
 * Route 53 deletes a zone with its associations (docs/simulator.md), so a Delete has nothing left to undo there, and an
 * Update must not carry on as if the hub served the name. Hub in account A, consumer in B, through the CloudFormation
 * driver and the simulator.
 */
import { startScenario, type Scenario } from '../support/scenario';
import { WorldBuilder } from '../support/ec2-sim/world';

const ACCOUNT_B = '222233334444';
const LOGS = 'logs.us-east-1.amazonaws.com';
const DKR = 'dkr.ecr.us-east-1.amazonaws.com';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer', accountId: ACCOUNT_B, stackName: `spoke-${ACCOUNT_B}` };

describe('a consumer whose hub zone is gone', () => {
  let scenario: Scenario;
  let spoke: string;
  let hubData: Record<string, string>;
  let hub: { physicalId: string; properties: Record<string, unknown> };
  beforeEach(async () => {
    scenario = await startScenario();
    const world = await new WorldBuilder(scenario.sim).vpc('spoke-b', { cidr: '10.60.0.0/16', owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: true }).build();
    spoke = world.id('spoke-b');
    const properties = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [], AllowedConsumers: ACCOUNT_B });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    expect(created?.body?.Status).toBe('SUCCESS');
    hubData = created?.body?.Data as Record<string, string>;
    hub = { physicalId: created?.body?.PhysicalResourceId as string, properties };
  });
  afterEach(() => scenario.close());

  async function createConsumer(services?: string) {
    const event = scenario.cfn.createEvent({ VpcId: spoke, HubId: hubData['HubId'], ...(services ? { Services: services } : {}) }, CONSUMER);
    const response = await scenario.invoke(event);
    expect(response?.body?.Status).toBe('SUCCESS');
    return { properties: event.ResourceProperties, physicalId: response?.body?.PhysicalResourceId as string };
  }

  /** The zone deleted outside the hub's stack: Route 53 drops it with every association (docs/simulator.md). */
  const deleteZoneByHand = (zoneId: string) => scenario.sim.state.hostedZones.delete(zoneId);
  const addressesFrom = (vpcId: string, name: string) => scenario.sim.admin.resolve(vpcId, name)?.addresses;

  it('Delete succeeds when a zone vanishes between its observation and its disassociation (NoSuchHostedZone counts as done)', async () => {
    // Prepare: the logs zone goes right after the Delete's first write (leaving the ECR zone).
    const consumer = await createConsumer();
    scenario.sim.faults.onMutation = (count) => {
      if (count === 1) deleteZoneByHand(hubData['HostedZoneId.logs'] as string);
    };

    // Act
    const response = await scenario.invoke(scenario.cfn.deleteEvent(consumer.physicalId, consumer.properties, CONSUMER));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spoke, `x.${DKR}`)).toBeUndefined();
    expect(scenario.sim.writes().map((record) => record.action)).toContain('RevokeSecurityGroupIngress');
  });

  it('Delete succeeds when the zone was deleted by hand beforehand, and releases the claim', async () => {
    // Prepare
    const consumer = await createConsumer();
    deleteZoneByHand(hubData['HostedZoneId.logs'] as string);

    // Act
    const response = await scenario.invoke(scenario.cfn.deleteEvent(consumer.physicalId, consumer.properties, CONSUMER));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spoke, `x.${DKR}`)).toBeUndefined();
    expect(scenario.sim.writes().map((record) => record.action)).toContain('RevokeSecurityGroupIngress');
  });

  it.each([
    ['every service of the hub', undefined],
    ['the service by name', 'logs,ecr.dkr'],
  ])('Update consuming %s fails with zero writes, saying the hub’s zone is gone and to update the hub', async (_, services) => {
    // Prepare
    const consumer = await createConsumer(services);
    deleteZoneByHand(hubData['HostedZoneId.logs'] as string);
    scenario.sim.resetCallLog();

    // Act
    const changed = { ...consumer.properties, Tags: [{ Key: 'team', Value: 'payments' }] };
    const response = await scenario.invoke(scenario.cfn.updateEvent(consumer.physicalId, changed, consumer.properties, CONSUMER));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('"logs"');
    expect(response?.body?.Reason).toContain('no hosted zone');
    expect(response?.body?.Reason).toContain('update the hub');
    expect(scenario.sim.writes()).toStrictEqual([]);
    expect(addressesFrom(spoke, LOGS)).toBeUndefined();
  });

  it('as the refusal says: a hub Update makes the zone again, and the consumer’s Update then joins it', async () => {
    // Prepare
    const consumer = await createConsumer();
    deleteZoneByHand(hubData['HostedZoneId.logs'] as string);

    // Act
    const hubUpdated = await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, { ...hub.properties, AllowedConsumers: `${ACCOUNT_B},999988887777` }, hub.properties));
    const changed = { ...consumer.properties, Tags: [{ Key: 'team', Value: 'payments' }] };
    const consumerUpdated = await scenario.invoke(scenario.cfn.updateEvent(consumer.physicalId, changed, consumer.properties, CONSUMER));

    // Assess
    expect(hubUpdated?.body?.Status).toBe('SUCCESS');
    expect((hubUpdated?.body?.Data as Record<string, string>)['HostedZoneId.logs']).not.toBe(hubData['HostedZoneId.logs']);
    expect(consumerUpdated?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(spoke, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });
});
