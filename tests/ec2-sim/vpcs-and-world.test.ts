import { DescribeVpcAttributeCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { Ec2Simulator, buildDemoWorld, WorldBuilder } from '../support/ec2-sim';
import { expectCode, OTHER_ACCOUNT } from './fixtures';

describe('VPCs', () => {
  it('starts with DNS support on and hostnames off, and changes them', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).build();
    const ec2 = sim.client();
    const attribute = async (Attribute: 'enableDnsSupport' | 'enableDnsHostnames') => {
      const out = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: world.id('v'), Attribute }));
      return (out.EnableDnsSupport ?? out.EnableDnsHostnames)?.Value;
    };
    expect([await attribute('enableDnsSupport'), await attribute('enableDnsHostnames')]).toEqual([true, false]);
    await sim.call('ModifyVpcAttribute', { VpcId: world.id('v'), EnableDnsHostnames: { Value: true } });
    expect(await attribute('enableDnsHostnames')).toBe(true);
  });

  it('associates secondary IPv4 blocks (up to 5) and Amazon IPv6 /56 blocks (up to 5)', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16', secondary: ['100.64.0.0/22', '10.1.0.0/16'], ipv6: true }).build();
    const { Vpcs } = await sim.client().send(new DescribeVpcsCommand({ VpcIds: [world.id('v')] }));
    expect(Vpcs?.[0]?.CidrBlockAssociationSet?.map((block) => [block.CidrBlock, block.CidrBlockState?.State])).toEqual([
      ['10.0.0.0/16', 'associated'],
      ['100.64.0.0/22', 'associated'],
      ['10.1.0.0/16', 'associated'],
    ]);
    expect(Vpcs?.[0]?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock).toMatch(/::\/56$/);
    for (let more = 0; more < 4; more++) await sim.call('AssociateVpcCidrBlock', { VpcId: world.id('v'), AmazonProvidedIpv6CidrBlock: true });
    const after = await sim.client().send(new DescribeVpcsCommand({ VpcIds: [world.id('v')] }));
    expect(new Set(after.Vpcs?.[0]?.Ipv6CidrBlockAssociationSet?.map((block) => block.Ipv6CidrBlock)).size).toBe(5);
    await expectCode(sim.call('AssociateVpcCidrBlock', { VpcId: world.id('v'), AmazonProvidedIpv6CidrBlock: true }), 'CidrLimitExceeded');
    await sim.call('AssociateVpcCidrBlock', { VpcId: world.id('v'), CidrBlock: '10.2.0.0/16' });
    await sim.call('AssociateVpcCidrBlock', { VpcId: world.id('v'), CidrBlock: '10.3.0.0/16' });
    await expectCode(sim.call('AssociateVpcCidrBlock', { VpcId: world.id('v'), CidrBlock: '10.4.0.0/16' }), 'CidrLimitExceeded');
  });

  it('keeps each account resources to itself', async () => {
    const sim = new Ec2Simulator();
    await new WorldBuilder(sim).vpc('mine', { cidr: '10.0.0.0/16' }).vpc('theirs', { cidr: '10.0.0.0/16', owner: OTHER_ACCOUNT }).build();
    const mine = (await sim.call('DescribeVpcs', {})) as { Vpcs: Array<{ OwnerId: string }> };
    const theirs = (await sim.call('DescribeVpcs', {}, { accountId: OTHER_ACCOUNT })) as { Vpcs: Array<{ OwnerId: string }> };
    expect([mine.Vpcs.map((vpc) => vpc.OwnerId), theirs.Vpcs.map((vpc) => vpc.OwnerId)]).toEqual([['123456789012'], [OTHER_ACCOUNT]]);
  });
});

