import type { UnsuccessfulItem, VpcEndpoint } from '@aws-sdk/client-ec2';
import { basicWorld, expectCode, interfaceInput, svc } from './fixtures';

type World = Awaited<ReturnType<typeof basicWorld>>;

async function createS3Gateway(world: World): Promise<string> {
  const out = await world.sim.call('CreateVpcEndpoint', { VpcEndpointType: 'Gateway', VpcId: world.vpcId, ServiceName: svc('s3'), RouteTableIds: [world.routeTableId] });
  return (out.VpcEndpoint as VpcEndpoint).VpcEndpointId as string;
}

async function createS3Interface(world: World, overrides: Record<string, unknown> = {}): Promise<string> {
  const out = await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: svc('s3'), PrivateDnsEnabled: true, ...overrides }));
  return (out.VpcEndpoint as VpcEndpoint).VpcEndpointId as string;
}

async function inboundOnly(world: World, endpointId: string): Promise<boolean | undefined> {
  const out = await world.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [endpointId] });
  return (out.VpcEndpoints as VpcEndpoint[])[0]?.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint;
}

describe('s3 as an interface endpoint with private DNS', () => {
  it('refuses the default (inbound-Resolver-only DNS) in a VPC without an S3 gateway endpoint, with EC2 message', async () => {
    const world = await basicWorld();

    const attempt = createS3Interface(world);

    await expectCode(attempt, 'InvalidParameter');
    await expect(attempt).rejects.toThrow(`To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${world.vpcId} must have a Gateway endpoint for the service.`);
    expect(world.sim.state.endpoints.size).toBe(0);
  });

  it('accepts PrivateDnsOnlyForInboundResolverEndpoint false without a gateway endpoint', async () => {
    const world = await basicWorld();

    const id = await createS3Interface(world, { DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: false } });

    expect(await inboundOnly(world, id)).toBe(false);
  });

  it('defaults to inbound-Resolver-only DNS once an S3 gateway endpoint is in the VPC', async () => {
    const world = await basicWorld();
    await createS3Gateway(world);

    const id = await createS3Interface(world);

    expect(await inboundOnly(world, id)).toBe(true);
  });

  it('leaves the option off for services offered only as interface endpoints', async () => {
    const world = await basicWorld();

    const id = await createS3Interface(world, { ServiceName: svc('ecr.api') });

    expect(await inboundOnly(world, id)).toBe(false);
    await expectCode(createS3Interface(world, { ServiceName: svc('logs'), DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } }), 'InvalidParameter');
  });

  it('refuses the option on a gateway endpoint', async () => {
    const world = await basicWorld();
    const attempt = world.sim.call('CreateVpcEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: world.vpcId,
      ServiceName: svc('s3'),
      RouteTableIds: [world.routeTableId],
      DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: false },
    });
    await expect(attempt).rejects.toThrow('DnsOptions PrivateDnsOnlyForInboundResolverEndpoint is applicable only to Interface VPC Endpoints.');
  });

  it('refuses turning the option on through ModifyVpcEndpoint without a gateway, and turns it off', async () => {
    const world = await basicWorld();
    const gatewayId = await createS3Gateway(world);
    const id = await createS3Interface(world);

    await world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: id, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: false } });
    expect(await inboundOnly(world, id)).toBe(false);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [gatewayId] });
    await expectCode(world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: id, DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } }), 'InvalidParameter');
  });

  it('will not delete the last S3 gateway endpoint while an interface endpoint has the option on: per-ID failure with EC2 message', async () => {
    const world = await basicWorld();
    const gatewayId = await createS3Gateway(world);
    const interfaceId = await createS3Interface(world);

    const alone = await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [gatewayId] });
    const together = await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [interfaceId, gatewayId] });

    const expected = [
      {
        ResourceId: gatewayId,
        Error: { Code: 'InvalidParameter', Message: `Gateway endpoint cannot be deleted while Interface endpoint ${interfaceId} for the service has PrivateDnsOnlyForInboundResolverEndpoint set to true.` },
      },
    ];
    expect(alone.Unsuccessful as UnsuccessfulItem[]).toEqual(expected);
    // The same call deleting the interface endpoint does not lift it (the simulator's cautious reading).
    expect(together.Unsuccessful as UnsuccessfulItem[]).toEqual(expected);
    // Once the interface endpoint is deleting, the gateway can go.
    const after = await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [gatewayId] });
    expect(after.Unsuccessful).toEqual([]);
  });
});
