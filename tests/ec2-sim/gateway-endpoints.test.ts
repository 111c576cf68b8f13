import { DescribePrefixListsCommand, DescribeRouteTablesCommand, ModifyVpcEndpointCommand, type Route } from '@aws-sdk/client-ec2';
import { Ec2Simulator, prefixListId } from '../support/ec2-sim';
import { basicWorld, expectCode, svc } from './fixtures';

type World = Awaited<ReturnType<typeof basicWorld>>;

async function gatewayRoutes(world: World, tableId: string): Promise<Route[]> {
  const { RouteTables } = await world.sim.client().send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  return (RouteTables?.[0]?.Routes ?? []).filter((route) => route.DestinationPrefixListId !== undefined);
}

async function createGateway(world: World, routeTableIds: string[], service = 's3'): Promise<string> {
  const out = (await world.sim.call('CreateVpcEndpoint', { VpcEndpointType: 'Gateway', VpcId: world.vpcId, ServiceName: svc(service), RouteTableIds: routeTableIds })) as {
    VpcEndpoint: { VpcEndpointId: string; State: string };
  };
  return out.VpcEndpoint.VpcEndpointId;
}

describe('route tables and gateway endpoints', () => {
  it('gives every VPC a main table with local routes, and shows explicit associations', async () => {
    const world = await basicWorld();
    const { RouteTables } = await world.sim.client().send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }] }));
    const main = RouteTables?.find((table) => table.Associations?.some((association) => association.Main));
    const explicit = RouteTables?.find((table) => table.RouteTableId === world.routeTableId);
    expect(main?.RouteTableId).toBe(world.mainRouteTableId);
    expect(main?.Routes).toContainEqual(expect.objectContaining({ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }));
    expect(explicit?.Associations).toEqual([expect.objectContaining({ Main: false, SubnetId: world.subnetA, RouteTableId: world.routeTableId })]);
  });

  it.each([
    ['association.main', 'true', 'main'],
    ['association.subnet-id', 'SUBNET_A', 'explicit'],
  ])('filters route tables by %s', async (name, value, expected) => {
    const world = await basicWorld();
    const values = [value === 'SUBNET_A' ? world.subnetA : value];
    const { RouteTables } = (await world.sim.call('DescribeRouteTables', { Filters: [{ Name: name, Values: values }] })) as { RouteTables: Array<{ RouteTableId: string }> };
    expect(RouteTables.map((table) => table.RouteTableId)).toEqual([expected === 'main' ? world.mainRouteTableId : world.routeTableId]);
  });

  it('adds a prefix-list route per route table and removes it on delete', async () => {
    const world = await basicWorld();
    const id = await createGateway(world, [world.routeTableId, world.mainRouteTableId]);
    const expected = { DestinationPrefixListId: prefixListId(svc('s3')), GatewayId: id, State: 'active' };
    expect(await gatewayRoutes(world, world.routeTableId)).toEqual([expect.objectContaining(expected)]);
    expect(await gatewayRoutes(world, world.mainRouteTableId)).toEqual([expect.objectContaining(expected)]);
    expect(prefixListId(svc('s3'))).toMatch(/^pl-[0-9a-f]{8}$/);

    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [id] });
    expect(await gatewayRoutes(world, world.routeTableId)).toEqual([]);
  });

  it('allows one gateway endpoint per service per route table (RouteAlreadyExists)', async () => {
    const world = await basicWorld();
    await createGateway(world, [world.routeTableId]);
    await expectCode(createGateway(world, [world.mainRouteTableId, world.routeTableId]), 'RouteAlreadyExists');
    // Another service may share the table.
    await expect(createGateway(world, [world.routeTableId], 'dynamodb')).resolves.toMatch(/^vpce-/);
  });

  it('adds and removes route tables with ModifyVpcEndpoint', async () => {
    const world = await basicWorld();
    const ec2 = world.sim.client();
    const id = await createGateway(world, [world.routeTableId]);
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddRouteTableIds: [world.mainRouteTableId], RemoveRouteTableIds: [world.routeTableId] }));
    expect(await gatewayRoutes(world, world.routeTableId)).toEqual([]);
    expect(await gatewayRoutes(world, world.mainRouteTableId)).toHaveLength(1);
    await expectCode(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [world.subnetA] })), 'InvalidParameter');
  });

  it.each([
    ['an unknown route table', (_w: World) => ['rtb-0000000000000000a'], 'InvalidRouteTableID.NotFound'],
    ['the same route table twice', (w: World) => [w.routeTableId, w.routeTableId], 'InvalidParameterValue'],
  ])('rejects %s', async (_case, tables, code) => {
    const world = await basicWorld();
    await expectCode(createGateway(world, tables(world)), code);
  });

  it('defaults VpcEndpointType to Gateway and is available at once', async () => {
    const world = await basicWorld();
    const out = (await world.sim.call('CreateVpcEndpoint', { VpcId: world.vpcId, ServiceName: svc('s3'), RouteTableIds: [world.routeTableId] })) as {
      VpcEndpoint: Record<string, unknown>;
    };
    expect(out.VpcEndpoint).toMatchObject({ VpcEndpointType: 'Gateway', State: 'available', RouteTableIds: [world.routeTableId], SubnetIds: [], PrivateDnsEnabled: false });
  });

  it('rejects a second explicit association of a subnet', async () => {
    const world = await basicWorld();
    const table = ((await world.sim.call('CreateRouteTable', { VpcId: world.vpcId })).RouteTable as { RouteTableId: string }).RouteTableId;
    await expectCode(world.sim.call('AssociateRouteTable', { RouteTableId: table, SubnetId: world.subnetA }), 'Resource.AlreadyAssociated');
    await expect(world.sim.call('AssociateRouteTable', { RouteTableId: table, SubnetId: world.subnetB })).resolves.toMatchObject({ AssociationState: { State: 'associated' } });
  });
});

describe('DescribePrefixLists', () => {
  it('lists the region’s gateway services by service name with their AWS-managed prefix list IDs', async () => {
    const out = await new Ec2Simulator().client().send(new DescribePrefixListsCommand({}));
    expect((out.PrefixLists ?? []).map((list) => [list.PrefixListName, list.PrefixListId])).toEqual([
      ['com.amazonaws.us-east-1.dynamodb', 'pl-02cd2c6b'],
      ['com.amazonaws.us-east-1.s3', 'pl-63a5400a'],
    ]);
  });

  it('filters by prefix-list-name and answers the same ID the gateway routes point at', async () => {
    const out = await new Ec2Simulator({ region: 'eu-west-1' })
      .client()
      .send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.eu-west-1.s3'] }] }));
    expect(out.PrefixLists?.map((list) => list.PrefixListId)).toEqual(['pl-6da54004']);
    expect(prefixListId('com.amazonaws.eu-west-1.s3')).toBe('pl-6da54004');
  });

  it('rejects an unknown prefix list ID', async () => {
    await expectCode(new Ec2Simulator().client().send(new DescribePrefixListsCommand({ PrefixListIds: ['pl-00000000'] })), 'InvalidPrefixListID.NotFound');
  });
});
