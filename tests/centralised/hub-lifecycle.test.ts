/**
 * A hub (DnsMode "HostedZones") through Create, Update and Delete against the simulator: zones named from the catalogue,
 * alias records to the endpoints' regional names, the contract's tags, and nothing left behind.
 */
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, ListTagsForResourceCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { startScenario, writesOf, type Scenario } from '../support/scenario';

const HUB_PROPS = { DnsMode: 'HostedZones', InterfaceServices: ['ecr.dkr', 'logs'], GatewayServices: [] };

async function zonesOf(route53: Route53Client): Promise<{ id: string; name: string }[]> {
  const output = await route53.send(new ListHostedZonesCommand({}));
  return (output.HostedZones ?? []).map((zone) => ({ id: (zone.Id ?? '').replace('/hostedzone/', ''), name: zone.Name ?? '' })).sort((a, b) => a.name.localeCompare(b.name));
}

async function aliasesOf(route53: Route53Client, zoneId: string): Promise<string[]> {
  const output = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return (output.ResourceRecordSets ?? [])
    .filter((set) => set.AliasTarget !== undefined)
    .map((set) => `${set.Name} ${set.Type} -> ${set.AliasTarget?.DNSName}`)
    .sort();
}

describe('a hub (DnsMode HostedZones)', () => {
  let scenario: Scenario;
  let route53: Route53Client;
  beforeEach(async () => {
    scenario = await startScenario();
    route53 = scenario.sim.route53Client();
  });
  afterEach(() => scenario.close());

  async function createHub(extra: Record<string, unknown> = {}) {
    const props = scenario.properties({ ...HUB_PROPS, ...extra });
    const event = scenario.cfn.createEvent(props);
    const response = await scenario.invoke(event);
    return { props, event, response, physicalId: response?.body?.PhysicalResourceId as string };
  }

  it('creates the endpoints with private DNS off and one zone per catalogue name, aliased to the regional names', async () => {
    // Act
    const { response } = await createHub();

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    const endpoints = (await scenario.sim.client().send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
    const interfaceEndpoints = endpoints.filter((endpoint) => endpoint.VpcEndpointType === 'Interface' && endpoint.Tags?.some((tag) => tag.Key === 'vpce-provisioner:owner'));
    expect(interfaceEndpoints).toHaveLength(2);
    expect(interfaceEndpoints.every((endpoint) => endpoint.PrivateDnsEnabled === false)).toBe(true);
    const zones = await zonesOf(route53);
    expect(zones.map((zone) => zone.name)).toStrictEqual(['dkr.ecr.us-east-1.amazonaws.com.', 'logs.us-east-1.amazonaws.com.']);
    const regional = (service: string) => interfaceEndpoints.find((endpoint) => endpoint.ServiceName === `com.amazonaws.us-east-1.${service}`)?.DnsEntries?.[0]?.DnsName;
    expect(await aliasesOf(route53, zones[0]!.id)).toStrictEqual([
      `\\052.dkr.ecr.us-east-1.amazonaws.com. A -> ${regional('ecr.dkr')}.`,
      `dkr.ecr.us-east-1.amazonaws.com. A -> ${regional('ecr.dkr')}.`,
    ]);
    expect(await aliasesOf(route53, zones[1]!.id)).toStrictEqual([`logs.us-east-1.amazonaws.com. A -> ${regional('logs')}.`]);
    const data = response?.body?.Data as Record<string, string>;
    expect(data['HubId']).toBe(`arn:aws:ec2:us-east-1:${scenario.sim.accountId}:vpc/${scenario.world.vpcId}`);
    expect(data['HostedZoneId.ecr.dkr']).toBe(zones[0]!.id);
    expect(data['HostedZoneId.logs']).toBe(zones[1]!.id);
  });

  it('tags each zone with the owner, the service and the hub, and the group with the hub and who may consume', async () => {
    // Act
    const { response, physicalId } = await createHub({ AllowedConsumers: '444455556666,111122223333' });

    // Assess
    const zones = await zonesOf(route53);
    const tags = await route53.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zones[1]!.id }));
    const hubId = (response?.body?.Data as Record<string, string>)['HubId'];
    expect(Object.fromEntries((tags.ResourceTagSet?.Tags ?? []).map((tag) => [tag.Key, tag.Value]))).toStrictEqual({
      'vpce-provisioner:owner': physicalId,
      'vpce-provisioner:stack-id': scenario.cfn.createEvent({}).StackId,
      'vpce-provisioner:logical-id': 'VpcEndpoints',
      'vpce-provisioner:service': 'logs',
      'vpce-provisioner:hub': hubId,
    });
    const groupId = (response?.body?.Data as Record<string, string>)['SecurityGroupId'];
    const group = (await scenario.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId as string] }))).SecurityGroups?.[0];
    const groupTags = Object.fromEntries((group?.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
    expect(groupTags['vpce-provisioner:hub']).toBe(hubId);
    expect(groupTags['vpce-provisioner:allowed-consumers']).toBe('111122223333 444455556666');
  });

  it('makes zero writes when the same Create is delivered again', async () => {
    // Prepare
    const { event } = await createHub();
    scenario.sim.resetCallLog();

    // Act
    const again = await scenario.invoke(event);

    // Assess
    expect(again?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toStrictEqual([]);
    expect(await zonesOf(route53)).toHaveLength(2);
  });

  it('removes the zone of a service taken out on Update, records first, and keeps the other', async () => {
    // Prepare
    const { props, physicalId } = await createHub();
    const before = await zonesOf(route53);

    // Act
    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, { ...props, InterfaceServices: ['ecr.dkr'] }, props));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(await zonesOf(route53)).toStrictEqual([before[0]]);
    expect((response?.body?.Data as Record<string, string>)['HostedZoneId.logs']).toBeUndefined();
  });

  it('makes a zone again when a removed service comes back (a new CallerReference)', async () => {
    // Prepare
    const { props, physicalId } = await createHub();
    const fewer = { ...props, InterfaceServices: ['ecr.dkr'] };
    await scenario.invoke(scenario.cfn.updateEvent(physicalId, fewer, props));

    // Act
    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, props, fewer));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect((await zonesOf(route53)).map((zone) => zone.name)).toStrictEqual(['dkr.ecr.us-east-1.amazonaws.com.', 'logs.us-east-1.amazonaws.com.']);
  });

  it('refuses to turn a hub back to PrivateDns, with zero writes', async () => {
    // Prepare
    const { props, physicalId } = await createHub();
    scenario.sim.resetCallLog();

    // Act
    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, { ...props, DnsMode: 'PrivateDns' }, props));

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('changing it back to "PrivateDns" is not available yet');
    expect(writesOf(scenario.sim)).toStrictEqual([]);
  });

  it('deletes the zones with the endpoints and leaves nothing behind', async () => {
    // Prepare
    const { physicalId, props } = await createHub();

    // Act
    const response = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, props));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(await zonesOf(route53)).toStrictEqual([]);
  });

  it('leaves a zone of the same name that is not its own alone on Delete', async () => {
    // Prepare: another team's zone of the same name, associated with another VPC of the account.
    const { physicalId, props } = await createHub();
    const foreign = scenario.sim.admin.createPrivateHostedZone({ name: 'logs.us-east-1.amazonaws.com', vpcIds: [] });

    // Act
    const response = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, props));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    expect((await zonesOf(route53)).map((zone) => zone.id)).toStrictEqual([foreign]);
  });

  it('adopts the zone of a CreateHostedZone whose answer was lost, instead of making a second one', async () => {
    // Prepare: the process dies right after Route 53 made the first zone (its answer never arrives).
    scenario.sim.faults.onMutation = (_count, record) => record.action === 'CreateHostedZone';
    const { event, response: crashed } = await createHub();
    scenario.sim.recover();
    const orphan = await zonesOf(route53);

    // Act: the same Create delivered again.
    const retried = await scenario.invoke(event);

    // Assess
    expect(crashed?.body?.Status).toBe('FAILED');
    expect(orphan).toHaveLength(1);
    expect(retried?.body?.Status).toBe('SUCCESS');
    const zones = await zonesOf(route53);
    expect(zones).toHaveLength(2);
    expect(zones.map((zone) => zone.id)).toContain(orphan[0]!.id);
    const tags = await route53.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: orphan[0]!.id }));
    expect(tags.ResourceTagSet?.Tags?.some((tag) => tag.Key === 'vpce-provisioner:owner')).toBe(true);
  });
});
