import { DeleteTagsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { basicWorld, expectCode, interfaceInput } from './fixtures';

describe('tags, filters and pagination', () => {
  it('tags on create, adds with CreateTags and removes with DeleteTags', async () => {
    const world = await basicWorld();
    const { sim } = world;
    const out = (await sim.call(
      'CreateVpcEndpoint',
      interfaceInput(world.vpcId, [world.subnetA], { TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'owner', Value: 'me' }] }] }),
    )) as { VpcEndpoint: { VpcEndpointId: string; Tags: unknown } };
    const id = out.VpcEndpoint.VpcEndpointId;
    expect(out.VpcEndpoint.Tags).toEqual([{ Key: 'owner', Value: 'me' }]);

    await sim.call('CreateTags', { Resources: [id, world.subnetA], Tags: [{ Key: 'env', Value: 'prod' }] });
    await sim.client().send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'owner', Value: 'someone-else' }, { Key: 'env' }] }));

    const { VpcEndpoints } = (await sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [id] })) as { VpcEndpoints: Array<{ Tags: unknown }> };
    expect(VpcEndpoints[0]?.Tags).toEqual([{ Key: 'owner', Value: 'me' }]);
    const { Subnets } = (await sim.call('DescribeSubnets', { SubnetIds: [world.subnetA] })) as { Subnets: Array<{ Tags: unknown }> };
    expect(Subnets[0]?.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
  });

  it.each([
    ['an unknown resource', ['subnet-0000000000000000a'], [{ Key: 'k', Value: 'v' }], 'InvalidSubnetID.NotFound'],
    ['an aws: key', ['VPC'], [{ Key: 'aws:cloudformation:stack-id', Value: 'v' }], 'InvalidParameterValue'],
    ['an id of no known kind', ['i-0000000000000000a'], [{ Key: 'k', Value: 'v' }], 'InvalidID'],
    ['more than 50 tags', ['VPC'], Array.from({ length: 51 }, (_, index) => ({ Key: `k${index}`, Value: 'v' })), 'TagLimitExceeded'],
  ])('CreateTags rejects %s', async (_case, resources, tags, code) => {
    const world = await basicWorld();
    await expectCode(world.sim.call('CreateTags', { Resources: resources.map((id) => (id === 'VPC' ? world.vpcId : id)), Tags: tags }), code);
  });

  it.each([
    ['availability-zone', ['us-east-1b'], ['10.0.2.0/24']],
    ['availability-zone-id', ['use1-az1', 'use1-az3'], ['10.0.1.0/24', '10.0.3.0/24']],
    ['tag:tier', ['app'], ['10.0.1.0/24']],
    ['tag:tier', ['a*'], ['10.0.1.0/24']],
    ['tag-key', ['tier'], ['10.0.1.0/24']],
    ['cidr-block', ['10.0.?.0/24'], ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']],
  ])('DescribeSubnets filter %s=%j', async (name, values, expected) => {
    const world = await basicWorld();
    await world.sim.call('CreateTags', { Resources: [world.subnetA], Tags: [{ Key: 'tier', Value: 'app' }] });
    const { Subnets } = await world.sim.client().send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }, { Name: name, Values: values }] }));
    expect(Subnets?.map((subnet) => subnet.CidrBlock)).toEqual(expected);
  });

  it.each(['DescribeSubnets', 'DescribeVpcs', 'DescribeVpcEndpoints', 'DescribeSecurityGroups', 'DescribeRouteTables', 'DescribeNetworkInterfaces', 'DescribeVpcEndpointServices'])(
    '%s rejects an unknown filter name',
    async (action) => {
      const world = await basicWorld();
      await expectCode(world.sim.call(action, { Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }), 'InvalidParameterValue');
    },
  );

  it.each([
    ['VpcEndpoints', 'vpc-endpoint-type', ['Interface']],
    ['VpcEndpoints', 'vpc-endpoint-state', ['pending']],
    ['VpcEndpoints', 'service-name', ['com.amazonaws.us-east-1.ecr.api']],
  ])('DescribeVpcEndpoints filters by %s %s', async (_key, name, values) => {
    const world = await basicWorld();
    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]));
    await world.sim.call('CreateVpcEndpoint', { VpcId: world.vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [world.routeTableId] });
    const out = (await world.sim.call('DescribeVpcEndpoints', { Filters: [{ Name: name, Values: values }] })) as { VpcEndpoints: Array<{ ServiceName: string }> };
    expect(out.VpcEndpoints.map((endpoint) => endpoint.ServiceName)).toEqual(['com.amazonaws.us-east-1.ecr.api']);
  });

  it('pages DescribeSubnets with MaxResults and rejects MaxResults outside 5..1000', async () => {
    const world = await basicWorld();
    const first = await world.sim.call('DescribeSubnets', { MaxResults: 5 });
    expect(first.NextToken).toBeUndefined();
    world.sim.faults.maxPageSize = 2;
    const page1 = await world.sim.call('DescribeSubnets', { MaxResults: 5 });
    const page2 = await world.sim.call('DescribeSubnets', { MaxResults: 5, NextToken: page1.NextToken });
    expect([(page1.Subnets as unknown[]).length, (page2.Subnets as unknown[]).length, page2.NextToken]).toEqual([2, 1, undefined]);
    await expectCode(world.sim.call('DescribeSubnets', { MaxResults: 4 }), 'InvalidParameterValue');
    await expectCode(world.sim.call('DescribeSubnets', { NextToken: 'garbage' }), 'InvalidParameterValue');
  });

  it.each([
    ['DescribeVpcs', { VpcIds: ['vpc-0000000000000000a'] }, 'InvalidVpcID.NotFound'],
    ['DescribeSubnets', { SubnetIds: ['subnet-0000000000000000a'] }, 'InvalidSubnetID.NotFound'],
    ['DescribeVpcEndpoints', { VpcEndpointIds: ['vpce-0000000000000000a'] }, 'InvalidVpcEndpointId.NotFound'],
    ['DescribeSecurityGroups', { GroupIds: ['sg-0000000000000000a'] }, 'InvalidGroup.NotFound'],
    ['DescribeRouteTables', { RouteTableIds: ['rtb-0000000000000000a'] }, 'InvalidRouteTableID.NotFound'],
    ['DescribeNetworkInterfaces', { NetworkInterfaceIds: ['eni-0000000000000000a'] }, 'InvalidNetworkInterfaceID.NotFound'],
  ])('%s with an unknown id fails', async (action, input, code) => {
    const world = await basicWorld();
    await expectCode(world.sim.call(action, input), code);
  });
});
