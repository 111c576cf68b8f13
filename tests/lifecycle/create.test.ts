import { foreignSnapshot, ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';

describe('Create', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('carves one endpoint subnet per AZ, creates the endpoints and answers SUCCESS with the outputs', async () => {
    const { sim, world, cfn } = scenario;
    const before = await foreignSnapshot(sim);

    const response = await scenario.invoke(cfn.createEvent(scenario.properties()));

    expect(response?.body).toMatchObject({ Status: 'SUCCESS' });
    expect(response?.problems).toEqual([]);
    const data = response?.body?.Data ?? {};
    const physicalId = response?.body?.PhysicalResourceId as string;
    const owned = await ownedBy(sim, physicalId);
    expect(owned.subnets).toHaveLength(3);
    expect(data['SubnetIds']?.split(',')).toEqual(
      [...owned.subnets].sort((a, b) => a.AvailabilityZoneId.localeCompare(b.AvailabilityZoneId)).map((subnet) => subnet.SubnetId),
    );
    expect(data['AvailabilityZoneIds']).toBe(Object.keys(world.appSubnetIdsByAz).sort().join(','));
    expect(owned.endpoints.map((endpoint) => endpoint.State)).toEqual(['available', 'available', 'available', 'available']);
    expect(data['EndpointIds']?.split(',')).toHaveLength(4);
    expect(data['EndpointId.ecr.dkr']).toMatch(/^vpce-/);
    expect(data['GatewayEndpointId.s3']).toMatch(/^vpce-/);
    expect(data['SecurityGroupId']).toBe(owned.groups[0]?.GroupId);
    expect(await foreignSnapshot(sim)).toEqual(before);
    // The lower bound: 3 subnets, 1 group, 1 ingress authorisation, 4 endpoints.
    expect(writesOf(sim).sort()).toEqual(
      ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup', ...Array(3).fill('CreateSubnet'), ...Array(4).fill('CreateVpcEndpoint')].sort(),
    );
  });

  it('makes zero writes when the same Create is delivered again after success', async () => {
    const { sim, cfn } = scenario;
    const event = cfn.createEvent(scenario.properties());
    const first = await scenario.invoke(event);
    sim.resetCallLog();

    const second = await scenario.invoke(event);

    expect(second?.body?.Status).toBe('SUCCESS');
    expect(second?.body?.PhysicalResourceId).toBe(first?.body?.PhysicalResourceId);
    expect(second?.body?.Data).toEqual(first?.body?.Data);
    expect(writesOf(sim)).toEqual([]);
  });
});
