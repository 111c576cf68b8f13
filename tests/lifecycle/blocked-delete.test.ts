import { ownedBy, startScenario, type Scenario } from '../support/scenario';

/**
 * DependencyViolation is not always transient (aws-facts.md, "Subnets and CIDRs"): lingering endpoint ENIs go by
 * themselves, another party's ENI in the endpoint subnet or another group's rule referencing the managed group does not.
 * The Delete waits for the first and answers FAILED promptly, naming the blocker, for the others.
 */
describe('a Delete blocked by something that is not ours', () => {
  let scenario: Scenario;
  afterEach(async () => scenario.close());

  async function created() {
    const event = scenario.cfn.createEvent(scenario.properties({ GatewayServices: [] }));
    const response = await scenario.invoke(event);
    expect(response?.body?.Status).toBe('SUCCESS');
    return { event, data: response?.body?.Data ?? {}, physicalId: response?.body?.PhysicalResourceId as string };
  }

  /** Creates, places another party's ENI in the first endpoint subnet, and sends the Delete. */
  async function deleteWithForeignEni(eni: Parameters<Scenario['sim']['admin']['placeForeignEni']>[1]) {
    const { event, data, physicalId } = await created();
    const [subnetId] = (data['SubnetIds'] ?? '').split(',') as [string];
    const eniId = scenario.sim.admin.placeForeignEni(subnetId, eni);
    const start = scenario.clock.now();
    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, event.ResourceProperties));
    return { event, physicalId, subnetId, eniId, deleted, elapsedMs: scenario.clock.now() - start };
  }

  it('answers FAILED within minutes, naming the instance ENI someone placed in an endpoint subnet and what to do', async () => {
    scenario = await startScenario();

    const { event, physicalId, subnetId, eniId, deleted, elapsedMs } = await deleteWithForeignEni({ instanceId: 'i-0aaaabbbbccccdddd' });

    expect(deleted?.body?.Status).toBe('FAILED');
    expect(deleted?.body?.Reason).toContain(subnetId);
    expect(deleted?.body?.Reason).toContain(eniId);
    expect(deleted?.body?.Reason).toContain('i-0aaaabbbbccccdddd');
    expect(deleted?.body?.Reason).toContain('terminate the instance');
    // Endpoints take 45 s to delete and their ENIs linger 20 s: the answer comes soon after, not at the deadline.
    expect(elapsedMs).toBeLessThan(3 * 60_000);
    expect(scenario.continuations).toEqual([]);
    // The endpoints went; the blocked subnet stays for the person to clear (the others stop waiting for their endpoint
    // ENIs once the answer is known to be FAILED, and go with the next Delete).
    const owned = await ownedBy(scenario.sim, physicalId);
    expect(owned.subnets.map((subnet) => subnet.SubnetId)).toContain(subnetId);
    expect(owned.endpoints).toEqual([]);

    scenario.sim.admin.removeForeignEni(eniId);
    const retried = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, event.ResourceProperties));

    expect(retried?.body?.Status).toBe('SUCCESS');
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });

  it('answers FAILED promptly while endpoint ENIs still linger for ten minutes, in the blocked subnet and in the others', async () => {
    // The foreign ENI is reported as soon as it is seen, not once the endpoint ENIs beside it have drained, nor once the
    // other subnets of the same stage have finished waiting for theirs (issue 22, "also found").
    scenario = await startScenario({ timing: { eniLingerMs: 10 * 60_000 } });

    const { eniId, deleted, elapsedMs } = await deleteWithForeignEni({ instanceId: 'i-0aaaabbbbccccdddd' });

    expect(deleted?.body?.Status).toBe('FAILED');
    expect(deleted?.body?.Reason).toContain(eniId);
    expect(elapsedMs).toBeLessThan(3 * 60_000);
    expect(scenario.continuations).toEqual([]);
  });

  it('names the foreign ENI before the endpoints have finished deleting: the subnets are tried right after DeleteVpcEndpoints', async () => {
    // Endpoints take 45 s to reach `deleted`; the instance was placed a minute before the Delete (EC2 lists it by then).
    scenario = await startScenario({ timing: { endpointDeleteMs: 45_000 } });
    const { event, data, physicalId } = await created();
    const [subnetId] = (data['SubnetIds'] ?? '').split(',') as [string];
    const eniId = scenario.sim.admin.placeForeignEni(subnetId, { instanceId: 'i-0aaaabbbbccccdddd' });
    await scenario.clock.sleep(60_000);
    const start = scenario.clock.now();

    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, event.ResourceProperties));

    expect(deleted?.body?.Status).toBe('FAILED');
    expect(deleted?.body?.Reason).toContain(eniId);
    expect(scenario.clock.now() - start).toBeLessThan(45_000);
  });

  it("answers FAILED promptly for a Lambda's requester-managed ENI in an endpoint subnet: it is not an endpoint ENI to wait for", async () => {
    scenario = await startScenario();

    const { eniId, deleted, elapsedMs } = await deleteWithForeignEni({
      interfaceType: 'lambda',
      requesterId: 'AROAEXAMPLEEXAMPLE:my-function',
      description: 'AWS Lambda VPC ENI-my-function-0a1b2c3d',
    });

    expect(deleted?.body?.Status).toBe('FAILED');
    expect(deleted?.body?.Reason).toContain(`network interface ${eniId} (type lambda, managed by AROAEXAMPLEEXAMPLE:my-function`);
    expect(elapsedMs).toBeLessThan(3 * 60_000);
    expect(scenario.continuations).toEqual([]);
  });

  it.each(['DependencyViolation', 'InvalidGroup.InUse'] as const)('answers FAILED promptly, naming another group whose rule references the managed group (EC2 answers %s)', async (code) => {
    scenario = await startScenario();
    scenario.sim.faults.groupInUseCode = code;
    const { event, data, physicalId } = await created();
    const groupId = data['SecurityGroupId'] as string;
    const referrer = (await scenario.sim.call('CreateSecurityGroup', { VpcId: scenario.world.vpcId, GroupName: 'app-tier', Description: 'app' })).GroupId as string;
    await scenario.clock.sleep(10_000);
    await scenario.sim.call('AuthorizeSecurityGroupIngress', { GroupId: referrer, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, UserIdGroupPairs: [{ GroupId: groupId }] }] });
    const start = scenario.clock.now();

    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, event.ResourceProperties));

    expect(deleted?.body?.Status).toBe('FAILED');
    expect(deleted?.body?.Reason).toContain(groupId);
    expect(deleted?.body?.Reason).toContain(`${referrer} (app-tier)`);
    expect(deleted?.body?.Reason).toContain('Remove the rules that reference the managed security group');
    expect(scenario.clock.now() - start).toBeLessThan(3 * 60_000);
    expect(scenario.continuations).toEqual([]);
  });

  it.each(['DependencyViolation', 'InvalidGroup.InUse'] as const)('still waits for endpoint ENIs that linger, and then deletes everything (the group in use answered %s)', async (code) => {
    scenario = await startScenario({ timing: { eniLingerMs: 2 * 60_000 } });
    scenario.sim.faults.groupInUseCode = code;
    const { event, physicalId } = await created();

    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, event.ResourceProperties));

    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.calls.some((call) => call.action === 'DeleteSubnet' && call.outcome === 'DependencyViolation')).toBe(true);
    expect(scenario.sim.calls.some((call) => call.action === 'DeleteSecurityGroup' && call.outcome === code)).toBe(true);
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });
});
