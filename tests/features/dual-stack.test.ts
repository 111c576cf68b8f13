import { ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';
import {
  buildDualStackWorld,
  cidrsOfSubnets,
  dataOf,
  describeEndpoints,
  describeGroup,
  describeSubnets,
  httpsIngressCidrs,
  isInside,
  listOf,
  prefixOf,
  type DualStackWorld,
  writeInputs,
} from './support';

describe('IpAddressType: endpoints reachable over IPv6', () => {
  let scenario: Scenario;
  let dual: DualStackWorld;
  beforeEach(async () => {
    scenario = await startScenario();
    dual = await buildDualStackWorld(scenario.sim);
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  const dualProperties = (overrides: Record<string, unknown>) => ({ VpcId: dual.vpcId, SubnetIds: dual.appSubnetIds, GatewayServices: [], ...overrides });

  it('dualstack in the demo world’s dual-stack VPC: an IPv6 /64 beside each IPv4 block, in the application block', async () => {
    const { dualStack } = scenario.world;

    const response = await scenario.invoke(scenario.cfn.createEvent({ VpcId: dualStack.vpcId, SubnetIds: dualStack.appSubnetIds, IpAddressType: 'dualstack' }));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(listOf(response, 'AvailabilityZoneIds')).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
    expect(listOf(response, 'SubnetCidrs').every((cidr) => isInside('10.1.0.0/16', cidr))).toBe(true);
    expect(listOf(response, 'SubnetIpv6Cidrs').map(prefixOf)).toEqual([64, 64, 64]);
  });

  it('dualstack: each endpoint subnet gets a /64 of the VPC\'s /56 beside its IPv4 block, and the endpoints publish A and AAAA records', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(dualProperties({ IpAddressType: 'dualstack' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const subnetIds = listOf(response, 'SubnetIds');
    const ipv6Cidrs = listOf(response, 'SubnetIpv6Cidrs');
    expect(subnetIds).toHaveLength(2);
    expect(ipv6Cidrs).toHaveLength(2);
    const inEc2 = await cidrsOfSubnets(scenario.sim, subnetIds);
    expect(inEc2.ipv6).toEqual(ipv6Cidrs);
    expect(inEc2.ipv4).toEqual(listOf(response, 'SubnetCidrs'));
    for (const cidr of ipv6Cidrs) {
      expect(prefixOf(cidr)).toBe(64);
      expect(isInside(dual.ipv6Block, cidr)).toBe(true);
    }
    expect(inEc2.ipv4).toHaveLength(2);
    for (const cidr of inEc2.ipv4) expect(isInside('10.30.0.0/16', cidr)).toBe(true);
    // No block is shared with the app subnets.
    const appCidrs = await cidrsOfSubnets(scenario.sim, dual.appSubnetIds);
    expect(ipv6Cidrs.filter((cidr) => appCidrs.ipv6.includes(cidr))).toEqual([]);

    const endpoints = await describeEndpoints(scenario.sim, listOf(response, 'EndpointIds'));
    expect(endpoints.map((endpoint) => [endpoint.IpAddressType, endpoint.DnsOptions?.DnsRecordIpType])).toEqual([
      ['dualstack', 'dualstack'],
      ['dualstack', 'dualstack'],
      ['dualstack', 'dualstack'],
    ]);
    expect(dataOf(response)['Notes']).toBe('');
    expect(writesOf(scenario.sim).sort()).toEqual(
      ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup', 'CreateSubnet', 'CreateSubnet', 'CreateVpcEndpoint', 'CreateVpcEndpoint', 'CreateVpcEndpoint'].sort(),
    );
    expect(writeInputs(scenario.sim, 'CreateSubnet').map((input) => input['Ipv6CidrBlock']).sort()).toEqual([...ipv6Cidrs].sort());
  });

  it('dualstack: the managed security group admits the app subnets\' IPv4 and IPv6 CIDRs on 443, and nothing else', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(dualProperties({ IpAddressType: 'dualstack' })));

    const group = await describeGroup(scenario.sim, dataOf(response)['SecurityGroupId'] as string);
    const appCidrs = await cidrsOfSubnets(scenario.sim, dual.appSubnetIds);
    expect(httpsIngressCidrs(group)).toEqual([...appCidrs.ipv4, ...appCidrs.ipv6].sort());
    expect(appCidrs.ipv6).toHaveLength(2);
  });

  it('ipv6: dual-stack endpoint interfaces that publish AAAA records only', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(dualProperties({ IpAddressType: 'ipv6', InterfaceServices: ['ecr.dkr', 'logs'] })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const endpoints = await describeEndpoints(scenario.sim, listOf(response, 'EndpointIds'));
    expect(endpoints.map((endpoint) => [endpoint.IpAddressType, endpoint.DnsOptions?.DnsRecordIpType])).toEqual([
      ['dualstack', 'ipv6'],
      ['dualstack', 'ipv6'],
    ]);
    const subnets = await describeSubnets(scenario.sim, listOf(response, 'SubnetIds'));
    expect(subnets.every((subnet) => subnet.Ipv6CidrBlockAssociationSet?.length === 1)).toBe(true);
  });

  it('dualstack: a service without IPv6 (ec2messages) falls back to ipv4 beside dual-stack ones, and Notes says so', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(dualProperties({ IpAddressType: 'dualstack', InterfaceServices: ['ec2messages', 'logs'] })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const data = dataOf(response);
    const [ec2messages, logs] = await describeEndpoints(scenario.sim, [data['EndpointId.ec2messages'] as string, data['EndpointId.logs'] as string]);
    expect([ec2messages?.IpAddressType, ec2messages?.DnsOptions?.DnsRecordIpType]).toEqual(['ipv4', 'ipv4']);
    expect([logs?.IpAddressType, logs?.DnsOptions?.DnsRecordIpType]).toEqual(['dualstack', 'dualstack']);
    expect(data['Notes']).toContain('ec2messages');
    expect(data['Notes']).toContain('ipv4');
  });

  it('ipv6: a service without IPv6 is a FAILED that names it, with zero writes', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(dualProperties({ IpAddressType: 'ipv6', InterfaceServices: ['ec2messages', 'logs'] })));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('ec2messages');
    expect(response?.body?.Reason).toContain('IPv6');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it.each(['dualstack', 'ipv6'])('%s in a VPC without IPv6 is a FAILED that names the VPC, with zero writes', async (ipAddressType) => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ IpAddressType: ipAddressType })));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(scenario.world.vpcId);
    expect(response?.body?.Reason).toContain('IPv6');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('dualstack: converged after Create, so the same properties again make zero writes', async () => {
    const properties = dualProperties({ IpAddressType: 'dualstack', InterfaceServices: ['ec2messages', 'logs'] });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, properties, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(update?.body?.Data).toEqual(created?.body?.Data);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('dualstack → ipv6 on Update: one ModifyVpcEndpoint per endpoint switches the DNS records, subnets untouched', async () => {
    const before = dualProperties({ IpAddressType: 'dualstack', InterfaceServices: ['ecr.dkr', 'logs'] });
    const created = await scenario.invoke(scenario.cfn.createEvent(before));
    const physicalId = created?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();
    const after = { ...before, IpAddressType: 'ipv6' };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, after, before));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual(['ModifyVpcEndpoint', 'ModifyVpcEndpoint']);
    const endpoints = await describeEndpoints(scenario.sim, listOf(update, 'EndpointIds'));
    expect(endpoints.map((endpoint) => endpoint.DnsOptions?.DnsRecordIpType)).toEqual(['ipv6', 'ipv6']);
    expect(listOf(update, 'SubnetIds')).toEqual(listOf(created, 'SubnetIds'));
  });

  it('dualstack → ipv4 with a new AZ: the endpoints go back to ipv4, and SubnetIpv6Cidrs stays aligned with SubnetIds', async () => {
    const before = dualProperties({ IpAddressType: 'dualstack' });
    const created = await scenario.invoke(scenario.cfn.createEvent(before));
    const physicalId = created?.body?.PhysicalResourceId as string;
    const az4 = await scenario.sim.call('CreateSubnet', { VpcId: dual.vpcId, CidrBlock: '10.30.32.0/20', AvailabilityZoneId: 'use1-az4' });
    await scenario.clock.sleep(60_000);
    scenario.sim.resetCallLog();
    const after = { ...before, IpAddressType: 'ipv4', SubnetIds: [...dual.appSubnetIds, (az4.Subnet as { SubnetId: string }).SubnetId] };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, after, before));

    expect(update?.body?.Status).toBe('SUCCESS');
    const subnetIds = listOf(update, 'SubnetIds');
    const subnets = await describeSubnets(scenario.sim, subnetIds);
    // Item i is the IPv6 block of SubnetIds[i], empty for the new ipv4-only subnet.
    expect(dataOf(update)['SubnetIpv6Cidrs']?.split(',')).toEqual(subnets.map((subnet) => subnet.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? ''));
    expect(dataOf(update)['SubnetIpv6Cidrs']?.split(',')).toEqual([...listOf(created, 'SubnetIpv6Cidrs'), '']);
    const endpoints = await describeEndpoints(scenario.sim, listOf(update, 'EndpointIds'));
    expect(endpoints.map((endpoint) => [endpoint.IpAddressType, endpoint.DnsOptions?.DnsRecordIpType])).toEqual([
      ['ipv4', 'ipv4'],
      ['ipv4', 'ipv4'],
      ['ipv4', 'ipv4'],
    ]);
    expect(writesOf(scenario.sim).filter((action) => action === 'ModifyVpcEndpoint')).toHaveLength(3);
  });

  it('Delete removes the dual-stack subnets and everything else it made', async () => {
    const properties = dualProperties({ IpAddressType: 'dualstack' });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;

    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));

    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });
});

