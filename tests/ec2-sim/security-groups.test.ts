import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { basicWorld, expectCode, interfaceInput } from './fixtures';

const https = (cidr: string) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] });

async function newGroup(world: Awaited<ReturnType<typeof basicWorld>>, name = 'endpoints'): Promise<string> {
  const out = await world.sim.client().send(new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: name, Description: 'endpoint access' }));
  return out.GroupId as string;
}

describe('security groups', () => {
  it('creates a group with the default egress-all rule and describes its rules', async () => {
    const world = await basicWorld();
    const ec2 = world.sim.client();
    const groupId = await newGroup(world);
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [https('10.0.0.0/16'), https('100.64.0.0/22')] }));

    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(SecurityGroups?.[0]).toMatchObject({
      GroupId: groupId,
      GroupName: 'endpoints',
      VpcId: world.vpcId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }, { CidrIp: '100.64.0.0/22' }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  });

  it('rejects a duplicate name in the VPC', async () => {
    const world = await basicWorld();
    await newGroup(world);
    await expectCode(newGroup(world), 'InvalidGroup.Duplicate');
  });

  it('rejects a rule the group already holds as InvalidPermission.Duplicate', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] });
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] }), 'InvalidPermission.Duplicate');
  });

  // terraform-provider-aws #2587, #29492: "The same permission must not appear multiple times".
  it.each([
    ['in two permissions', [https('10.1.0.0/16'), https('10.1.0.0/16')]],
    ['in one permission', [{ ...https('10.1.0.0/16'), IpRanges: [{ CidrIp: '10.1.0.0/16' }, { CidrIp: '10.1.0.0/16', Description: 'again' }] }]],
    ['even when the group already holds it', [https('10.0.0.0/16'), https('10.0.0.0/16')]],
  ])('rejects the same permission twice in one request (%s) as InvalidParameterValue, adding nothing', async (_label, permissions) => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] });

    const attempt = world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.2.0.0/16'), ...permissions] });

    await expectCode(attempt, 'InvalidParameterValue');
    await expect(attempt).rejects.toThrow('The same permission must not appear multiple times');
    const { SecurityGroups } = await world.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(SecurityGroups?.[0]?.IpPermissions).toEqual([expect.objectContaining({ IpRanges: [{ CidrIp: '10.0.0.0/16' }] })]);
  });

  it('revokes in a default VPC what it finds and lists the missing rules in UnknownIpPermissions instead of failing', async () => {
    const world = await basicWorld();
    const created = (await world.sim.call('CreateDefaultVpc', {})) as { Vpc: { VpcId: string; IsDefault: boolean; CidrBlock: string } };
    const vpcId = created.Vpc.VpcId;
    const groupId = ((await world.sim.call('CreateSecurityGroup', { VpcId: vpcId, GroupName: 'endpoints', Description: 'endpoint access' })) as { GroupId: string }).GroupId;
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('172.31.0.0/20')] });

    const output = await world.sim.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('172.31.0.0/20'), https('172.31.16.0/20')] });

    expect(output).toMatchObject({
      Return: true,
      RevokedSecurityGroupRules: [expect.objectContaining({ GroupId: groupId })],
      UnknownIpPermissions: [expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '172.31.16.0/20' }] })],
    });
    const { SecurityGroups } = await world.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(SecurityGroups?.[0]?.IpPermissions).toEqual([]);
  });

  it('makes one default VPC per account: 172.31.0.0/16, DNS hostnames on, a /20 default subnet in each zone', async () => {
    const world = await basicWorld();

    const created = (await world.sim.call('CreateDefaultVpc', {})) as { Vpc: { VpcId: string; IsDefault: boolean; CidrBlock: string } };

    expect(created.Vpc).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16' });
    expect(world.sim.state.vpcs.get(created.Vpc.VpcId)).toMatchObject({ dnsSupport: true, dnsHostnames: true });
    const subnets = [...world.sim.state.subnets.values()].filter((subnet) => subnet.vpcId === created.Vpc.VpcId);
    expect(subnets.map((subnet) => [subnet.cidr, subnet.zoneId])).toEqual([
      ['172.31.0.0/20', 'use1-az1'],
      ['172.31.16.0/20', 'use1-az2'],
      ['172.31.32.0/20', 'use1-az3'],
      ['172.31.48.0/20', 'use1-az4'],
      ['172.31.64.0/20', 'use1-az5'],
      ['172.31.80.0/20', 'use1-az6'],
    ]);
    await expectCode(world.sim.call('CreateDefaultVpc', {}), 'DefaultVpcAlreadyExists');
    expect(((await world.sim.call('DescribeVpcs', { VpcIds: [world.vpcId] })) as { Vpcs: { IsDefault: boolean }[] }).Vpcs[0]?.IsDefault).toBe(false);
  });

  it('revokes an existing rule and rejects revoking a missing one', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] });
    await expect(world.sim.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] })).resolves.toMatchObject({ Return: true });
    await expectCode(world.sim.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] }), 'InvalidPermission.NotFound');
  });

  it('applies none of an authorize call\'s rules when one of them is a duplicate', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] });

    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.1.0.0/16'), https('10.0.0.0/16')] }), 'InvalidPermission.Duplicate');

    const { SecurityGroups } = await world.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(SecurityGroups?.[0]?.IpPermissions).toEqual([expect.objectContaining({ IpRanges: [{ CidrIp: '10.0.0.0/16' }] })]);
  });

  it('revokes none of a revoke call\'s rules when one of them is missing', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] });

    await expectCode(world.sim.call('RevokeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16'), https('10.1.0.0/16')] }), 'InvalidPermission.NotFound');

    const { SecurityGroups } = await world.sim.client().send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(SecurityGroups?.[0]?.IpPermissions).toEqual([expect.objectContaining({ IpRanges: [{ CidrIp: '10.0.0.0/16' }] })]);
  });

  it('allows 60 inbound rules and no more', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    const rules = Array.from({ length: 60 }, (_, index) => https(`10.${index}.0.0/16`));
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: rules });
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.200.0.0/16')] }), 'RulesPerSecurityGroupLimitExceeded');
  });

  it('refuses to delete a group an endpoint ENI uses until the ENI is gone', async () => {
    const world = await basicWorld();
    const { sim } = world;
    const groupId = await newGroup(world);
    const out = (await sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { SecurityGroupIds: [groupId] }))) as { VpcEndpoint: { VpcEndpointId: string } };
    await expectCode(sim.call('DeleteSecurityGroup', { GroupId: groupId }), 'DependencyViolation');

    await sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [out.VpcEndpoint.VpcEndpointId] });
    await sim.clock.sleep(sim.timing.endpointDeleteMs);
    await expectCode(sim.call('DeleteSecurityGroup', { GroupId: groupId }), 'DependencyViolation');
    await sim.clock.sleep(sim.timing.eniLingerMs);
    await expect(sim.call('DeleteSecurityGroup', { GroupId: groupId })).resolves.toMatchObject({ Return: true });
    await expectCode(sim.call('DescribeSecurityGroups', { GroupIds: [groupId] }), 'InvalidGroup.NotFound');
  });

  it('refuses to delete a group another group references, and the default group', async () => {
    const world = await basicWorld();
    const target = await newGroup(world, 'target');
    const source = await newGroup(world, 'source');
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: source, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: target }] }] });
    await expectCode(world.sim.call('DeleteSecurityGroup', { GroupId: target }), 'DependencyViolation');
    await expectCode(world.sim.call('DeleteSecurityGroup', { GroupId: world.defaultGroupId }), 'CannotDelete');
  });

  it('answers a group in use InvalidGroup.InUse where the world is set so (EC2 error codes document both)', async () => {
    const world = await basicWorld();
    world.sim.faults.groupInUseCode = 'InvalidGroup.InUse';
    const target = await newGroup(world, 'target');
    const source = await newGroup(world, 'source');
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: source, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: target }] }] });

    await expectCode(world.sim.call('DeleteSecurityGroup', { GroupId: target }), 'InvalidGroup.InUse');
    await expect(world.sim.call('DeleteSecurityGroup', { GroupId: source })).resolves.toMatchObject({ Return: true });
  });

  it('filters by group-name and vpc-id', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    const { SecurityGroups } = (await world.sim.call('DescribeSecurityGroups', {
      Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }, { Name: 'group-name', Values: ['endpoints'] }],
    })) as { SecurityGroups: Array<{ GroupId: string }> };
    expect(SecurityGroups.map((group) => group.GroupId)).toEqual([groupId]);
  });
});
