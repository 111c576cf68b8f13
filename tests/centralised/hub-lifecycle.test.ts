/**
 * A hub (DnsMode "HostedZones") through Create, Update and Delete against the simulator: zones named from the catalogue,
 * alias records to the endpoints' regional names, the contract's tags, and nothing left behind.
 */
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, ListTagsForResourceCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
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

  it('makes the services\' names, the wildcard ones too, resolve in the hub VPC to the endpoints\' addresses', async () => {
    // Act
    await createHub();

    // Assess
    const endpoints = (await scenario.sim.client().send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
    const addressesOf = async (service: string) => {
      const endpoint = endpoints.find((candidate) => candidate.ServiceName === `com.amazonaws.us-east-1.${service}` && candidate.Tags?.some((tag) => tag.Key === 'vpce-provisioner:owner'));
      const enis = (await scenario.sim.client().send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: endpoint?.NetworkInterfaceIds ?? [] }))).NetworkInterfaces ?? [];
      return enis.map((eni) => eni.PrivateIpAddress).sort();
    };
    const resolved = (name: string) => [...(scenario.sim.admin.resolve(scenario.world.vpcId, name)?.addresses ?? [])].sort();
    expect(resolved('logs.us-east-1.amazonaws.com')).toStrictEqual(await addressesOf('logs'));
    expect(resolved('123456789012.dkr.ecr.us-east-1.amazonaws.com')).toStrictEqual(await addressesOf('ecr.dkr'));
    expect(resolved('dkr.ecr.us-east-1.amazonaws.com')).toStrictEqual(await addressesOf('ecr.dkr'));
    expect(resolved('logs.us-east-1.amazonaws.com')).toHaveLength(3);
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

  it('rewrites who may consume on the group when AllowedConsumers changes, and nothing else', async () => {
    // Prepare
    const { props, physicalId, response } = await createHub({ AllowedConsumers: '111122223333' });
    const groupId = (response?.body?.Data as Record<string, string>)['SecurityGroupId'] as string;
    scenario.sim.resetCallLog();

    // Act
    const updated = await scenario.invoke(scenario.cfn.updateEvent(physicalId, { ...props, AllowedConsumers: 'Organization' }, props));

    // Assess
    expect(updated?.body?.Status).toBe('SUCCESS');
    const group = (await scenario.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
    expect(group?.Tags?.find((tag) => tag.Key === 'vpce-provisioner:allowed-consumers')?.Value).toBe('Organization');
    expect(writesOf(scenario.sim)).toStrictEqual(['CreateTags']);
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

  it('turns a per-VPC resource into a hub on Update: private DNS off first, then the zones', async () => {
    // Prepare
    const perVpc = scenario.properties({ InterfaceServices: ['logs'], GatewayServices: [] });
    const physicalId = (await scenario.invoke(scenario.cfn.createEvent(perVpc)))?.body?.PhysicalResourceId as string;

    // Act
    const hub = { ...perVpc, DnsMode: 'HostedZones' };
    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, hub, perVpc));

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    const endpoints = (await scenario.sim.client().send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
    const own = endpoints.filter((endpoint) => endpoint.Tags?.some((tag) => tag.Key === 'vpce-provisioner:owner'));
    expect(own.map((endpoint) => endpoint.PrivateDnsEnabled)).toStrictEqual([false]);
    expect((await zonesOf(route53)).map((zone) => zone.name)).toStrictEqual(['logs.us-east-1.amazonaws.com.']);
  });

  it('converges and deletes ten services\' zones under the old 5 requests a second, refusing every change while one is PENDING', async () => {
    // Prepare: the unkindest readings the simulator offers (route53/settings.ts).
    scenario.sim.route53Settings.throttling = 'five-per-second';
    scenario.sim.route53Settings.priorRequestWindowMs = scenario.sim.route53Settings.changeSyncMs;
    const services = ['ecr.api', 'ecr.dkr', 'logs', 'sns', 'kms', 'ssm', 'ssmmessages', 'ec2messages', 'secretsmanager', 'sqs'];
    const { props, physicalId, response } = await createHub({ InterfaceServices: services, SubnetPrefixLength: '27' });

    // Act
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, props));

    // Assess
    expect([response?.body?.Reason, deleted?.body?.Reason]).toStrictEqual([undefined, undefined]);
    expect(response?.body?.Status).toBe('SUCCESS');
    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(await zonesOf(route53)).toStrictEqual([]);
  });

  it('refuses a service another endpoint serves with private DNS in the VPC, naming it, with zero writes', async () => {
    // Prepare: the demo VPC has another team's sts endpoint with private DNS on.
    scenario.sim.resetCallLog();

    // Act
    const { response } = await createHub({ InterfaceServices: ['logs', 'sts'] });

    // Assess
    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('"sts" already has an endpoint with private DNS on in this VPC');
    expect(writesOf(scenario.sim)).toStrictEqual([]);
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

  describe('with a consumer\'s rule on its group', () => {
    const CONSUMER_STACK = 'arn:aws:cloudformation:us-east-1:444455556666:stack/app/0d9c8b7a-6f5e-4d3c-2b1a-098765432100';

    /** What a consumer leaves on the hub's group: an HTTPS rule for its VPC, tagged with its owner and the VPC. */
    async function plantConsumerRule(groupId: string): Promise<void> {
      await scenario.sim.call('AuthorizeSecurityGroupIngress', {
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] }],
        TagSpecifications: [
          {
            ResourceType: 'security-group-rule',
            Tags: [
              { Key: 'vpce-provisioner:owner', Value: 'vpce-consumer-v1-vpc-0spoke0001-0123456789abcdef0123' },
              { Key: 'vpce-provisioner:stack-id', Value: CONSUMER_STACK },
              { Key: 'vpce-provisioner:logical-id', Value: 'AppConsumer' },
              { Key: 'vpce-provisioner:consumer-vpc', Value: 'vpc-0spoke0001' },
            ],
          },
        ],
      });
    }

    async function httpsSourcesOf(groupId: string): Promise<string[]> {
      const group = (await scenario.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
      return (group?.IpPermissions ?? []).flatMap((permission) => (permission.IpRanges ?? []).map((range) => range.CidrIp ?? '')).sort();
    }

    it('keeps the rule through an Update that changes its own rules', async () => {
      // Prepare
      const { props, physicalId, response } = await createHub();
      const groupId = (response?.body?.Data as Record<string, string>)['SecurityGroupId'] as string;
      await plantConsumerRule(groupId);

      // Act: one application subnet fewer, so the hub revokes one of its own rules.
      const narrowed = { ...props, SubnetIds: scenario.world.appSubnetIds.slice(0, 2) };
      const updated = await scenario.invoke(scenario.cfn.updateEvent(physicalId, narrowed, props));

      // Assess
      expect(updated?.body?.Status).toBe('SUCCESS');
      expect(await httpsSourcesOf(groupId)).toContain('10.20.0.0/16');
    });

    it('refuses Delete while the consumer remains, naming it, with zero writes; deletes once it is gone', async () => {
      // Prepare
      const { props, physicalId, response } = await createHub();
      const groupId = (response?.body?.Data as Record<string, string>)['SecurityGroupId'] as string;
      await plantConsumerRule(groupId);
      scenario.sim.resetCallLog();

      // Act
      const refused = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, props));
      const writesWhileRefused = writesOf(scenario.sim);
      await scenario.sim.call('RevokeSecurityGroupIngress', {
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] }],
      });
      const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, props));

      // Assess
      expect(refused?.body?.Status).toBe('FAILED');
      expect(refused?.body?.Reason).toContain(`AppConsumer in stack ${CONSUMER_STACK} (VPC vpc-0spoke0001)`);
      expect(refused?.body?.Reason).toContain('Delete the consumers first');
      expect(writesWhileRefused).toStrictEqual([]);
      expect(deleted?.body?.Status).toBe('SUCCESS');
      expect(await zonesOf(route53)).toStrictEqual([]);
    });
  });
});