describe('IpAddressType dualstack in a VPC with several IPv6 blocks and IPv6 subnets of other sizes', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('carves /64 endpoint subnets from the second /56 when /64 and /60 subnets of other teams fill the first', async () => {
    const dual = await buildDualStackWorld(scenario.sim);
    const associated = await scenario.sim.call('AssociateVpcCidrBlock', { VpcId: dual.vpcId, AmazonProvidedIpv6CidrBlock: true });
    const secondBlock = (associated['Ipv6CidrBlockAssociation'] as { Ipv6CidrBlock: string }).Ipv6CidrBlock;
    // The app subnets hold /64s 0 and 1 of the first /56; other teams fill the rest of it: /64s 2–15 and /60s 1–15.
    // A /56 is 2600:x:y:zz00::/56; its /64s and /60s differ in the fourth group only.
    const groups = dual.ipv6Block.replace(/::\/56$/, '').split(':');
    while (groups.length < 4) groups.push('0');
    const base = parseInt(groups[3] as string, 16);
    const inFirst = (offset: number, prefix: number) => `${groups.slice(0, 3).join(':')}:${(base + offset).toString(16)}::/${prefix}`;
    const others = [
      ...Array.from({ length: 14 }, (_, index) => inFirst(index + 2, 64)),
      ...Array.from({ length: 15 }, (_, index) => inFirst((index + 1) * 16, 60)),
    ];
    for (const [index, ipv6] of others.entries()) {
      await scenario.sim.call('CreateSubnet', { VpcId: dual.vpcId, CidrBlock: `10.30.${64 + index}.0/24`, Ipv6CidrBlock: ipv6, AvailabilityZoneId: 'use1-az1' });
    }
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(
      scenario.cfn.createEvent({ VpcId: dual.vpcId, SubnetIds: dual.appSubnetIds, GatewayServices: [], IpAddressType: 'dualstack' }),
    );

    expect(response?.body?.Status).toBe('SUCCESS');
    const ipv6Cidrs = listOf(response, 'SubnetIpv6Cidrs');
    expect(ipv6Cidrs).toHaveLength(2);
    for (const cidr of ipv6Cidrs) {
      expect(prefixOf(cidr)).toBe(64);
      expect(isInside(secondBlock, cidr)).toBe(true);
    }
  });
});
