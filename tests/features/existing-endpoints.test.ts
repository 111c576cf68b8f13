import { foreignSnapshot, ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';
import { dataOf, describeEndpoint, listOf } from './support';

describe('ExistingEndpoints: a foreign endpoint that already holds a service\'s private DNS name', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('reuse: leaves it exactly as it is and reports it under EndpointId.<service> and ReusedEndpointIds, not EndpointIds', async () => {
    const foreignId = scenario.world.foreignEndpointId;
    const endpointBefore = await describeEndpoint(scenario.sim, foreignId);
    const worldBefore = await foreignSnapshot(scenario.sim);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts', 'logs'], ExistingEndpoints: 'reuse' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const data = dataOf(response);
    expect(data['EndpointId.sts']).toBe(foreignId);
    expect(data['ReusedEndpointIds']).toBe(foreignId);
    expect(data['DnsName.sts']).toBe(endpointBefore.DnsEntries?.[0]?.DnsName);
    expect(listOf(response, 'EndpointIds')).not.toContain(foreignId);
    expect(listOf(response, 'EndpointIds')).toHaveLength(2);
    expect(data['Notes']).toContain(foreignId);
    expect(await describeEndpoint(scenario.sim, foreignId)).toEqual(endpointBefore);
    expect(await foreignSnapshot(scenario.sim)).toEqual(worldBefore);
    expect(scenario.sim.writes().filter((call) => JSON.stringify(call.input).includes(foreignId))).toEqual([]);
    // logs and the s3 gateway are this resource's own; sts is not created.
    const owned = await ownedBy(scenario.sim, response?.body?.PhysicalResourceId as string);
    expect(owned.endpoints.map((endpoint) => endpoint.ServiceName).sort()).toEqual(['com.amazonaws.us-east-1.logs', 'com.amazonaws.us-east-1.s3']);
    expect(writesOf(scenario.sim).sort()).toEqual(
      ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup', ...Array(3).fill('CreateSubnet'), 'CreateVpcEndpoint', 'CreateVpcEndpoint'].sort(),
    );
  });

  it('reuse: with nothing else to serve by interface, carves no subnet and makes no security group', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts'], ExistingEndpoints: 'reuse' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(dataOf(response)['EndpointId.sts']).toBe(scenario.world.foreignEndpointId);
    expect(listOf(response, 'SubnetIds')).toEqual([]);
    expect(dataOf(response)['SecurityGroupId']).toBe('');
    expect(writesOf(scenario.sim)).toEqual(['CreateVpcEndpoint']);
  });

  it('reuse: an Update changing nothing makes zero writes, and a Delete leaves the reused endpoint alone', async () => {
    const properties = scenario.properties({ InterfaceServices: ['sts', 'logs'], ExistingEndpoints: 'reuse' });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    const endpointBefore = await describeEndpoint(scenario.sim, scenario.world.foreignEndpointId);
    scenario.sim.resetCallLog();

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, properties, properties));
    const updateWrites = writesOf(scenario.sim);
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));

    expect(update?.body?.Data).toEqual(created?.body?.Data);
    expect(updateWrites).toEqual([]);
    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(await describeEndpoint(scenario.sim, scenario.world.foreignEndpointId)).toEqual(endpointBefore);
  });

  it('reuse: once the other team deletes its endpoint, the next Update creates this resource\'s own', async () => {
    const properties = scenario.properties({ InterfaceServices: ['sts', 'logs'], ExistingEndpoints: 'reuse' });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    await scenario.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [scenario.world.foreignEndpointId] });
    await scenario.clock.sleep(10 * 60_000);
    scenario.sim.resetCallLog();

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, properties, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    const data = dataOf(update);
    expect(data['EndpointId.sts']).toMatch(/^vpce-/);
    expect(data['EndpointId.sts']).not.toBe(scenario.world.foreignEndpointId);
    expect(data['ReusedEndpointIds']).toBe('');
    expect(listOf(update, 'EndpointIds')).toContain(data['EndpointId.sts']);
    expect(writesOf(scenario.sim)).toEqual(['CreateVpcEndpoint']);
    expect((await describeEndpoint(scenario.sim, data['EndpointId.sts'] as string)).PrivateDnsEnabled).toBe(true);
  });

  it('reuse: a policy given for the reused service is not applied to the foreign endpoint, and Notes says so', async () => {
    const endpointBefore = await describeEndpoint(scenario.sim, scenario.world.foreignEndpointId);
    const policy = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] });

    const response = await scenario.invoke(
      scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts', 'logs'], ExistingEndpoints: 'reuse', EndpointPolicies: { sts: policy } })),
    );

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(await describeEndpoint(scenario.sim, scenario.world.foreignEndpointId)).toEqual(endpointBefore);
    expect(dataOf(response)['Notes']).toContain(`EndpointPolicies["sts"] is not applied: ${scenario.world.foreignEndpointId} is reused`);
  });

  it.each([
    ['fail, given', { ExistingEndpoints: 'fail' }],
    ['fail, the default', {}],
  ])('%s: answers FAILED naming the foreign endpoint and the way out, with zero writes', async (_label, mode) => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts', 'logs'], ...mode })));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(scenario.world.foreignEndpointId);
    expect(response?.body?.Reason).toContain('ExistingEndpoints');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('PrivateDnsEnabled false: no conflict, so its own sts endpoint is created beside the foreign one', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['sts'], PrivateDnsEnabled: 'false' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const own = await describeEndpoint(scenario.sim, dataOf(response)['EndpointId.sts'] as string);
    expect(own.VpcEndpointId).not.toBe(scenario.world.foreignEndpointId);
    expect(own.PrivateDnsEnabled).toBe(false);
    expect(dataOf(response)['ReusedEndpointIds']).toBe('');
  });
});
