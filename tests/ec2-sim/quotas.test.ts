import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import { basicWorld, expectCode, interfaceInput, OTHER_ACCOUNT, svc } from './fixtures';

describe('adjustable VPC quotas and Service Quotas', () => {
  it.each([
    ['interface endpoints per VPC', 'L-29B6F2EB', 'Interface VPC endpoints per VPC', 50],
    ['subnets per VPC', 'L-407747CB', 'Subnets per VPC', 200],
    ['rules per security group', 'L-0EA8095F', 'Inbound or outbound rules per security group', 60],
    ['security groups per network interface', 'L-2AFB9258', 'Security groups per network interface', 5],
  ])('GetServiceQuota answers the default for %s until it is raised, then the applied value', async (_case, code, name, defaultValue) => {
    const sim = new Ec2Simulator();
    const client = sim.serviceQuotasClient();

    const before = await client.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: code }));
    const quota = Object.entries({
      'L-29B6F2EB': 'interfaceEndpointsPerVpc',
      'L-407747CB': 'subnetsPerVpc',
      'L-0EA8095F': 'rulesPerSecurityGroup',
      'L-2AFB9258': 'securityGroupsPerInterface',
    } as const).find(([key]) => key === code)?.[1];
    sim.admin.setQuota(quota as 'subnetsPerVpc', 500);
    const after = await client.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: code }));

    expect(before.Quota).toMatchObject({ ServiceCode: 'vpc', QuotaCode: code, QuotaName: name, Value: defaultValue, Adjustable: true });
    expect(after.Quota?.Value).toBe(500);
  });

  it('answers an unknown quota NoSuchResourceException and a role without the permission AccessDeniedException', async () => {
    const sim = new Ec2Simulator();
    await expectCode(sim.serviceQuotasCall('GetServiceQuota', { ServiceCode: 'vpc', QuotaCode: 'L-00000000' }), 'NoSuchResourceException');
    sim.serviceQuotasDeniedAccounts.add(sim.accountId);
    await expectCode(sim.serviceQuotasCall('GetServiceQuota', { ServiceCode: 'vpc', QuotaCode: 'L-407747CB' }), 'AccessDeniedException');
  });

  it('enforces the applied subnet quota with SubnetLimitExceeded', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).subnet('s', { vpc: 'v', cidr: '10.0.0.0/24', azId: 'use1-az1' }).build();
    sim.admin.setQuota('subnetsPerVpc', 2);

    await sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: '10.0.1.0/24', AvailabilityZoneId: 'use1-az1' });

    await expectCode(sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: '10.0.2.0/24', AvailabilityZoneId: 'use1-az1' }), 'SubnetLimitExceeded');
  });

  it('enforces the applied interface-endpoint quota with VpcEndpointLimitExceeded, and a raised one admits more than 50', async () => {
    const world = await basicWorld();
    world.sim.admin.setQuota('interfaceEndpointsPerVpc', 1);
    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]));

    await expectCode(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('logs') })), 'VpcEndpointLimitExceeded');
    world.sim.admin.setQuota('interfaceEndpointsPerVpc', 2);
    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('logs') }));
    expect(world.sim.state.endpoints.size).toBe(2);
  });

  it('counts IPv4 and IPv6 rules separately against the rule quota', async () => {
    const world = await basicWorld();
    const group = await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'g', Description: 'd' });
    const groupId = group['GroupId'] as string;
    const https = (ipv4: string[], ipv6: string[]) => ({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: ipv4.map((CidrIp) => ({ CidrIp })), Ipv6Ranges: ipv6.map((CidrIpv6) => ({ CidrIpv6 })) }],
    });
    const ipv4 = Array.from({ length: 60 }, (_, index) => `10.1.${index}.0/24`);
    const ipv6 = Array.from({ length: 60 }, (_, index) => `2600:1f18:0:${index.toString(16)}::/64`);

    await world.sim.call('AuthorizeSecurityGroupIngress', https(ipv4, ipv6));

    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', https(['10.2.0.0/24'], [])), 'RulesPerSecurityGroupLimitExceeded');
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', https([], ['2600:1f18:1::/64'])), 'RulesPerSecurityGroupLimitExceeded');
  });

  it('answers NoSuchResourceException for a quota without an applied value, in that account only', async () => {
    const sim = new Ec2Simulator();
    sim.admin.clearAppliedQuota('securityGroupsPerInterface');

    await expectCode(sim.serviceQuotasCall('GetServiceQuota', { ServiceCode: 'vpc', QuotaCode: 'L-2AFB9258' }), 'NoSuchResourceException');
    await expect(sim.serviceQuotasCall('GetServiceQuota', { ServiceCode: 'vpc', QuotaCode: 'L-2AFB9258' }, { accountId: OTHER_ACCOUNT })).resolves.toMatchObject({ Quota: { Value: 5 } });
    await expect(sim.serviceQuotasCall('GetServiceQuota', { ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' })).resolves.toMatchObject({ Quota: { Value: 50 } });
  });

  it('allows an endpoint 5 security groups by default, the applied quota when raised, on Create and Modify', async () => {
    const world = await basicWorld();
    const groups: string[] = [];
    for (let index = 0; index < 7; index++) {
      groups.push(((await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: `g${index}`, Description: 'd' })) as { GroupId: string }).GroupId);
    }

    await expectCode(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { SecurityGroupIds: groups.slice(0, 6) })), 'SecurityGroupsPerInterfaceLimitExceeded');
    const created = (await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { SecurityGroupIds: groups.slice(0, 5) }))) as { VpcEndpoint: { VpcEndpointId: string } };
    const endpointId = created.VpcEndpoint.VpcEndpointId;
    await expectCode(world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: endpointId, AddSecurityGroupIds: [groups[5]] }), 'SecurityGroupsPerInterfaceLimitExceeded');
    world.sim.admin.setQuota('securityGroupsPerInterface', 7);
    await world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: endpointId, AddSecurityGroupIds: [groups[5], groups[6]] });

    expect(world.sim.state.endpoints.get(endpointId)?.groupIds).toHaveLength(7);
  });

  it('counts a rule naming a prefix list as the list\'s maximum entries against the rule quota', async () => {
    const world = await basicWorld();
    const groupId = ((await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'g', Description: 'd' })) as { GroupId: string }).GroupId;
    const lists = (await world.sim.call('DescribePrefixLists', {})) as { PrefixLists: { PrefixListId: string; PrefixListName: string; Cidrs: string[] }[] };
    const s3 = lists.PrefixLists.find((list) => list.PrefixListName.endsWith('.s3'));
    const maxEntries = s3?.Cidrs.length ?? 0;
    world.sim.admin.setQuota('rulesPerSecurityGroup', maxEntries + 2);
    const cidrs = (count: number, from: number) => Array.from({ length: count }, (_, index) => ({ CidrIp: `10.9.${from + index}.0/24` }));
    const rule = (permission: Record<string, unknown>) => ({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ...permission }] });

    await world.sim.call('AuthorizeSecurityGroupIngress', rule({ PrefixListIds: [{ PrefixListId: s3?.PrefixListId }] }));
    await world.sim.call('AuthorizeSecurityGroupIngress', rule({ IpRanges: cidrs(2, 0) }));

    expect(maxEntries).toBeGreaterThan(1);
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', rule({ IpRanges: cidrs(1, 5) })), 'RulesPerSecurityGroupLimitExceeded');
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', rule({ PrefixListIds: [{ PrefixListId: 'pl-00000000' }] })), 'InvalidPrefixListID.NotFound');
  });

  it('counts Gateway Load Balancer endpoints against the interface-endpoint quota, and describes them by their type', async () => {
    const world = await basicWorld();
    world.sim.admin.setQuota('interfaceEndpointsPerVpc', 2);
    const gwlb = world.sim.admin.addGatewayLoadBalancerEndpoint({ vpcId: world.vpcId, subnetId: world.subnetB });
    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]));

    await expectCode(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('logs') })), 'VpcEndpointLimitExceeded');
    const described = (await world.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [gwlb] })) as { VpcEndpoints: Record<string, unknown>[] };
    expect(described.VpcEndpoints[0]).toMatchObject({ VpcEndpointId: gwlb, VpcEndpointType: 'GatewayLoadBalancer', State: 'available', SubnetIds: [world.subnetB] });
  });
});
