import { foreignSnapshot, startScenario, writesOf, type Scenario } from '../support/scenario';
import { dataOf, describeEndpoint, describeSubnets, listOf, writeInputs } from './support';

const S3 = 'com.amazonaws.us-east-1.s3';

describe('services and route tables the resource cannot fully cover', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  describe('a service not offered in one AZ (ecs-telemetry, missing from use1-az3)', () => {
    let az3AppSubnetId: string;
    beforeEach(async () => {
      const created = await scenario.sim.call('CreateSubnet', { VpcId: scenario.world.vpcId, CidrBlock: '10.0.112.0/20', AvailabilityZoneId: 'use1-az3' });
      az3AppSubnetId = (created.Subnet as { SubnetId: string }).SubnetId;
      await scenario.clock.sleep(60_000);
      scenario.sim.resetCallLog();
    });

    it('serves the other AZs, keeps use1-az3 for the services offered there, and says so in Notes', async () => {
      const properties = scenario.properties({ SubnetIds: [...scenario.world.appSubnetIds, az3AppSubnetId], InterfaceServices: ['ecs', 'ecs-telemetry'] });

      const response = await scenario.invoke(scenario.cfn.createEvent(properties));

      expect(response?.body?.Status).toBe('SUCCESS');
      const data = dataOf(response);
      const azIds = listOf(response, 'AvailabilityZoneIds');
      expect(azIds).toEqual(['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4']);
      const subnetByAz = Object.fromEntries(azIds.map((azId, index) => [azId, listOf(response, 'SubnetIds')[index]]));
      const telemetry = await describeEndpoint(scenario.sim, data['EndpointId.ecs-telemetry'] as string);
      const ecs = await describeEndpoint(scenario.sim, data['EndpointId.ecs'] as string);
      expect([...(telemetry.SubnetIds ?? [])].sort()).toEqual(['use1-az1', 'use1-az2', 'use1-az4'].map((azId) => subnetByAz[azId]).sort());
      expect([...(ecs.SubnetIds ?? [])].sort()).toEqual(Object.values(subnetByAz).sort());
      expect(data['Notes']).toContain('ecs-telemetry is not offered in use1-az3');
      expect(writesOf(scenario.sim).filter((action) => action === 'CreateVpcEndpoint')).toHaveLength(3);
    });

    it('carves no endpoint subnet in use1-az3 when no requested service is offered there, yet admits its clients', async () => {
      const properties = scenario.properties({ SubnetIds: [...scenario.world.appSubnetIds, az3AppSubnetId], InterfaceServices: ['ecs-telemetry'] });

      const response = await scenario.invoke(scenario.cfn.createEvent(properties));

      expect(response?.body?.Status).toBe('SUCCESS');
      expect(listOf(response, 'AvailabilityZoneIds')).toEqual(['use1-az1', 'use1-az2', 'use1-az4']);
      expect((await describeSubnets(scenario.sim, listOf(response, 'SubnetIds'))).map((subnet) => subnet.AvailabilityZoneId)).toEqual([
        'use1-az1',
        'use1-az2',
        'use1-az4',
      ]);
      // Clients in use1-az3 reach the endpoint's interfaces in the other AZs.
      const ingress = writeInputs(scenario.sim, 'AuthorizeSecurityGroupIngress').flatMap((input) =>
        (input['IpPermissions'] as { IpRanges?: { CidrIp?: string }[] }[]).flatMap((permission) => (permission.IpRanges ?? []).map((range) => range.CidrIp)),
      );
      expect(ingress).toContain('10.0.112.0/20');
      expect(dataOf(response)['Notes']).toContain('use1-az3');
    });

    it('answers FAILED with zero writes when the service is offered in none of the app subnets\' AZs', async () => {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ SubnetIds: [az3AppSubnetId], InterfaceServices: ['ecs-telemetry'] })));

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toContain('ecs-telemetry');
      expect(response?.body?.Reason).toContain('use1-az3');
      expect(writesOf(scenario.sim)).toEqual([]);
    });
  });

  describe('a foreign gateway endpoint already on an app route table', () => {
    async function foreignGateway(routeTableIds: readonly string[]): Promise<string> {
      const created = await scenario.sim.call('CreateVpcEndpoint', {
        VpcEndpointType: 'Gateway',
        VpcId: scenario.world.vpcId,
        ServiceName: S3,
        RouteTableIds: [...routeTableIds],
      });
      await scenario.clock.sleep(60_000);
      scenario.sim.resetCallLog();
      return (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    }

    it('skips that table, serves the others, reports the skip in Notes, and leaves the foreign endpoint alone', async () => {
      const [taken, ...free] = scenario.world.routeTableIds as [string, ...string[]];
      const foreignId = await foreignGateway([taken]);
      const before = await foreignSnapshot(scenario.sim);

      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

      expect(response?.body?.Status).toBe('SUCCESS');
      const ours = await describeEndpoint(scenario.sim, dataOf(response)['GatewayEndpointId.s3'] as string);
      expect([...(ours.RouteTableIds ?? [])].sort()).toEqual([...free].sort());
      expect(dataOf(response)['Notes']).toContain(`${taken} already has s3 through ${foreignId}`);
      expect(await foreignSnapshot(scenario.sim)).toEqual(before);
    });

    it('creates no gateway endpoint when every app route table is taken, and still succeeds', async () => {
      const foreignId = await foreignGateway(scenario.world.routeTableIds);

      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

      expect(response?.body?.Status).toBe('SUCCESS');
      expect(dataOf(response)['GatewayEndpointId.s3']).toBe('');
      expect(writeInputs(scenario.sim, 'CreateVpcEndpoint').filter((input) => input['VpcEndpointType'] === 'Gateway')).toEqual([]);
      for (const table of scenario.world.routeTableIds) expect(dataOf(response)['Notes']).toContain(`${table} already has s3 through ${foreignId}`);
    });

    it('takes the table over with one ModifyVpcEndpoint once the other team removes its endpoint', async () => {
      const [taken] = scenario.world.routeTableIds as [string, ...string[]];
      const foreignId = await foreignGateway([taken]);
      const properties = scenario.properties();
      const created = await scenario.invoke(scenario.cfn.createEvent(properties));
      const physicalId = created?.body?.PhysicalResourceId as string;
      await scenario.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [foreignId] });
      await scenario.clock.sleep(10 * 60_000);
      scenario.sim.resetCallLog();

      const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, properties, properties));

      expect(update?.body?.Status).toBe('SUCCESS');
      const gatewayId = dataOf(update)['GatewayEndpointId.s3'] as string;
      expect(writeInputs(scenario.sim, 'ModifyVpcEndpoint')).toEqual([{ VpcEndpointId: gatewayId, AddRouteTableIds: [taken] }]);
      expect(writesOf(scenario.sim)).toEqual(['ModifyVpcEndpoint']);
      expect([...((await describeEndpoint(scenario.sim, gatewayId)).RouteTableIds ?? [])].sort()).toEqual([...scenario.world.routeTableIds].sort());
      expect(dataOf(update)['Notes']).toBe('');
    });
  });
});
