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

  it('rejects a duplicate rule, also within one request', async () => {
    const world = await basicWorld();
    const groupId = await newGroup(world);
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] });
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.0.0.0/16')] }), 'InvalidPermission.Duplicate');
    await expectCode(world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https('10.1.0.0/16'), https('10.1.0.0/16')] }), 'InvalidPermission.Duplicate');
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
