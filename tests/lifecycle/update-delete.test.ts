import { createHash } from 'node:crypto';
import { WorldBuilder } from '../support/ec2-sim/world';
import { foreignSnapshot, ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';

const ANOTHER_STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/other-team/0d9c8b7a-6f5e-4d3c-2b1a-098765432100';

/** The physical ID this provider issues, by its documented recipe (lib/protocol/physical-id.ts), computed here independently. */
function idIssuedFor(stackId: string, logicalResourceId: string, vpcId: string): string {
  const digest = createHash('sha256').update(JSON.stringify([stackId, logicalResourceId, vpcId])).digest('hex').slice(0, 20);
  return `vpce-provisioner-v1-${vpcId}-${digest}`;
}

/** A second VPC in the scenario's account with one app subnet, and the properties that move the resource there. */
async function anotherVpc(scenario: Scenario): Promise<{ vpcId: string; properties: Record<string, unknown> }> {
  const other = await new WorldBuilder(scenario.sim)
    .vpc('other', { cidr: '10.9.0.0/16', dnsSupport: true, dnsHostnames: true })
    .subnet('o1', { vpc: 'other', cidr: '10.9.0.0/20', azId: 'use1-az1' })
    .build();
  return { vpcId: other.id('other'), properties: { VpcId: other.id('other'), SubnetIds: [other.id('o1')] } };
}

describe('Update and Delete', () => {
  let scenario: Scenario;
  let physicalId: string;
  let stackId: string;
  let createProps: Record<string, unknown>;
  beforeEach(async () => {
    scenario = await startScenario();
    createProps = scenario.properties();
    const createEvent = scenario.cfn.createEvent(createProps);
    stackId = createEvent.StackId;
    const created = await scenario.invoke(createEvent);
    physicalId = created?.body?.PhysicalResourceId as string;
    scenario.sim.resetCallLog();
  });
  afterEach(() => scenario.close());

  it('makes zero writes when the same Update is delivered twice', async () => {
    const props = scenario.properties({ InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'kms'] });
    const event = scenario.cfn.updateEvent(physicalId, props, createProps);
    const first = await scenario.invoke(event);
    scenario.sim.resetCallLog();

    const second = await scenario.invoke(event);

    expect(second?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(second?.body?.Data).toEqual(first?.body?.Data);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('makes zero writes on an Update that changes nothing', async () => {
    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, createProps, createProps));

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('adds a service in place with one CreateVpcEndpoint', async () => {
    const props = scenario.properties({ InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] });

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, props, createProps));

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(response?.body?.Data?.['EndpointId.secretsmanager']).toMatch(/^vpce-/);
    expect(writesOf(scenario.sim)).toEqual(['CreateVpcEndpoint']);
  });

  it('removes a service in place with one DeleteVpcEndpoints, keeping the others', async () => {
    const before = await ownedBy(scenario.sim, physicalId);
    const props = scenario.properties({ InterfaceServices: ['ecr.api', 'ecr.dkr'] });

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, props, createProps));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual(['DeleteVpcEndpoints']);
    const after = await ownedBy(scenario.sim, physicalId);
    const live = after.endpoints.filter((endpoint) => endpoint.State !== 'deleting');
    expect(live.map((endpoint) => endpoint.ServiceName).sort()).toEqual(
      before.endpoints.map((endpoint) => endpoint.ServiceName).filter((name) => !name.endsWith('.logs')).sort(),
    );
  });

  it('adds an AZ: a new endpoint subnet, and every interface endpoint extended to it', async () => {
    const created = await scenario.sim.call('CreateSubnet', { VpcId: scenario.world.vpcId, CidrBlock: '10.0.96.0/20', AvailabilityZoneId: 'use1-az6' });
    const subnetId = (created.Subnet as { SubnetId: string }).SubnetId;
    // The subnet was made a while before the stack update: past EC2's eventual-consistency window.
    await scenario.clock.sleep(60_000);
    scenario.sim.resetCallLog();
    const props = scenario.properties({ SubnetIds: [...scenario.world.appSubnetIds, subnetId] });

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, props, createProps));

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(response?.body?.Data?.['AvailabilityZoneIds']?.split(',')).toContain('use1-az6');
    expect(writesOf(scenario.sim).sort()).toEqual(
      ['AuthorizeSecurityGroupIngress', 'CreateSubnet', 'ModifyVpcEndpoint', 'ModifyVpcEndpoint', 'ModifyVpcEndpoint'].sort(),
    );
  });

  it('admits every application subnet of a new AZ although someone admitted one of them between observation and apply', async () => {
    const subnetIds: string[] = [];
    for (const cidr of ['10.0.96.0/20', '10.0.112.0/20']) {
      const made = await scenario.sim.call('CreateSubnet', { VpcId: scenario.world.vpcId, CidrBlock: cidr, AvailabilityZoneId: 'use1-az6' });
      subnetIds.push((made.Subnet as { SubnetId: string }).SubnetId);
    }
    await scenario.clock.sleep(60_000);
    const groupId = (await ownedBy(scenario.sim, physicalId)).groups[0]?.GroupId as string;
    // Right after the Update's first write (its new endpoint subnet), a person admits one of the new CIDRs by hand.
    scenario.sim.faults.onMutation = () => {
      scenario.sim.faults.onMutation = undefined;
      void scenario.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.96.0/20' }] }] });
    };
    const props = scenario.properties({ SubnetIds: [...scenario.world.appSubnetIds, ...subnetIds] });

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, props, createProps));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.calls.some((call) => call.action === 'AuthorizeSecurityGroupIngress' && call.outcome === 'InvalidPermission.Duplicate')).toBe(true);
    const group = await scenario.sim.call('DescribeSecurityGroups', { GroupIds: [groupId] });
    const admitted = ((group.SecurityGroups as { IpPermissions: { FromPort?: number; IpRanges?: { CidrIp?: string }[] }[] }[])[0]?.IpPermissions ?? [])
      .filter((permission) => permission.FromPort === 443)
      .flatMap((permission) => (permission.IpRanges ?? []).map((range) => range.CidrIp));
    expect(admitted).toEqual(expect.arrayContaining(['10.0.96.0/20', '10.0.112.0/20']));
  });

  it('removes an AZ: endpoints leave its subnet first, then the subnet goes', async () => {
    const [firstAz] = Object.keys(scenario.world.appSubnetIdsByAz).sort();
    const remaining = scenario.world.appSubnetIds.filter((id) => !scenario.world.appSubnetIdsByAz[firstAz as string]?.includes(id));
    const props = scenario.properties({ SubnetIds: remaining });

    const response = await scenario.invoke(scenario.cfn.updateEvent(physicalId, props, createProps));

    expect(response?.body?.Status).toBe('SUCCESS');
    const writes = writesOf(scenario.sim);
    expect(writes.lastIndexOf('ModifyVpcEndpoint')).toBeLessThan(writes.indexOf('DeleteSubnet'));
    const owned = await ownedBy(scenario.sim, physicalId);
    expect(owned.subnets.map((subnet) => subnet.AvailabilityZoneId)).not.toContain(firstAz);
    expect(owned.subnets).toHaveLength(2);
  });

  it('replaces the resource when VpcId changes, and the Delete of the old ID cleans the old VPC only', async () => {
    const { properties: newProps } = await anotherVpc(scenario);

    const update = await scenario.invoke(scenario.cfn.updateEvent(physicalId, newProps, createProps));
    const newId = update?.body?.PhysicalResourceId as string;
    const deleteOld = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, createProps));

    expect(update?.body?.Status).toBe('SUCCESS');
    expect(newId).not.toBe(physicalId);
    expect(deleteOld?.body?.Status).toBe('SUCCESS');
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    expect((await ownedBy(scenario.sim, newId)).endpoints).toHaveLength(4);
  });

  it('removes what a failed replacement made in the new VPC, answering FAILED under the old physical ID, the old VPC untouched', async () => {
    const { vpcId: otherVpcId, properties: newProps } = await anotherVpc(scenario);
    const before = await ownedBy(scenario.sim, physicalId);
    // The replacement's ecr.api endpoint fails (EC2 could not complete it) after its subnet, group and endpoints were made.
    scenario.sim.faults.endpointFate = ({ serviceName }) => (serviceName.endsWith('.ecr.api') ? 'failed' : undefined);

    const event = scenario.cfn.updateEvent(physicalId, newProps, createProps);
    const replacementId = idIssuedFor(event.StackId, event.LogicalResourceId, otherVpcId);

    const callsBefore = scenario.providerCalls.length;

    const update = await scenario.invoke(event);

    expect(update?.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: physicalId });
    expect(update?.body?.Reason).toContain('ecr.api');
    const subnetsMade = scenario.providerCalls.slice(callsBefore).filter((call) => call.action === 'CreateSubnet');
    expect(subnetsMade.map((call) => call.input['VpcId'])).toEqual([otherVpcId]);
    expect(await ownedBy(scenario.sim, replacementId)).toEqual({ subnets: [], endpoints: [], groups: [] });
    expect(await ownedBy(scenario.sim, physicalId)).toEqual(before);
  });

  it('converges back on the rollback Update after a failed Update, keeping the physical ID', async () => {
    const bad = scenario.properties({ InterfaceServices: ['ecr.api', 'no-such-service'] });
    const failed = await scenario.invoke(scenario.cfn.updateEvent(physicalId, bad, createProps));
    const rollback = await scenario.invoke(scenario.cfn.updateEvent(physicalId, createProps, bad));

    expect(failed?.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: physicalId });
    expect(failed?.body?.Reason).toContain('no-such-service');
    expect(rollback?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('changes the user tags of owned resources in place, and removes a tag the user removed', async () => {
    const tagged = scenario.properties({ Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'cost-centre', Value: '42' }] });
    await scenario.invoke(scenario.cfn.updateEvent(physicalId, tagged, createProps));
    const retagged = scenario.properties({ Tags: [{ Key: 'team', Value: 'payments' }] });

    await scenario.invoke(scenario.cfn.updateEvent(physicalId, retagged, tagged));

    const subnets = await scenario.sim.call('DescribeSubnets', { Filters: [{ Name: 'tag:team', Values: ['payments'] }] });
    const costCentre = await scenario.sim.call('DescribeSubnets', { Filters: [{ Name: 'tag-key', Values: ['cost-centre'] }] });
    expect((subnets.Subnets as unknown[]).length).toBe(3);
    expect(costCentre.Subnets).toEqual([]);
    expect(writesOf(scenario.sim).filter((action) => !['CreateTags', 'DeleteTags'].includes(action))).toEqual([]);
  });

  it('deletes everything it made, endpoints in one call, and nothing else', async () => {
    const before = await foreignSnapshot(scenario.sim);

    const response = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, createProps));

    expect(response?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    expect(writesOf(scenario.sim).filter((action) => action === 'DeleteVpcEndpoints')).toHaveLength(1);
    expect(await foreignSnapshot(scenario.sim)).toEqual(before);
  });

  it.each([
    ['a physical ID it never issued', () => 'some-other-provider-id'],
    ['its own ID format for another stack', () => 'vpce-provisioner-v1-vpc-0123456789abcdef0-0123456789abcdef0123'],
    ['its own ID format naming this VPC with a digest it never issued', () => `vpce-provisioner-v1-${scenario.world.vpcId}-0123456789abcdef0123`],
    ['the ID it issued another stack for this VPC', () => idIssuedFor(ANOTHER_STACK_ID, 'VpcEndpoints', scenario.world.vpcId)],
    ['the ID it issued another logical resource of this stack for this VPC', () => idIssuedFor(stackId, 'OtherEndpoints', scenario.world.vpcId)],
  ])('answers SUCCESS with zero writes to a Delete of %s, leaving this resource whole', async (_label, id) => {
    expect(id()).not.toBe(physicalId);

    const response = await scenario.invoke(scenario.cfn.deleteEvent(id(), createProps));

    expect(response?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: id(),
      Reason: 'Nothing to delete: this provider did not issue that physical ID for this stack and logical ID.',
    });
    expect(scenario.sim.calls).toEqual([]);
    // The operator reading the logs sees why nothing was done, and for which ID.
    const records = scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.filter((record) => record['message'] === 'delete of a resource this provider never made: nothing to do')).toEqual([
      expect.objectContaining({ physicalResourceId: id(), why: 'this provider did not issue that physical ID for this stack and logical ID' }),
    ]);
    const live = await ownedBy(scenario.sim, physicalId);
    expect([live.subnets.length, live.groups.length, live.endpoints.length]).toEqual([3, 1, 4]);
    expect(live.endpoints.filter((endpoint) => endpoint.State !== 'available')).toEqual([]);
  });

  it('answers SUCCESS with zero writes to a Delete of this ID from another logical resource', async () => {
    const response = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, createProps, { logicalResourceId: 'SomethingElse' }));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
    expect((await ownedBy(scenario.sim, physicalId)).endpoints).toHaveLength(4);
  });

  it('makes zero writes when a Delete is delivered twice', async () => {
    const event = scenario.cfn.deleteEvent(physicalId, createProps);
    await scenario.invoke(event);
    scenario.sim.resetCallLog();

    const again = await scenario.invoke(event);

    expect(again?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toEqual([]);
  });
});

describe('the ownership guard of the scenario harness', () => {
  it('flags a modify of anything the provider saw without its owner tag', async () => {
    const { foreignTouches } = await import('../support/scenario');
    const calls = [
      { action: 'DescribeSubnets', input: { $output: { Subnets: [{ SubnetId: 'subnet-mine', Tags: [{ Key: 'vpce-provisioner:owner', Value: 'x' }] }] } } },
      { action: 'DescribeVpcEndpoints', input: { $output: { VpcEndpoints: [{ VpcEndpointId: 'vpce-theirs', Tags: [{ Key: 'team', Value: 'a' }] }] } } },
      { action: 'DeleteSubnet', input: { SubnetId: 'subnet-mine' } },
      { action: 'DeleteVpcEndpoints', input: { VpcEndpointIds: ['vpce-theirs'] } },
    ];

    expect(foreignTouches(calls)).toEqual(['DeleteVpcEndpoints vpce-theirs']);
  });
});
