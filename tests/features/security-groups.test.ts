import { foreignSnapshot, startScenario, writesOf, type Scenario } from '../support/scenario';
import { dataOf, describeEndpoints, listOf, writeInputs } from './support';

describe('SecurityGroupIds: extra groups on every interface endpoint', () => {
  let scenario: Scenario;
  let extraGroupIds: string[];
  beforeEach(async () => {
    scenario = await startScenario();
    extraGroupIds = [];
    for (const name of ['monitoring-agents', 'build-runners']) {
      const created = await scenario.sim.call('CreateSecurityGroup', { VpcId: scenario.world.vpcId, GroupName: name, Description: name });
      extraGroupIds.push(created.GroupId as string);
    }
    await scenario.clock.sleep(60_000);
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  const groupsOf = async (endpointIds: readonly string[]) =>
    (await describeEndpoints(scenario.sim, endpointIds)).map((endpoint) => (endpoint.Groups ?? []).map((group) => group.GroupId).sort());

  it('attaches the managed group and every extra group to each interface endpoint, and none to the gateway', async () => {
    const before = await foreignSnapshot(scenario.sim);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ SecurityGroupIds: extraGroupIds })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const data = dataOf(response);
    const interfaceIds = ['ecr.api', 'ecr.dkr', 'logs'].map((name) => data[`EndpointId.${name}`] as string);
    const expected = [data['SecurityGroupId'] as string, ...extraGroupIds].sort();
    expect(await groupsOf(interfaceIds)).toEqual([expected, expected, expected]);
    expect(await groupsOf([data['GatewayEndpointId.s3'] as string])).toEqual([[]]);
    // The extra groups are the user's: attached, never changed.
    expect(await foreignSnapshot(scenario.sim)).toEqual(before);
    expect(writeInputs(scenario.sim, 'AuthorizeSecurityGroupIngress').map((input) => input['GroupId'])).toEqual([data['SecurityGroupId']]);
  });

  it('refuses, before any write, an extra group that does not exist or sits in another VPC', async () => {
    const other = await scenario.sim.call('CreateVpc', { CidrBlock: '10.77.0.0/16' });
    const otherVpcId = (other.Vpc as { VpcId: string }).VpcId;
    await scenario.clock.sleep(60_000);
    const elsewhere = await scenario.sim.call('CreateSecurityGroup', { VpcId: otherVpcId, GroupName: 'elsewhere', Description: 'x' });
    await scenario.clock.sleep(60_000);
    scenario.sim.resetCallLog();

    const response = await scenario.invoke(
      scenario.cfn.createEvent(scenario.properties({ SecurityGroupIds: ['sg-0000000000000dead', elsewhere.GroupId as string] })),
    );

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('sg-0000000000000dead does not exist');
    expect(response?.body?.Reason).toContain(`${elsewhere.GroupId as string} is in ${otherVpcId}`);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('detaches a group removed on Update with one ModifyVpcEndpoint RemoveSecurityGroupIds per interface endpoint', async () => {
    const properties = scenario.properties({ SecurityGroupIds: extraGroupIds });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();
    const [kept, removed] = extraGroupIds as [string, string];
    const fewer = { ...properties, SecurityGroupIds: [kept] };

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, fewer, properties));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual(['ModifyVpcEndpoint', 'ModifyVpcEndpoint', 'ModifyVpcEndpoint']);
    const data = dataOf(update);
    const interfaceIds = ['ecr.api', 'ecr.dkr', 'logs'].map((name) => data[`EndpointId.${name}`] as string);
    expect(
      writeInputs(scenario.sim, 'ModifyVpcEndpoint').sort((a, b) => String(a['VpcEndpointId']).localeCompare(String(b['VpcEndpointId']))),
    ).toEqual([...interfaceIds].sort().map((VpcEndpointId) => ({ VpcEndpointId, RemoveSecurityGroupIds: [removed] })));
    const expected = [data['SecurityGroupId'] as string, kept].sort();
    expect(await groupsOf(interfaceIds)).toEqual([expected, expected, expected]);
    expect(listOf(update, 'EndpointIds')).toEqual(listOf(created, 'EndpointIds'));
  });

  it('attaches a group added on Update with AddSecurityGroupIds, and a repeat of that Update makes zero writes', async () => {
    const properties = scenario.properties();
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();
    const more = { ...properties, SecurityGroupIds: [extraGroupIds[0]] };

    await scenario.invoke(scenario.cfn.updateEvent(physicalId, more, properties));
    const added = writeInputs(scenario.sim, 'ModifyVpcEndpoint');
    scenario.sim.resetCallLog();
    const again = await scenario.invoke(scenario.cfn.updateEvent(physicalId, more, more));

    expect(added).toHaveLength(3);
    for (const input of added) expect(input).toMatchObject({ AddSecurityGroupIds: [extraGroupIds[0]] });
    expect(again?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  // Not a pre-write check (discovery does not describe the extra groups): EC2 refuses the first endpoint, after the
  // subnets were made, and the rollback Delete removes them.
  it('answers FAILED naming a group that does not exist, and the rollback Delete leaves nothing behind', async () => {
    const properties = scenario.properties({ SecurityGroupIds: ['sg-0000000000000dead'] });

    const failed = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = failed?.body?.PhysicalResourceId as string;
    const rollback = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));

    expect(failed?.body?.Status).toBe('FAILED');
    expect(failed?.body?.Reason).toContain('sg-0000000000000dead');
    expect(rollback?.body?.Status).toBe('SUCCESS');
    const owned = await scenario.sim.call('DescribeSubnets', { Filters: [{ Name: 'tag:vpce-provisioner:owner', Values: [physicalId] }] });
    expect(owned.Subnets).toEqual([]);
  });
});
