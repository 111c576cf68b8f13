import { CreateVpcEndpointCommand, DeleteVpcEndpointsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { WorldBuilder } from '../support/ec2-sim';
import { basicWorld, expectCode, interfaceInput } from './fixtures';

type World = Awaited<ReturnType<typeof basicWorld>>;

async function stateOf(world: World, id: string): Promise<string | undefined> {
  const { VpcEndpoints } = await world.sim.client().send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values: [id] }] }));
  return VpcEndpoints?.[0]?.State;
}

describe('endpoint lifecycle on the clock', () => {
  it('goes pending → available → deleting → deleted → gone, on the configured timings', async () => {
    const world = await basicWorld({ timing: { endpointCreateMs: 1_000, endpointDeleteMs: 2_000, deletedVisibleMs: 5_000 } });
    const { sim } = world;
    const created = await sim.client().send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: world.vpcId, ServiceName: 'com.amazonaws.us-east-1.ecr.api', SubnetIds: [world.subnetA], PrivateDnsEnabled: false }));
    const id = created.VpcEndpoint?.VpcEndpointId as string;
    expect(created.VpcEndpoint?.State).toBe('pending');

    const timeline: Array<[number, string | undefined]> = [];
    const observe = async (wait: number) => {
      await sim.clock.sleep(wait);
      timeline.push([wait, await stateOf(world, id)]);
    };
    await observe(999);
    await observe(1);
    await sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [id] });
    timeline.push([0, await stateOf(world, id)]);
    await observe(1_999);
    await observe(1);
    await observe(4_999);
    await observe(1);

    expect(timeline).toEqual([
      [999, 'pending'],
      [1, 'available'],
      [0, 'deleting'],
      [1_999, 'deleting'],
      [1, 'deleted'],
      [4_999, 'deleted'],
      [1, undefined],
    ]);
    await expectCode(sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [id] }), 'InvalidVpcEndpointId.NotFound');
  });

  it('keeps the ENIs for eniLingerMs after the endpoint reaches deleted', async () => {
    const world = await basicWorld({ timing: { endpointDeleteMs: 1_000, eniLingerMs: 3_000 } });
    const { sim } = world;
    const out = (await sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))) as { VpcEndpoint: { VpcEndpointId: string } };
    await sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [out.VpcEndpoint.VpcEndpointId] });
    const enis = async () => ((await sim.call('DescribeNetworkInterfaces', { Filters: [{ Name: 'subnet-id', Values: [world.subnetA] }] })) as { NetworkInterfaces: unknown[] }).NetworkInterfaces.length;

    await sim.clock.sleep(3_999);
    expect(await enis()).toBe(1);
    await expectCode(sim.call('DeleteSubnet', { SubnetId: world.subnetA }), 'DependencyViolation');
    await sim.clock.sleep(1);
    expect(await enis()).toBe(0);
    await expect(sim.call('DeleteSubnet', { SubnetId: world.subnetA })).resolves.toEqual({});
  });

  it('deletes many endpoints in one call and reports unknown or foreign ids in Unsuccessful', async () => {
    const world = await basicWorld();
    const { sim } = world;
    const mine = (await sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))) as { VpcEndpoint: { VpcEndpointId: string } };
    const gateway = (await sim.call('CreateVpcEndpoint', { VpcId: world.vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [world.routeTableId] })) as {
      VpcEndpoint: { VpcEndpointId: string };
    };
    const unknown = 'vpce-0000000000000000a';

    const out = await sim.client().send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [mine.VpcEndpoint.VpcEndpointId, unknown, gateway.VpcEndpoint.VpcEndpointId] }));

    expect(out.Unsuccessful).toEqual([{ ResourceId: unknown, Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VpcEndpoint Id '${unknown}' does not exist` } }]);
    expect(await stateOf(world, mine.VpcEndpoint.VpcEndpointId)).toBe('deleting');
    // Gateway endpoints are only routes: they are deleted at once.
    expect(await stateOf(world, gateway.VpcEndpoint.VpcEndpointId)).toBe('deleted');
    const again = await sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [mine.VpcEndpoint.VpcEndpointId] });
    expect(again).toEqual({ Unsuccessful: [] });
  });

  describe('ClientToken', () => {
    it('returns the same endpoint for the same token and parameters, without creating another', async () => {
      const world = await basicWorld();
      const input = interfaceInput(world.vpcId, [world.subnetA], { ClientToken: 'token-1' });
      const first = (await world.sim.call('CreateVpcEndpoint', input)) as { VpcEndpoint: { VpcEndpointId: string }; ClientToken: string };
      const second = (await world.sim.call('CreateVpcEndpoint', { ...input })) as { VpcEndpoint: { VpcEndpointId: string }; ClientToken: string };
      expect(second.VpcEndpoint.VpcEndpointId).toBe(first.VpcEndpoint.VpcEndpointId);
      expect(second.ClientToken).toBe('token-1');
      expect(world.sim.state.endpoints.size).toBe(1);
    });

    it('rejects the same token with different parameters', async () => {
      const world = await basicWorld();
      await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ClientToken: 'token-1' }));
      await expectCode(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetB], { ClientToken: 'token-1' })), 'IdempotentParameterMismatch');
    });

    it('returns the deleted endpoint for a token reused after deletion, even once it vanished', async () => {
      const world = await basicWorld();
      const { sim } = world;
      const input = interfaceInput(world.vpcId, [world.subnetA], { ClientToken: 'token-1' });
      const first = (await sim.call('CreateVpcEndpoint', input)) as { VpcEndpoint: { VpcEndpointId: string } };
      await sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [first.VpcEndpoint.VpcEndpointId] });
      await sim.clock.sleep(sim.timing.endpointDeleteMs + sim.timing.deletedVisibleMs);

      const replay = (await sim.call('CreateVpcEndpoint', input)) as { VpcEndpoint: { VpcEndpointId: string; State: string } };
      expect(replay.VpcEndpoint).toMatchObject({ VpcEndpointId: first.VpcEndpoint.VpcEndpointId, State: 'deleted' });
      expect(await stateOf(world, first.VpcEndpoint.VpcEndpointId)).toBeUndefined();
    });

    it('keeps tokens per account', async () => {
      const world = await basicWorld();
      const other = { accountId: '210987654321' };
      const theirs = await new WorldBuilder(world.sim)
        .vpc('v', { cidr: '10.1.0.0/16', owner: other.accountId })
        .subnet('s', { vpc: 'v', cidr: '10.1.0.0/24', azId: 'use1-az1', owner: other.accountId })
        .build();
      await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ClientToken: 'shared' }));
      const out = await world.sim.call('CreateVpcEndpoint', interfaceInput(theirs.id('v'), [theirs.id('s')], { ClientToken: 'shared' }), other);
      expect(out.VpcEndpoint).toMatchObject({ VpcId: theirs.id('v'), OwnerId: other.accountId });
    });
  });

  it('makes a new endpoint invisible for visibilityDelayMs', async () => {
    const world = await basicWorld({ timing: { visibilityDelayMs: 2_000 } });
    const { sim } = world;
    const out = (await sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))) as { VpcEndpoint: { VpcEndpointId: string } };
    await expectCode(sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [out.VpcEndpoint.VpcEndpointId] }), 'InvalidVpcEndpointId.NotFound');
    expect(await stateOf(world, out.VpcEndpoint.VpcEndpointId)).toBeUndefined();
    await sim.clock.sleep(2_000);
    expect(await stateOf(world, out.VpcEndpoint.VpcEndpointId)).toBe('pending');
  });

  describe('write calls naming a fresh ID (EC2 Developer Guide, "Eventual consistency in the Amazon EC2 API")', () => {
    type World = Awaited<ReturnType<typeof basicWorld>>;
    const freshSubnet = async (world: World) =>
      ((await world.sim.call('CreateSubnet', { VpcId: world.vpcId, CidrBlock: '10.0.9.0/28', AvailabilityZoneId: 'use1-az1' })).Subnet as { SubnetId: string }).SubnetId;
    const freshGroup = async (world: World) =>
      (await world.sim.call('CreateSecurityGroup', { VpcId: world.vpcId, GroupName: 'fresh', Description: 'fresh' })).GroupId as string;
    const freshEndpoint = async (world: World) =>
      ((await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))).VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };

    it.each<[string, (world: World) => Promise<Record<string, unknown>>, string]>([
      // The endpoint calls spell the subnet's code in lower case (EC2 API reference, "Error codes").
      ['CreateVpcEndpoint naming a fresh subnet', async (world) => world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [await freshSubnet(world)])), 'InvalidSubnetId.NotFound'],
      ['ModifyVpcEndpoint adding a fresh subnet', async (world) => {
        const endpointId = await freshEndpoint(world);
        await world.sim.clock.sleep(2_000);
        return world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: endpointId, AddSubnetIds: [await freshSubnet(world)] });
      }, 'InvalidSubnetId.NotFound'],
      ['CreateVpcEndpoint naming a fresh group', async (world) => world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { SecurityGroupIds: [await freshGroup(world)] })), 'InvalidGroup.NotFound'],
      ['AuthorizeSecurityGroupIngress on a fresh group', async (world) => world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: await freshGroup(world), IpPermissions: [https] }), 'InvalidGroup.NotFound'],
      ['ModifyVpcEndpoint on a fresh endpoint', async (world) => world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: await freshEndpoint(world), AddSubnetIds: [world.subnetB] }), 'InvalidVpcEndpointId.NotFound'],
      ['DeleteSubnet on a fresh subnet', async (world) => world.sim.call('DeleteSubnet', { SubnetId: await freshSubnet(world) }), 'InvalidSubnetID.NotFound'],
      ['CreateTags on a fresh subnet', async (world) => world.sim.call('CreateTags', { Resources: [await freshSubnet(world)], Tags: [{ Key: 'k', Value: 'v' }] }), 'InvalidSubnetID.NotFound'],
      ['DeleteSecurityGroup on a fresh group', async (world) => world.sim.call('DeleteSecurityGroup', { GroupId: await freshGroup(world) }), 'InvalidGroup.NotFound'],
    ])('answers %s with its NotFound code until propagationDelayMs has passed', async (_call, call, code) => {
      const world = await basicWorld({ timing: { propagationDelayMs: 2_000 } });

      await expectCode(call(world), code);
    });

    it('lists a fresh endpoint as not found in DeleteVpcEndpoints\' Unsuccessful, and deletes it once propagated', async () => {
      const world = await basicWorld({ timing: { propagationDelayMs: 2_000 } });
      const id = await freshEndpoint(world);

      const early = await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [id] });
      await world.sim.clock.sleep(2_000);
      const late = await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [id] });

      expect(early.Unsuccessful).toEqual([expect.objectContaining({ ResourceId: id, Error: expect.objectContaining({ Code: 'InvalidVpcEndpoint.NotFound' }) })]);
      expect(late.Unsuccessful).toEqual([]);
    });

    it('accepts every such call once the delay has passed', async () => {
      const world = await basicWorld({ timing: { propagationDelayMs: 2_000 } });
      const subnetId = await freshSubnet(world);
      const groupId = await freshGroup(world);
      await world.sim.clock.sleep(2_000);

      await expect(world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [https] })).resolves.toMatchObject({ Return: true });
      await expect(world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [subnetId], { SecurityGroupIds: [groupId] }))).resolves.toHaveProperty('VpcEndpoint');
    });
  });

  describe('fault injection: states other than available (EC2 API reference, VpcEndpoint.State)', () => {
    it.each([
      ['failed', 'pending', 'failed'],
      ['rejected', 'pending', 'rejected'],
      ['expired', 'pending', 'expired'],
      ['partial', 'pending', 'partial'],
      ['pendingAcceptance', 'pendingAcceptance', 'pendingAcceptance'],
    ] as const)('drives an endpoint fated %s through %s into %s', async (fate, early, late) => {
      const world = await basicWorld({ timing: { endpointCreateMs: 1_000 } });
      world.sim.faults.endpointFate = ({ serviceName }) => (serviceName.endsWith('.ecr.api') ? fate : undefined);
      const id = ((await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))).VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;

      const first = await stateOf(world, id);
      await world.sim.clock.sleep(1_000);

      expect([first, await stateOf(world, id)]).toEqual([early, late]);
    });

    it("shows EC2's reason (LastError, FailureReason) once the endpoint is in its fate, not while pending", async () => {
      const world = await basicWorld({ timing: { endpointCreateMs: 1_000 } });
      world.sim.faults.endpointFate = () => ({ state: 'failed', lastError: { code: 'InternalError', message: 'simulated' }, failureReason: 'simulated reason' });
      const id = ((await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))).VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
      const describe = async () => ((await world.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [id] })).VpcEndpoints as Record<string, unknown>[])[0];

      const early = await describe();
      await world.sim.clock.sleep(1_000);
      const late = await describe();

      expect([early?.['LastError'], early?.['FailureReason']]).toEqual([undefined, undefined]);
      expect(late).toMatchObject({ State: 'failed', LastError: { Code: 'InternalError', Message: 'simulated' }, FailureReason: 'simulated reason' });
    });

    it('leaves endpoints of other services available', async () => {
      const world = await basicWorld({ timing: { endpointCreateMs: 1_000 } });
      world.sim.faults.endpointFate = ({ serviceName }) => (serviceName.endsWith('.ecr.api') ? 'failed' : undefined);
      const id = ((await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { ServiceName: 'com.amazonaws.us-east-1.logs' }))).VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
      await world.sim.clock.sleep(1_000);

      expect(await stateOf(world, id)).toBe('available');
    });

    it('reports a chosen Unsuccessful code from DeleteVpcEndpoints and leaves that endpoint alone', async () => {
      const world = await basicWorld({ timing: { endpointCreateMs: 1_000 } });
      const id = ((await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))).VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
      await world.sim.clock.sleep(1_000);
      world.sim.faults.deleteEndpointFailure = (endpointId) => (endpointId === id ? { code: 'OperationNotPermitted', message: 'not now' } : undefined);

      const output = await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [id] });

      expect(output.Unsuccessful).toEqual([{ ResourceId: id, Error: { Code: 'OperationNotPermitted', Message: 'not now' } }]);
      expect(await stateOf(world, id)).toBe('available');
    });
  });

  it('puts an endpoint back to pending while added subnets come up', async () => {
    const world = await basicWorld({ timing: { endpointCreateMs: 1_000 } });
    const out = (await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]))) as { VpcEndpoint: { VpcEndpointId: string } };
    const id = out.VpcEndpoint.VpcEndpointId;
    await world.sim.clock.sleep(1_000);
    expect(await stateOf(world, id)).toBe('available');
    await world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: id, AddSubnetIds: [world.subnetB] });
    expect(await stateOf(world, id)).toBe('pending');
    await world.sim.clock.sleep(1_000);
    expect(await stateOf(world, id)).toBe('available');
  });
});

describe('endpoint DNS entries', () => {
  it("names an ECR endpoint's regional and zonal entries under dkr.ecr.<region>.vpce.amazonaws.com, the labels in host order", async () => {
    const world = await basicWorld();
    const created = await world.sim.client().send(
      new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: world.vpcId, ServiceName: 'com.amazonaws.us-east-1.ecr.dkr', SubnetIds: [world.subnetA], PrivateDnsEnabled: false }),
    );
    const id = created.VpcEndpoint?.VpcEndpointId as string;

    const { VpcEndpoints } = await world.sim.client().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));

    const names = (VpcEndpoints?.[0]?.DnsEntries ?? []).map((entry) => entry.DnsName);
    expect(names).toEqual([`${id}-${id.slice(-8)}.dkr.ecr.us-east-1.vpce.amazonaws.com`, expect.stringMatching(new RegExp(`^${id}-${id.slice(-8)}-us-east-1[a-f]\\.dkr\\.ecr\\.us-east-1\\.vpce\\.amazonaws\\.com$`))]);
  });
});
