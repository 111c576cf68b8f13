import { WorldBuilder } from '../support/ec2-sim/world';
import { ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';
import { buildDualStackWorld, describeSubnets, isInside, listOf, writeInputs } from './support';

describe('Ipv4IpamPoolId: endpoint subnets allocated by IPAM', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('creates each endpoint subnet from the pool with the prefix length, carving nothing locally, and the pool records them', async () => {
    const poolId = scenario.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], sourceVpcId: scenario.world.vpcId });
    const properties = scenario.properties({ Ipv4IpamPoolId: poolId, SubnetPrefixLength: '27' });

    const response = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(response?.body?.Status).toBe('SUCCESS');
    const creates = writeInputs(scenario.sim, 'CreateSubnet');
    expect(creates).toHaveLength(3);
    for (const input of creates) {
      expect(input).toMatchObject({ Ipv4IpamPoolId: poolId, Ipv4NetmaskLength: 27 });
      expect(input['CidrBlock']).toBeUndefined();
    }
    const subnetIds = listOf(response, 'SubnetIds');
    const cidrs = listOf(response, 'SubnetCidrs');
    const allocations = scenario.sim.admin.ipamAllocations(poolId);
    expect(allocations.map((allocation) => allocation.resourceId).sort()).toEqual([...subnetIds].sort());
    expect(subnetIds.map((id) => allocations.find((allocation) => allocation.resourceId === id)?.cidr)).toEqual(cidrs);
    expect((await describeSubnets(scenario.sim, subnetIds)).map((subnet) => subnet.CidrBlock)).toEqual(cidrs);
    expect(cidrs).toHaveLength(3);
    for (const cidr of cidrs) {
      expect(cidr.endsWith('/27')).toBe(true);
      expect(isInside('10.0.200.0/24', cidr)).toBe(true);
    }
    expect(writesOf(scenario.sim).sort()).toEqual(
      ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup', ...Array(3).fill('CreateSubnet'), ...Array(4).fill('CreateVpcEndpoint')].sort(),
    );
  });

  it('dualstack with a pool: IPv4 from the pool, each subnet\'s IPv6 /64 carved from the VPC\'s /56', async () => {
    const dual = await buildDualStackWorld(scenario.sim);
    const poolId = scenario.sim.admin.createIpamPool({ cidrs: ['10.30.128.0/20'], sourceVpcId: dual.vpcId });
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(
      scenario.cfn.createEvent({ VpcId: dual.vpcId, SubnetIds: dual.appSubnetIds, IpAddressType: 'dualstack', Ipv4IpamPoolId: poolId }),
    );

    expect(response?.body?.Status).toBe('SUCCESS');
    const creates = writeInputs(scenario.sim, 'CreateSubnet');
    expect(creates.map((input) => [input['Ipv4IpamPoolId'], input['CidrBlock']])).toEqual([
      [poolId, undefined],
      [poolId, undefined],
    ]);
    expect(creates.map((input) => input['Ipv6CidrBlock']).sort()).toEqual([...listOf(response, 'SubnetIpv6Cidrs')].sort());
    expect(listOf(response, 'SubnetIpv6Cidrs')).toHaveLength(2);
    expect(listOf(response, 'SubnetCidrs')).toHaveLength(2);
    for (const cidr of listOf(response, 'SubnetIpv6Cidrs')) expect(isInside(dual.ipv6Block, cidr)).toBe(true);
    for (const cidr of listOf(response, 'SubnetCidrs')) expect(isInside('10.30.128.0/20', cidr)).toBe(true);
  });

  it('makes zero writes on an Update that changes nothing, and Delete hands every block back to the pool', async () => {
    const poolId = scenario.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], allocated: ['10.0.200.0/26'], sourceVpcId: scenario.world.vpcId });
    const properties = scenario.properties({ Ipv4IpamPoolId: poolId });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, properties, properties));
    const updateWrites = writesOf(scenario.sim);
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(update?.body?.Data?.['SubnetCidrs']).toBe(created?.body?.Data?.['SubnetCidrs']);
    expect(updateWrites).toEqual([]);
    expect(listOf(created, 'SubnetCidrs').some((cidr) => isInside('10.0.200.0/26', cidr))).toBe(false);
    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.admin.ipamAllocations(poolId)).toEqual([{ cidr: '10.0.200.0/26' }]);
  });

  it.each([
    ['a pool with room for one of three subnets', { cidrs: ['10.0.200.0/28'] }],
    ['a pool with no room at all', { cidrs: ['10.0.200.0/27'], allocated: ['10.0.200.0/27'] }],
  ])('answers FAILED for %s, naming the pool and what to do, and the rollback Delete leaves nothing behind', async (_label, pool) => {
    const poolId = scenario.sim.admin.createIpamPool({ ...pool, sourceVpcId: scenario.world.vpcId });
    const properties = scenario.properties({ Ipv4IpamPoolId: poolId });
    const before = scenario.sim.admin.ipamAllocations(poolId);

    const failed = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = failed?.body?.PhysicalResourceId as string;
    const rollback = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain(poolId);
    expect(failed?.body?.Reason).toMatch(/\/28/);
    // What to do: the property to change and the remedies.
    expect(failed?.body?.Reason).toContain('Ipv4IpamPoolId');
    expect(failed?.body?.Reason).toContain('Provision more CIDRs to the pool');
    expect(failed?.body?.Reason).toContain('SubnetPrefixLength');
    expect(writesOf(scenario.sim)).not.toContain('CreateVpcEndpoint');
    expect(rollback?.body?.Status).toBe('SUCCESS');
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    expect(scenario.sim.admin.ipamAllocations(poolId)).toEqual(before);
  });

  it('answers FAILED naming a pool that does not exist, with no subnet left behind after the rollback Delete', async () => {
    const properties = scenario.properties({ Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' });

    const failed = await scenario.invoke(scenario.cfn.createEvent(properties));
    const rollback = await scenario.invoke(scenario.cfn.deleteEvent(failed?.body?.PhysicalResourceId as string, properties));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain('Ipv4IpamPoolId ipam-pool-0123456789abcdef0 does not exist');
    expect(rollback?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim).filter((action) => action === 'CreateSubnet')).toEqual([]);
  });

  it('answers FAILED before any write for a regional pool, naming its kind and the resource planning pool to create instead', async () => {
    const poolId = scenario.sim.admin.createIpamPool({ cidrs: ['10.0.0.0/8'] });
    const properties = scenario.properties({ Ipv4IpamPoolId: poolId });

    const failed = await scenario.invoke(scenario.cfn.createEvent(properties));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    const reason = failed?.body?.Reason ?? '';
    expect(reason).toContain(`Ipv4IpamPoolId ${poolId} is a regional pool`);
    expect(reason).toContain(`resource planning pool with ${scenario.world.vpcId} as its source resource`);
  });

  it('answers FAILED before any write for a resource planning pool of another VPC, naming that VPC', async () => {
    const other = await new WorldBuilder(scenario.sim).vpc('other', { cidr: '10.0.0.0/16' }).build();
    const poolId = scenario.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], sourceVpcId: other.id('other') });
    scenario.sim.resetCallLog();

    const failed = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ Ipv4IpamPoolId: poolId })));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    expect(failed?.body?.Reason).toContain(`Ipv4IpamPoolId ${poolId} is a resource planning pool of ${other.id('other')}, not of ${scenario.world.vpcId}`);
  });
});
