import type { NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import { basicWorld, expectCode } from './fixtures';

/**
 * What keeps a subnet or a group from being deleted besides endpoint ENIs (aws-facts.md, "Subnets and CIDRs"): another
 * party's ENI in the subnet, an ENI using the group, another group's rule referencing it.
 */
describe('dependencies another party puts in place', () => {
  it('refuses DeleteSubnet while someone\'s instance ENI is in the subnet, and accepts it once the ENI is gone', async () => {
    const world = await basicWorld();
    const eniId = world.sim.admin.placeForeignEni(world.subnetC);

    await expectCode(world.sim.call('DeleteSubnet', { SubnetId: world.subnetC }), 'DependencyViolation');
    world.sim.admin.removeForeignEni(eniId);
    await expect(world.sim.call('DeleteSubnet', { SubnetId: world.subnetC })).resolves.toEqual({});
  });

  it('describes a foreign ENI with its own type, description and attachment, found by subnet-id', async () => {
    const world = await basicWorld();
    const eniId = world.sim.admin.placeForeignEni(world.subnetC, { instanceId: 'i-0123456789abcdef0' });

    const output = await world.sim.call('DescribeNetworkInterfaces', { Filters: [{ Name: 'subnet-id', Values: [world.subnetC] }] });

    const enis = output.NetworkInterfaces as NetworkInterface[];
    expect(enis).toHaveLength(1);
    expect(enis[0]).toMatchObject({
      NetworkInterfaceId: eniId,
      InterfaceType: 'interface',
      RequesterManaged: false,
      Description: 'Primary network interface of i-0123456789abcdef0',
      Attachment: { InstanceId: 'i-0123456789abcdef0' },
      Groups: [{ GroupId: world.defaultGroupId }],
    });
  });

  it('refuses DeleteSecurityGroup while a foreign ENI uses the group', async () => {
    const world = await basicWorld();
    const groupId = (await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'g', Description: 'g' })).GroupId as string;
    world.sim.admin.placeForeignEni(world.subnetA, { groupIds: [groupId], interfaceType: 'lambda', requesterId: 'AROAEXAMPLE:my-function', instanceId: undefined, description: 'AWS Lambda VPC ENI-my-function' });

    await expectCode(world.sim.call('DeleteSecurityGroup', { GroupId: groupId }), 'DependencyViolation');
    const output = await world.sim.call('DescribeNetworkInterfaces', { Filters: [{ Name: 'group-id', Values: [groupId] }] });
    expect((output.NetworkInterfaces as NetworkInterface[]).map((eni) => [eni.InterfaceType, eni.RequesterId])).toEqual([['lambda', 'AROAEXAMPLE:my-function']]);
  });

  it('finds the groups whose rules reference a group with the ip-permission.group-id filter', async () => {
    const world = await basicWorld();
    const target = (await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'target', Description: 't' })).GroupId as string;
    const referrer = (await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'referrer', Description: 'r' })).GroupId as string;
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: referrer, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: target }] }] });

    const output = await world.sim.call('DescribeSecurityGroups', { Filters: [{ Name: 'ip-permission.group-id', Values: [target] }] });

    expect((output.SecurityGroups as SecurityGroup[]).map((group) => group.GroupId)).toEqual([referrer]);
    await expectCode(world.sim.call('DeleteSecurityGroup', { GroupId: target }), 'DependencyViolation');
  });
});