describe('demo world', () => {
  it('lays out the documented VPC: two app subnets in each of az1, az2, az4, two explicit tables and the main one, a foreign sts endpoint', async () => {
    const sim = new Ec2Simulator({ timing: { visibilityDelayMs: 5_000 } });
    const world = await buildDemoWorld(sim);

    const { Subnets } = (await sim.call('DescribeSubnets', { Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }] })) as {
      Subnets: Array<{ SubnetId: string; CidrBlock: string; AvailabilityZoneId: string }>;
    };
    expect(Subnets.map((subnet) => [subnet.CidrBlock, subnet.AvailabilityZoneId])).toEqual([
      ['10.0.0.0/20', 'use1-az1'],
      ['10.0.16.0/20', 'use1-az1'],
      ['10.0.32.0/20', 'use1-az2'],
      ['10.0.48.0/20', 'use1-az2'],
      ['10.0.64.0/20', 'use1-az4'],
      ['10.0.80.0/20', 'use1-az4'],
    ]);
    expect(world.appSubnetIds).toEqual(Subnets.map((subnet) => subnet.SubnetId));
    expect(Object.keys(world.appSubnetIdsByAz)).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);

    const { Vpcs } = (await sim.call('DescribeVpcs', { VpcIds: [world.vpcId] })) as { Vpcs: Array<{ CidrBlockAssociationSet: Array<{ CidrBlock: string }> }> };
    expect(Vpcs[0]?.CidrBlockAssociationSet.map((block) => block.CidrBlock)).toEqual(['10.0.0.0/16', '100.64.0.0/22']);
    const hostnames = await sim.call('DescribeVpcAttribute', { VpcId: world.vpcId, Attribute: 'enableDnsHostnames' });
    expect(hostnames.EnableDnsHostnames).toEqual({ Value: true });

    const { RouteTables } = (await sim.call('DescribeRouteTables', { RouteTableIds: world.routeTableIds })) as {
      RouteTables: Array<{ RouteTableId: string; Associations: Array<{ Main: boolean; SubnetId?: string }> }>;
    };
    const associationsOf = (id: string) => RouteTables.find((table) => table.RouteTableId === id)?.Associations.map((a) => (a.Main ? 'main' : a.SubnetId));
    expect(world.routeTableIds.map(associationsOf)).toEqual([world.appSubnetIdsByAz['use1-az1'], world.appSubnetIdsByAz['use1-az2'], ['main']]);

    const { VpcEndpoints } = (await sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [world.foreignEndpointId] })) as {
      VpcEndpoints: Array<{ ServiceName: string; State: string; PrivateDnsEnabled: boolean }>;
    };
    expect(VpcEndpoints[0]).toMatchObject({ ServiceName: 'com.amazonaws.us-east-1.sts', State: 'available', PrivateDnsEnabled: true });
  });
});

/** The demo VPC's IDs on a default simulator (seed 1), as they were before the other VPCs were added. */
const PINNED_DEMO_IDS = ['vpc-0a08ff49b6f772632', 'subnet-0e4edaa36434ef251', 'vpce-0638085832444a916'];

describe('the demo world’s other VPCs', () => {
  async function subnetsOf(sim: Ec2Simulator, vpcId: string) {
    const { Subnets } = (await sim.call('DescribeSubnets', { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })) as {
      Subnets: Array<{ SubnetId: string; CidrBlock: string; AvailabilityZoneId: string; Ipv6CidrBlockAssociationSet?: unknown[] }>;
    };
    return Subnets;
  }

  it('adds a dual-stack VPC with one dual-stack app subnet in each of the demo AZs', async () => {
    const sim = new Ec2Simulator();
    const world = await buildDemoWorld(sim);

    const { Vpcs } = (await sim.call('DescribeVpcs', { VpcIds: [world.dualStack.vpcId] })) as { Vpcs: Array<{ CidrBlock: string; Ipv6CidrBlockAssociationSet?: unknown[] }> };
    expect(Vpcs[0]?.CidrBlock).toBe('10.1.0.0/16');
    expect(Vpcs[0]?.Ipv6CidrBlockAssociationSet).toHaveLength(1);
    const subnets = await subnetsOf(sim, world.dualStack.vpcId);
    expect(subnets.map((subnet) => [subnet.CidrBlock, subnet.AvailabilityZoneId, subnet.Ipv6CidrBlockAssociationSet?.length])).toEqual([
      ['10.1.0.0/20', 'use1-az1', 1],
      ['10.1.16.0/20', 'use1-az2', 1],
      ['10.1.32.0/20', 'use1-az4', 1],
    ]);
    expect(world.dualStack.appSubnetIds).toEqual(subnets.map((subnet) => subnet.SubnetId));
  });

  it('adds a tight VPC whose application block has room for two /28s beside a pod range', async () => {
    const sim = new Ec2Simulator();
    const world = await buildDemoWorld(sim);

    const { Vpcs } = (await sim.call('DescribeVpcs', { VpcIds: [world.tight.vpcId] })) as { Vpcs: Array<{ CidrBlockAssociationSet: Array<{ CidrBlock: string }> }> };
    expect(Vpcs[0]?.CidrBlockAssociationSet.map((block) => block.CidrBlock)).toEqual(['10.2.0.0/24', '100.64.0.0/20']);
    const subnets = await subnetsOf(sim, world.tight.vpcId);
    expect(subnets.map((subnet) => subnet.CidrBlock)).toEqual(['10.2.0.0/26', '10.2.0.64/26', '10.2.0.128/26', '10.2.0.192/27']);
    expect(world.tight.appSubnetIds).toEqual(subnets.slice(0, 3).map((subnet) => subnet.SubnetId));
  });

  it('leaves the demo VPC’s IDs as they were before the other VPCs existed', async () => {
    const sim = new Ec2Simulator();
    const world = await buildDemoWorld(sim);
    // Pinned: scripts, the README and other tests name these; the other VPCs are built after them.
    expect([world.vpcId, world.appSubnetIds[0], world.foreignEndpointId]).toEqual(PINNED_DEMO_IDS);
  });
});

