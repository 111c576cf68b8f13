import { CreateSubnetCommand, DeleteSubnetCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import { OTHER_ACCOUNT, basicWorld, expectCode, interfaceInput } from './fixtures';

describe('subnets', () => {
  it.each([
    ['a /15 is too large', '10.0.0.0/15', 'InvalidSubnet.Range'],
    ['a /29 is too small', '10.0.8.0/29', 'InvalidSubnet.Range'],
    ['outside every VPC block', '10.1.0.0/24', 'InvalidSubnet.Range'],
    ['whose canonical form lies outside the VPC block', '10.1.0.9/24', 'InvalidSubnet.Range'],
    ['identical to an existing subnet', '10.0.1.0/24', 'InvalidSubnet.Conflict'],
    ['containing an existing subnet', '10.0.0.0/22', 'InvalidSubnet.Conflict'],
    ['inside an existing subnet', '10.0.2.16/28', 'InvalidSubnet.Conflict'],
  ])('rejects a CIDR %s (%s) with %s', async (_case, cidr, code) => {
    const { sim, vpcId } = await basicWorld();
    await expectCode(sim.call('CreateSubnet', { VpcId: vpcId, CidrBlock: cidr, AvailabilityZoneId: 'use1-az1' }), code);
  });

  it.each([
    ['10.0.8.5/28', '10.0.8.0/28'],
    ['10.0.255.0/23', '10.0.254.0/23'],
  ])('canonicalises a CIDR given with host bits (%s becomes %s), as EC2 documents for CreateSubnet', async (given, canonical) => {
    const { sim, vpcId } = await basicWorld();

    const out = await sim.call('CreateSubnet', { VpcId: vpcId, CidrBlock: given, AvailabilityZoneId: 'use1-az1' });

    expect((out.Subnet as { CidrBlock: string }).CidrBlock).toBe(canonical);
  });

  it.each([
    ['/44, larger than the VPC block', '2600:1f18:4a00::/44', 'InvalidSubnet.Range'],
    ['/62, not a /4 step', '2600:1f18:4a00:4::/62', 'InvalidSubnet.Range'],
    ['/65, smaller than /64', '2600:1f18:4a00:4::/65', 'InvalidSubnet.Range'],
  ])('rejects an IPv6 subnet %s', async (_case, ipv6, code) => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16', ipv6: true }).build();
    await expectCode(sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: '10.0.0.0/24', Ipv6CidrBlock: ipv6, AvailabilityZoneId: 'use1-az1' }), code);
  });

  it('accepts IPv6 subnets from /56 to /64 in /4 steps, in any of the VPC\'s IPv6 blocks', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16', ipv6: true }).build();
    await sim.call('AssociateVpcCidrBlock', { VpcId: world.id('v'), AmazonProvidedIpv6CidrBlock: true });
    const { Vpcs } = await sim.client().send(new DescribeVpcsCommand({ VpcIds: [world.id('v')] }));
    const [first, second] = (Vpcs?.[0]?.Ipv6CidrBlockAssociationSet ?? []).map((block) => block.Ipv6CidrBlock as string);
    const prefixOf56 = (block: string) => block.replace(/::\/56$/, '');

    const created = [];
    for (const [index, ipv6] of [`${prefixOf56(first as string)}::/60`, `${prefixOf56(first as string)}:10::/64`, `${prefixOf56(second as string)}::/56`].entries()) {
      const out = await sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: `10.0.${index}.0/24`, Ipv6CidrBlock: ipv6, AvailabilityZoneId: 'use1-az1' });
      created.push((out.Subnet as { Ipv6CidrBlockAssociationSet: { Ipv6CidrBlock: string }[] }).Ipv6CidrBlockAssociationSet[0]?.Ipv6CidrBlock);
    }

    expect(created.map((cidr) => cidr?.split('/')[1])).toEqual(['60', '64', '56']);
  });

  it('compares CIDRs as numbers: 10.0.20.0/24 does not collide with 10.0.2.0/23', async () => {
    // As strings "10.0.2.0/23" < "10.0.20.0/24" share a prefix; as addresses they are far apart.
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).subnet('s', { vpc: 'v', cidr: '10.0.2.0/23', azId: 'use1-az1' }).build();
    const out = await sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: '10.0.20.0/24', AvailabilityZoneId: 'use1-az1' });
    expect(out.Subnet).toMatchObject({ CidrBlock: '10.0.20.0/24' });
  });

  it('accepts a subnet in a secondary VPC block', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16', secondary: ['100.64.0.0/22'] }).build();
    const out = await sim.client().send(new CreateSubnetCommand({ VpcId: world.id('v'), CidrBlock: '100.64.1.0/28', AvailabilityZone: 'us-east-1b' }));
    expect(out.Subnet).toMatchObject({ CidrBlock: '100.64.1.0/28', AvailabilityZone: 'us-east-1b', AvailabilityZoneId: 'use1-az2', AvailableIpAddressCount: 11 });
  });

  it('describes subnets with every field the provisioner reads', async () => {
    const { sim, subnetA, vpcId } = await basicWorld();
    const { Subnets } = await sim.client().send(new DescribeSubnetsCommand({ SubnetIds: [subnetA] }));
    expect(Subnets).toEqual([
      expect.objectContaining({
        SubnetId: subnetA,
        VpcId: vpcId,
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: 'us-east-1a',
        AvailabilityZoneId: 'use1-az1',
        AvailableIpAddressCount: 251,
        OwnerId: '123456789012',
        State: 'available',
        Ipv6CidrBlockAssociationSet: [expect.objectContaining({ Ipv6CidrBlock: '2600:1f18:4a00:1::/64', Ipv6CidrBlockState: { State: 'associated' } })],
        Tags: [],
      }),
    ]);
  });

  it.each([
    ['a /64 inside the VPC /56', '2600:1f18:4a00:9::/64', undefined],
    ['a /63', '2600:1f18:4a00:a::/63', 'InvalidSubnet.Range'],
    ['a /64 outside the VPC /56', '2600:1f18:4a01:100::/64', 'InvalidSubnet.Range'],
    ['a /64 another subnet holds', '2600:1f18:4a00:1::/64', 'InvalidSubnet.Conflict'],
  ])('IPv6: %s', async (_case, ipv6, code) => {
    const { sim, vpcId } = await basicWorld();
    const attempt = sim.call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.9.0/24', AvailabilityZoneId: 'use1-az1', Ipv6CidrBlock: ipv6 });
    if (code) await expectCode(attempt, code);
    else await expect(attempt).resolves.toMatchObject({ Subnet: { Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: ipv6 }] } });
  });

  it('counts size − 5 − ENIs as available addresses', async () => {
    const { sim, vpcId, subnetA, subnetB, subnetC } = await basicWorld();
    await sim.call('CreateVpcEndpoint', interfaceInput(vpcId, [subnetA, subnetB]));
    const { Subnets } = await sim.call('DescribeSubnets', { SubnetIds: [subnetA, subnetB, subnetC] });
    expect((Subnets as Array<{ AvailableIpAddressCount: number }>).map((subnet) => subnet.AvailableIpAddressCount)).toEqual([250, 250, 251]);
  });

  it('refuses to delete a subnet while an endpoint ENI remains, then deletes it', async () => {
    const { sim, vpcId, subnetA } = await basicWorld();
    const { VpcEndpoint } = (await sim.call('CreateVpcEndpoint', interfaceInput(vpcId, [subnetA]))) as { VpcEndpoint: { VpcEndpointId: string } };
    await expectCode(sim.client().send(new DeleteSubnetCommand({ SubnetId: subnetA })), 'DependencyViolation');
    await sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [VpcEndpoint.VpcEndpointId] });
    await sim.clock.sleep(sim.timing.endpointDeleteMs + sim.timing.eniLingerMs);
    await sim.call('DeleteSubnet', { SubnetId: subnetA });
    await expectCode(sim.call('DescribeSubnets', { SubnetIds: [subnetA] }), 'InvalidSubnetID.NotFound');
  });

  it('stops at 200 subnets per VPC', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).build();
    for (let index = 0; index < 200; index++) {
      await sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: `10.0.${index}.0/28`, AvailabilityZoneId: 'use1-az1' });
    }
    await expectCode(sim.call('CreateSubnet', { VpcId: world.id('v'), CidrBlock: '10.0.250.0/28', AvailabilityZoneId: 'use1-az1' }), 'SubnetLimitExceeded');
  });

  it.each([
    ['an unknown VPC', { VpcId: 'vpc-0000000000000000f', CidrBlock: '10.0.9.0/24' }, 'InvalidVpcID.NotFound'],
    ['an unknown zone name', { CidrBlock: '10.0.9.0/24', AvailabilityZone: 'us-east-1z' }, 'InvalidParameterValue'],
    ['name and id of different zones', { CidrBlock: '10.0.9.0/24', AvailabilityZone: 'us-east-1a', AvailabilityZoneId: 'use1-az2' }, 'InvalidParameterCombination'],
    ['no CIDR at all', {}, 'MissingParameter'],
    ['tags for another resource type', { CidrBlock: '10.0.9.0/24', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }, 'InvalidParameterValue'],
  ])('rejects %s', async (_case, input, code) => {
    const { sim, vpcId } = await basicWorld();
    await expectCode(sim.call('CreateSubnet', { VpcId: vpcId, ...input }), code);
  });

  describe('IPAM pools', () => {
    it('allocates the first free aligned block inside the VPC, records it, and releases it on delete', async () => {
      const sim = new Ec2Simulator();
      const world = await new WorldBuilder(sim)
        .vpc('v', { cidr: '10.0.0.0/16' })
        .subnet('used', { vpc: 'v', cidr: '10.0.0.0/28', azId: 'use1-az1' })
        .ipamPool('pool', { cidrs: ['10.0.0.0/16'], allocated: ['10.0.0.16/28'], sourceVpc: 'v' })
        .build();
      const out = (await sim.call('CreateSubnet', { VpcId: world.id('v'), Ipv4IpamPoolId: world.id('pool'), Ipv4NetmaskLength: 28, AvailabilityZoneId: 'use1-az2' })) as {
        Subnet: { SubnetId: string; CidrBlock: string };
      };
      expect(out.Subnet.CidrBlock).toBe('10.0.0.32/28');
      expect(sim.admin.ipamAllocations(world.id('pool'))).toContainEqual({ cidr: '10.0.0.32/28', resourceId: out.Subnet.SubnetId });

      await sim.call('DeleteSubnet', { SubnetId: out.Subnet.SubnetId });
      expect(sim.admin.ipamAllocations(world.id('pool'))).toEqual([{ cidr: '10.0.0.16/28' }]);
    });

    it.each([
      ['the pool is full', { cidrs: ['10.0.0.0/27'], allocated: ['10.0.0.0/28', '10.0.0.16/28'] }, 28, 'InsufficientCidrBlocks'],
      ['the pool lies outside the VPC', { cidrs: ['10.5.0.0/16'] }, 28, 'InsufficientCidrBlocks'],
      ['the netmask is out of range', { cidrs: ['10.0.0.0/16'] }, 29, 'InvalidSubnet.Range'],
    ])('fails when %s', async (_case, pool, netmask, code) => {
      const sim = new Ec2Simulator();
      const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).ipamPool('pool', { ...pool, sourceVpc: 'v' }).build();
      await expectCode(sim.call('CreateSubnet', { VpcId: world.id('v'), Ipv4IpamPoolId: world.id('pool'), Ipv4NetmaskLength: netmask }), code);
    });

    it.each([
      ['a regional pool (no source resource)', undefined],
      ['a resource planning pool of another VPC', 'other'],
    ])('refuses %s, allocating nothing', async (_case, sourceVpc) => {
      const sim = new Ec2Simulator();
      const world = await new WorldBuilder(sim)
        .vpc('v', { cidr: '10.0.0.0/16' })
        .vpc('other', { cidr: '10.0.0.0/16' })
        .ipamPool('pool', { cidrs: ['10.0.0.0/16'], sourceVpc })
        .build();

      const attempt = sim.call('CreateSubnet', { VpcId: world.id('v'), Ipv4IpamPoolId: world.id('pool'), Ipv4NetmaskLength: 28, AvailabilityZoneId: 'use1-az1' });

      await expectCode(attempt, 'InvalidParameterValue');
      await expect(attempt).rejects.toThrow('is not a resource planning pool');
      expect(sim.admin.ipamAllocations(world.id('pool'))).toEqual([]);
    });

    it('allocates an explicit CidrBlock given with the pool, and refuses one the pool does not hold', async () => {
      const sim = new Ec2Simulator();
      const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).ipamPool('pool', { cidrs: ['10.0.8.0/24'], sourceVpc: 'v' }).build();

      const out = await sim.call('CreateSubnet', { VpcId: world.id('v'), Ipv4IpamPoolId: world.id('pool'), CidrBlock: '10.0.8.64/27', AvailabilityZoneId: 'use1-az1' });

      expect((out.Subnet as { CidrBlock: string }).CidrBlock).toBe('10.0.8.64/27');
      expect(sim.admin.ipamAllocations(world.id('pool')).map((allocation) => allocation.cidr)).toEqual(['10.0.8.64/27']);
      await expectCode(sim.call('CreateSubnet', { VpcId: world.id('v'), Ipv4IpamPoolId: world.id('pool'), CidrBlock: '10.0.9.0/27', AvailabilityZoneId: 'use1-az1' }), 'InsufficientCidrBlocks');
    });

    it('describes a resource planning pool with its source VPC and a regional pool with none', async () => {
      const sim = new Ec2Simulator();
      const world = await new WorldBuilder(sim)
        .vpc('v', { cidr: '10.0.0.0/16' })
        .ipamPool('planning', { cidrs: ['10.0.0.0/20'], sourceVpc: 'v' })
        .ipamPool('regional', { cidrs: ['10.0.0.0/8'] })
        .build();

      const out = await sim.call('DescribeIpamPools', { IpamPoolIds: [world.id('planning'), world.id('regional')] });

      const pools = out.IpamPools as { IpamPoolId: string; SourceResource?: { ResourceId?: string; ResourceType?: string } }[];
      expect(pools.map((pool) => [pool.IpamPoolId, pool.SourceResource?.ResourceType, pool.SourceResource?.ResourceId])).toEqual([
        [world.id('planning'), 'vpc', world.id('v')],
        [world.id('regional'), undefined, undefined],
      ]);
      await expectCode(sim.call('DescribeIpamPools', { IpamPoolIds: ['ipam-pool-0000000000000000a'] }), 'InvalidIpamPoolId.NotFound');
    });

    it('rejects an unknown pool', async () => {
      const { sim, vpcId } = await basicWorld();
      await expectCode(sim.call('CreateSubnet', { VpcId: vpcId, Ipv4IpamPoolId: 'ipam-pool-0000000000000000a', Ipv4NetmaskLength: 28 }), 'InvalidIpamPoolId.NotFound');
    });
  });

  describe('RAM-shared subnets', () => {
    it('shows the owner subnets to the participant but forbids creating subnets there', async () => {
      const { sim, vpcId, subnetA } = await basicWorld();
      sim.admin.shareSubnets(vpcId, OTHER_ACCOUNT, [subnetA]);
      const participant = { accountId: OTHER_ACCOUNT };

      const { Subnets } = (await sim.call('DescribeSubnets', {}, participant)) as { Subnets: Array<{ SubnetId: string; OwnerId: string; AvailabilityZoneId: string }> };
      expect(Subnets).toEqual([expect.objectContaining({ SubnetId: subnetA, OwnerId: '123456789012', AvailabilityZoneId: 'use1-az1' })]);
      await expect(sim.call('DescribeVpcs', { VpcIds: [vpcId] }, participant)).resolves.toMatchObject({ Vpcs: [{ VpcId: vpcId }] });
      await expectCode(sim.call('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.9.0/24' }, participant), 'UnauthorizedOperation');
    });

    it('keeps unshared resources invisible to other accounts', async () => {
      const { sim, vpcId, subnetA } = await basicWorld();
      const stranger = { accountId: OTHER_ACCOUNT };
      await expectCode(sim.call('DescribeSubnets', { SubnetIds: [subnetA] }, stranger), 'InvalidSubnetID.NotFound');
      await expectCode(sim.call('DescribeVpcs', { VpcIds: [vpcId] }, stranger), 'InvalidVpcID.NotFound');
      await expect(sim.call('DescribeSubnets', {}, stranger)).resolves.toEqual({ Subnets: [] });
    });
  });
});

