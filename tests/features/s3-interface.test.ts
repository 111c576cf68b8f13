import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { startScenario, type Scenario } from '../support/scenario';
import { dataOf, describeEndpoint, writeInputs } from './support';

const S3 = 'com.amazonaws.us-east-1.s3';

describe('s3 as an interface endpoint (private DNS)', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  async function create(overrides: Record<string, unknown>) {
    const properties = scenario.properties(overrides);
    const response = await scenario.invoke(scenario.cfn.createEvent(properties));
    return { properties, response, physicalId: response?.body?.PhysicalResourceId as string, data: dataOf(response) };
  }

  async function describe(id: string | undefined): Promise<VpcEndpoint> {
    return describeEndpoint(scenario.sim, id as string);
  }

  /** The S3 CreateVpcEndpoint calls in the order they were made, as "Type". */
  function s3CreateOrder(): string[] {
    return writeInputs(scenario.sim, 'CreateVpcEndpoint')
      .filter((input) => input['ServiceName'] === S3)
      .map((input) => input['VpcEndpointType'] as string);
  }

  it('with the s3 gateway too: creates the gateway first, and the interface serves only the inbound Resolver', async () => {
    const { response, data } = await create({ InterfaceServices: ['ecr.api', 's3'], GatewayServices: ['s3'] });

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(s3CreateOrder()).toEqual(['Gateway', 'Interface']);
    expect((await describe(data['EndpointId.s3'])).DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint).toBe(true);
    expect(data['Notes']).toContain('s3: in-VPC traffic uses the gateway endpoint');
  });

  it('without an s3 gateway: the interface endpoint answers in-VPC traffic itself (option false)', async () => {
    const { response, data } = await create({ InterfaceServices: ['s3'], GatewayServices: [] });

    expect(response?.body?.Status).toBe('SUCCESS');
    const endpoint = await describe(data['EndpointId.s3']);
    expect(endpoint.PrivateDnsEnabled).toBe(true);
    expect(endpoint.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint).toBe(false);
    expect(data['Notes']).toContain('s3: in-VPC traffic uses the interface endpoint');
  });

  it("with s3 in GatewayServices but another team's s3 gateway on every route table: the option is false, and their gateway stays theirs to delete", async () => {
    const theirs = await scenario.sim.call('CreateVpcEndpoint', { VpcEndpointType: 'Gateway', VpcId: scenario.world.vpcId, ServiceName: S3, RouteTableIds: scenario.world.routeTableIds });
    const theirId = (theirs['VpcEndpoint'] as VpcEndpoint).VpcEndpointId as string;
    // Their gateway shows in EC2's listings a little later (eventual consistency); the Create comes after.
    scenario.clock.advance(60_000);

    const { response, data } = await create({ InterfaceServices: ['s3'], GatewayServices: ['s3'] });

    expect(response?.body?.Status).toBe('SUCCESS');
    const endpoint = await describe(data['EndpointId.s3']);
    expect(endpoint.PrivateDnsEnabled).toBe(true);
    // Our interface endpoint must not lean on their gateway: EC2 would then refuse them its deletion (aws-facts.md).
    expect(endpoint.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint).toBe(false);
    expect(data['Notes']).toContain('s3: in-VPC traffic uses the interface endpoint');
    const deletion = await scenario.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [theirId] });
    expect(deletion['Unsuccessful']).toEqual([]);
  });

  it('Update removing the s3 gateway turns the option off before deleting the gateway', async () => {
    const { properties, physicalId, data } = await create({ InterfaceServices: ['s3'], GatewayServices: ['s3'] });
    scenario.sim.resetCallLog();
    const without = { ...properties, GatewayServices: [] };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, without, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(writeInputs(scenario.sim, 'ModifyVpcEndpoint')).toEqual([
      { VpcEndpointId: data['EndpointId.s3'], DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: false } },
    ]);
    expect((await describe(data['GatewayEndpointId.s3'])).State).toMatch(/^delet/);
    expect((await describe(data['EndpointId.s3'])).DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint).toBe(false);
  });

  it('Update adding the s3 gateway creates it, then lets in-VPC traffic use it', async () => {
    const { properties, physicalId, data } = await create({ InterfaceServices: ['s3'], GatewayServices: [] });
    scenario.sim.resetCallLog();
    const withGateway = { ...properties, GatewayServices: ['s3'] };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, withGateway, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(s3CreateOrder()).toEqual(['Gateway']);
    expect(writeInputs(scenario.sim, 'ModifyVpcEndpoint')).toEqual([
      { VpcEndpointId: data['EndpointId.s3'], DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: true } },
    ]);
  });

  it('Update removing s3 from both lists turns the option off first, then deletes both endpoints in one call', async () => {
    const { properties, physicalId, data } = await create({ InterfaceServices: ['ecr.api', 's3'], GatewayServices: ['s3'] });
    scenario.sim.resetCallLog();
    const without = { ...properties, InterfaceServices: ['ecr.api'], GatewayServices: [] };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, without, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(writeInputs(scenario.sim, 'ModifyVpcEndpoint')).toEqual([
      { VpcEndpointId: data['EndpointId.s3'], DnsOptions: { PrivateDnsOnlyForInboundResolverEndpoint: false } },
    ]);
    expect(writeInputs(scenario.sim, 'DeleteVpcEndpoints')).toEqual([{ VpcEndpointIds: [data['EndpointId.s3'], data['GatewayEndpointId.s3']].sort() }]);
  });

  it('Update removing the s3 gateway another team\'s inbound-only S3 interface endpoint relies on: FAILED before any write, naming it', async () => {
    const { properties, physicalId } = await create({ InterfaceServices: ['ecr.api'], GatewayServices: ['s3'] });
    const [subnetId] = scenario.world.appSubnetIds;
    const theirs = await scenario.sim.call('CreateVpcEndpoint', { VpcEndpointType: 'Interface', VpcId: scenario.world.vpcId, ServiceName: S3, SubnetIds: [subnetId], PrivateDnsEnabled: true });
    const theirId = (theirs['VpcEndpoint'] as VpcEndpoint).VpcEndpointId as string;
    // Their endpoint shows in EC2's listings a little later (eventual consistency); the Update comes after.
    scenario.clock.advance(60_000);
    scenario.sim.resetCallLog();
    const without = { ...properties, GatewayServices: [] };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, without, properties));

    expect(update?.body?.Status).toBe('FAILED');
    expect(writeInputs(scenario.sim, 'DeleteVpcEndpoints')).toEqual([]);
    expect(update?.body?.Reason).toContain(theirId);
    expect(update?.body?.Reason).toContain('PrivateDnsOnlyForInboundResolverEndpoint');
  });

  it('Delete removes both the s3 interface and the s3 gateway endpoint', async () => {
    const { properties, physicalId, data } = await create({ InterfaceServices: ['s3'], GatewayServices: ['s3'] });

    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));

    expect(deleted?.body?.Status).toBe('SUCCESS');
    const states = [(await describe(data['EndpointId.s3'])).State, (await describe(data['GatewayEndpointId.s3'])).State];
    expect(states.map((state) => (state ?? '').startsWith('delet'))).toEqual([true, true]);
  });
});
