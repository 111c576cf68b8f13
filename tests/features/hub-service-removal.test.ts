/**
 * A hub's zones are other VPCs' names too: a hub Update that would delete a zone consumers are associated with (a
 * service taken out of InterfaceServices) is refused before any write, naming the consumers, since Route 53 deletes
 * such a zone without a word and every consumer's names stop resolving (docs/simulator.md, "Deleting a zone other VPCs
 * are associated with"). Through the CloudFormation driver and the simulator, hub in account A, consumers in B and C.
 */
import { AssociateVPCWithHostedZoneCommand, CreateVPCAssociationAuthorizationCommand } from '@aws-sdk/client-route-53';
import { startScenario, type Scenario } from '../support/scenario';
import { WorldBuilder } from '../support/ec2-sim/world';

const ACCOUNT_B = '222233334444';
const ACCOUNT_C = '555566667777';
const LOGS = 'logs.us-east-1.amazonaws.com';
const DKR = 'dkr.ecr.us-east-1.amazonaws.com';
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };

interface Hub {
  readonly hubId: string;
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
  readonly data: Record<string, string>;
}

describe('a hub’s service removed while consumers use it', () => {
  let scenario: Scenario;
  let spokes: { b: string; c: string };
  beforeEach(async () => {
    scenario = await startScenario();
    const world = await new WorldBuilder(scenario.sim)
      .vpc('spoke-b', { cidr: '10.60.0.0/16', owner: ACCOUNT_B, dnsSupport: true, dnsHostnames: true })
      .vpc('spoke-c', { cidr: '10.70.0.0/16', owner: ACCOUNT_C, dnsSupport: true, dnsHostnames: true })
      .build();
    spokes = { b: world.id('spoke-b'), c: world.id('spoke-c') };
  });
  afterEach(() => scenario.close());

  async function createHub(): Promise<Hub> {
    const properties = scenario.properties({ DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [], AllowedConsumers: `${ACCOUNT_B},${ACCOUNT_C}` });
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));
    expect(response?.body?.Status).toBe('SUCCESS');
    const data = response?.body?.Data as Record<string, string>;
    return { hubId: data['HubId'] as string, physicalId: response?.body?.PhysicalResourceId as string, properties, data };
  }

  const consumerOptions = (accountId: string) => ({ ...CONSUMER, accountId, stackName: `spoke-${accountId}` });

  async function createConsumer(accountId: string, vpcId: string, hub: Hub, services?: string) {
    const event = scenario.cfn.createEvent({ VpcId: vpcId, HubId: hub.hubId, ...(services ? { Services: services } : {}) }, consumerOptions(accountId));
    const response = await scenario.invoke(event);
    expect(response?.body?.Status).toBe('SUCCESS');
    return { properties: event.ResourceProperties, physicalId: response?.body?.PhysicalResourceId as string };
  }

  const addressesFrom = (vpcId: string, name: string) => scenario.sim.admin.resolve(vpcId, name)?.addresses;
  const withoutDkr = (hub: Hub) => ({ ...hub.properties, InterfaceServices: ['logs'] });

  it('refuses a hub Update that takes out a service a consumer uses, before any write, naming the service, its zone and the consumer', async () => {
    // Prepare: B consumes every service, C only logs.
    const hub = await createHub();
    await createConsumer(ACCOUNT_B, spokes.b, hub);
    await createConsumer(ACCOUNT_C, spokes.c, hub, 'logs');
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, withoutDkr(hub), hub.properties));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    const reason = response?.body?.Reason ?? '';
    expect(reason).toContain('"ecr.dkr"');
    expect(reason).toContain(DKR);
    expect(reason).toContain(hub.data['HostedZoneId.ecr.dkr']);
    expect(reason).toContain(spokes.b);
    expect(reason).toContain(`spoke-${ACCOUNT_B}`);
    expect(reason).not.toContain(spokes.c);
    expect(reason).toContain('Update those consumers');
    expect(scenario.sim.writes()).toStrictEqual([]);
    expect(addressesFrom(spokes.b, `x.${DKR}`)).toStrictEqual(addressesFrom(scenario.world.vpcId, DKR));
  });

  it('the rollback after the refusal converges with zero writes, and the consumer keeps resolving', async () => {
    // Prepare
    const hub = await createHub();
    await createConsumer(ACCOUNT_B, spokes.b, hub);
    await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, withoutDkr(hub), hub.properties));
    scenario.sim.resetCallLog();

    // Act: CloudFormation rolls back with the old properties as the new ones.
    const rollback = await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, hub.properties, withoutDkr(hub)));

    // Assess
    expect(rollback?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: hub.physicalId });
    expect(scenario.sim.writes()).toStrictEqual([]);
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });

  it('once the consumer is updated to leave the service, the hub Update takes it out; the consumers keep the rest', async () => {
    // Prepare
    const hub = await createHub();
    const b = await createConsumer(ACCOUNT_B, spokes.b, hub);
    await createConsumer(ACCOUNT_C, spokes.c, hub, 'logs');
    const left = await scenario.invoke(scenario.cfn.updateEvent(b.physicalId, { ...b.properties, Services: 'logs' }, b.properties, consumerOptions(ACCOUNT_B)));

    // Act
    const response = await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, withoutDkr(hub), hub.properties));

    // Assess
    expect(left?.body?.Status).toBe('SUCCESS');
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(addressesFrom(scenario.world.vpcId, DKR)).toBeUndefined();
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
    expect(addressesFrom(spokes.c, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });

  it('checks again just before the zones go: a VPC that joined the zone while the endpoints changed keeps it, and the Update fails naming it', async () => {
    // Prepare: no consumer when the Update starts; spoke C's VPC is associated with the ECR zone right after the
    // Update's first write (as a consumer arriving meanwhile would be).
    const hub = await createHub();
    const dkrZoneId = hub.data['HostedZoneId.ecr.dkr'] as string;
    scenario.sim.faults.onMutation = (count) => {
      if (count === 1) scenario.sim.state.hostedZones.get(dkrZoneId)?.vpcs.push({ vpcId: spokes.c, region: 'us-east-1' });
    };

    // Act
    const response = await scenario.invoke(scenario.cfn.updateEvent(hub.physicalId, withoutDkr(hub), hub.properties));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(spokes.c);
    expect(response?.body?.Reason).toContain('The zones were not deleted.');
    expect(scenario.sim.state.hostedZones.has(dkrZoneId)).toBe(true);
    expect(addressesFrom(spokes.c, `x.${DKR}`)).toStrictEqual(addressesFrom(scenario.world.vpcId, `x.${DKR}`));
  });

  it('refuses a hub Delete while a VPC no consumer manages is associated with a zone, with zero writes, naming the VPC', async () => {
    // Prepare: account B associates its VPC with the logs zone by hand, outside any consumer.
    const hub = await createHub();
    const zoneId = hub.data['HostedZoneId.logs'] as string;
    await scenario.sim.route53Client().send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: zoneId, VPC: { VPCId: spokes.b, VPCRegion: 'us-east-1' } }));
    await scenario.sim.route53Client({ accountId: ACCOUNT_B }).send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: spokes.b, VPCRegion: 'us-east-1' } }));
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(scenario.cfn.deleteEvent(hub.physicalId, hub.properties));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(spokes.b);
    expect(response?.body?.Reason).toContain(LOGS);
    expect(scenario.sim.writes()).toStrictEqual([]);
    expect(addressesFrom(spokes.b, LOGS)).toStrictEqual(addressesFrom(scenario.world.vpcId, LOGS));
  });
});
