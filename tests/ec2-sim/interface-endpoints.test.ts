import { CreateVpcEndpointCommand, DescribeNetworkInterfacesCommand, DescribeVpcEndpointsCommand, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import { OTHER_ACCOUNT, basicWorld, expectCode, interfaceInput, svc } from './fixtures';

type World = Awaited<ReturnType<typeof basicWorld>>;

async function createEndpoint(world: World, overrides: Record<string, unknown> = {}, subnets = [world.subnetA]): Promise<string> {
  const out = (await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, subnets, overrides))) as { VpcEndpoint: { VpcEndpointId: string } };
  return out.VpcEndpoint.VpcEndpointId;
}

describe('interface endpoints', () => {
  const cases: Array<[string, (w: World, a2: string) => Record<string, unknown>, string, string | undefined]> = [
    ['two subnets in one AZ', (w, a2) => interfaceInput(w.vpcId, [w.subnetA, a2]), 'DuplicateSubnetsInSameZone', undefined],
    ['a subnet in an AZ the service skips', (w) => interfaceInput(w.vpcId, [w.subnetC], { ServiceName: svc('ecs-telemetry') }), 'InvalidParameter', 'does not support the availability zone of the subnet'],
    ['an unknown service', (w) => interfaceInput(w.vpcId, [w.subnetA], { ServiceName: svc('nope') }), 'InvalidServiceName', undefined],
    ['a Gateway-only request for an Interface-only service', (w) => ({ VpcEndpointType: 'Gateway', VpcId: w.vpcId, ServiceName: svc('ecr.api'), RouteTableIds: [w.routeTableId] }), 'InvalidServiceName', undefined],
    ['an unknown subnet', (w) => interfaceInput(w.vpcId, ['subnet-0000000000000000a']), 'InvalidSubnetId.NotFound', undefined],
    ['an unknown security group', (w) => interfaceInput(w.vpcId, [w.subnetA], { SecurityGroupIds: ['sg-0000000000000000a'] }), 'InvalidGroup.NotFound', undefined],
    ['an unknown VPC', (w) => interfaceInput('vpc-0000000000000000a', [w.subnetA]), 'InvalidVpcID.NotFound', undefined],
    ['dualstack in an IPv4-only subnet', (w) => interfaceInput(w.vpcId, [w.subnetC], { IpAddressType: 'dualstack' }), 'InvalidParameter', undefined],
    ['dualstack for an IPv4-only service', (w) => interfaceInput(w.vpcId, [w.subnetA], { ServiceName: svc('ec2messages'), IpAddressType: 'dualstack' }), 'InvalidParameter', undefined],
    ['IPv6 DNS records on an IPv4 endpoint', (w) => interfaceInput(w.vpcId, [w.subnetA], { DnsOptions: { DnsRecordIpType: 'ipv6' } }), 'InvalidParameter', undefined],
    ['service-defined DNS records on an IPv4 endpoint', (w) => interfaceInput(w.vpcId, [w.subnetA], { DnsOptions: { DnsRecordIpType: 'service-defined' } }), 'InvalidParameter', 'requires IpAddressType dualstack'],
    ['IP address type ipv6 in a dual-stack (not IPv6-only) subnet', (w) => interfaceInput(w.vpcId, [w.subnetA], { IpAddressType: 'ipv6' }), 'InvalidParameter', 'not an IPv6-only subnet'],
    ['a policy longer than 20,480 characters', (w) => interfaceInput(w.vpcId, [w.subnetA], { PolicyDocument: JSON.stringify({ pad: 'x'.repeat(20_480) }) }), 'InvalidParameter', undefined],
    ['route tables on an Interface endpoint', (w) => interfaceInput(w.vpcId, [w.subnetA], { RouteTableIds: [w.routeTableId] }), 'InvalidParameter', undefined],
    ['tags for a subnet', (w) => interfaceInput(w.vpcId, [w.subnetA], { TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'k', Value: 'v' }] }] }), 'InvalidParameterValue', undefined],
  ];

  it.each(cases)('rejects %s', async (_case, input, code, messagePart) => {
    const world = await basicWorld();
    const a2 = await world.sim.call('CreateSubnet', { VpcId: world.vpcId, CidrBlock: '10.0.4.0/24', AvailabilityZoneId: 'use1-az1' });
    const attempt = world.sim.call('CreateVpcEndpoint', input(world, (a2.Subnet as { SubnetId: string }).SubnetId));
    await expectCode(attempt, code);
    if (messagePart !== undefined) await expect(attempt).rejects.toThrow(messagePart);
    expect(world.sim.state.endpoints.size).toBe(0);
  });

  it('accepts service-defined DNS records on a dualstack endpoint', async () => {
    const world = await basicWorld();
    const id = await createEndpoint(world, { IpAddressType: 'dualstack', DnsOptions: { DnsRecordIpType: 'service-defined' } }, [world.subnetA]);
    const { VpcEndpoints } = await world.sim.client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    expect(VpcEndpoints?.[0]?.DnsOptions?.DnsRecordIpType).toBe('service-defined');
  });

  it('accepts dualstack where the service and every subnet support IPv6', async () => {
    const world = await basicWorld();
    const id = await createEndpoint(world, { IpAddressType: 'dualstack' }, [world.subnetA, world.subnetB]);
    const { VpcEndpoints } = await world.sim.client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    expect(VpcEndpoints?.[0]).toMatchObject({ IpAddressType: 'dualstack', DnsOptions: { DnsRecordIpType: 'dualstack' } });
  });

  it('needs both DNS attributes for private DNS', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).subnet('s', { vpc: 'v', cidr: '10.0.0.0/24', azId: 'use1-az1' }).build();
    const attempt = sim.call('CreateVpcEndpoint', interfaceInput(world.id('v'), [world.id('s')], { PrivateDnsEnabled: true }));
    await expectCode(attempt, 'InvalidParameter');
    // PrivateDnsEnabled defaults to true for AWS services, so leaving it out fails the same way.
    const { PrivateDnsEnabled: _omitted, ...withoutFlag } = interfaceInput(world.id('v'), [world.id('s')]);
    await expectCode(sim.call('CreateVpcEndpoint', withoutFlag), 'InvalidParameter');
  });

  it('allows one private-DNS endpoint per service per VPC, with EC2 exact message', async () => {
    const world = await basicWorld();
    await createEndpoint(world, { ServiceName: svc('ecr.dkr'), PrivateDnsEnabled: true });
    const second = world.sim.client().send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: world.vpcId, SubnetIds: [world.subnetB], ServiceName: svc('ecr.dkr'), PrivateDnsEnabled: true }));
    await expect(second).rejects.toMatchObject({
      name: 'InvalidParameter',
      message: `private-dns-enabled cannot be set because there is already a conflicting DNS domain for *.dkr.ecr.us-east-1.amazonaws.com in the VPC ${world.vpcId}`,
    });
    // Without private DNS a second endpoint for the same service is fine.
    await expect(createEndpoint(world, { ServiceName: svc('ecr.dkr') }, [world.subnetB])).resolves.toMatch(/^vpce-/);
  });

  it('puts one ENI per subnet, visible with its groups and type', async () => {
    const world = await basicWorld();
    const group = (await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'endpoints', Description: 'x' })).GroupId as string;
    const id = await createEndpoint(world, { SecurityGroupIds: [group] }, [world.subnetA, world.subnetB]);
    const { NetworkInterfaces } = await world.sim.client().send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }] }));
    expect(NetworkInterfaces?.map((eni) => [eni.SubnetId, eni.InterfaceType, eni.Groups, eni.AvailabilityZoneId, eni.PrivateIpAddress])).toEqual([
      [world.subnetA, 'vpc_endpoint', [{ GroupId: group, GroupName: 'endpoints' }], 'use1-az1', '10.0.1.4'],
      [world.subnetB, 'vpc_endpoint', [{ GroupId: group, GroupName: 'endpoints' }], 'use1-az2', '10.0.2.4'],
    ]);
    const { VpcEndpoints } = await world.sim.client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    expect(VpcEndpoints?.[0]?.NetworkInterfaceIds).toEqual(NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId));
  });

  it('uses the VPC default group when none is given', async () => {
    const world = await basicWorld();
    const id = await createEndpoint(world);
    const { VpcEndpoints } = (await world.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [id] })) as { VpcEndpoints: Array<{ Groups: unknown }> };
    expect(VpcEndpoints[0]?.Groups).toEqual([{ GroupId: world.defaultGroupId, GroupName: 'default' }]);
  });

  it('stops at 50 interface endpoints per VPC', async () => {
    const world = await basicWorld();
    for (let index = 0; index < 50; index++) await createEndpoint(world, { ServiceName: svc(index % 2 ? 'sts' : 'kms') });
    await expectCode(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA])), 'VpcEndpointLimitExceeded');
  });

  it('forbids a RAM participant to create endpoints in shared subnets', async () => {
    const world = await basicWorld();
    world.sim.admin.shareSubnets(world.vpcId, OTHER_ACCOUNT);
    await expectCode(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]), { accountId: OTHER_ACCOUNT }), 'UnauthorizedOperation');
  });

  describe('ModifyVpcEndpoint', () => {
    it('adds and removes subnets and groups in place, with the create validations', async () => {
      const world = await basicWorld();
      const ec2 = world.sim.client();
      const id = await createEndpoint(world);
      const group = (await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'extra', Description: 'x' })).GroupId as string;

      await expect(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [world.subnetB], AddSecurityGroupIds: [group] }))).resolves.toMatchObject({ Return: true });
      await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, RemoveSubnetIds: [world.subnetA], RemoveSecurityGroupIds: [world.defaultGroupId] }));

      const { VpcEndpoints } = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
      expect(VpcEndpoints?.[0]).toMatchObject({ SubnetIds: [world.subnetB], Groups: [{ GroupId: group, GroupName: 'extra' }] });
      await expectCode(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [world.subnetC], IpAddressType: 'dualstack' })), 'InvalidParameter');
      await expectCode(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, RemoveSubnetIds: [world.subnetC] })), 'InvalidParameter');
      await expectCode(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpce-0000000000000000a', ResetPolicy: true })), 'InvalidVpcEndpointId.NotFound');
    });

    it('replaces and resets the policy', async () => {
      const world = await basicWorld();
      const id = await createEndpoint(world);
      const policy = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] });
      const policyOf = async () => ((await world.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [id] })) as { VpcEndpoints: Array<{ PolicyDocument: string }> }).VpcEndpoints[0]?.PolicyDocument;
      const original = await policyOf();

      await world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: id, PolicyDocument: policy });
      expect(await policyOf()).toBe(policy);
      await world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: id, ResetPolicy: true });
      expect(await policyOf()).toBe(original);
    });

    it('turns private DNS on only where no other endpoint holds the name', async () => {
      const world = await basicWorld();
      await createEndpoint(world, { PrivateDnsEnabled: true });
      const second = await createEndpoint(world, {}, [world.subnetB]);
      await expectCode(world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: second, PrivateDnsEnabled: true }), 'InvalidParameter');
    });
  });
});

