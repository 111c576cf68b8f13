import { ownedBy, startScenario, type Scenario } from '../support/scenario';

/**
 * A Delete's second look (lib/reconcile/index.ts, teardown): it exists because a rollback Delete can follow a failed
 * Create within seconds, before EC2 lists what that Create made. It is left out only when the stack's events prove the
 * first look saw everything: the resource's last Create or Update completed (this provider answered SUCCESS, with no
 * write left in flight) more than the settle time before the first look (issue 22, item 11).
 */

/** How long a Delete lets EC2 settle before its second look (REMOVAL_SETTLE_MS). */
const SETTLE_MS = 5_000;
/** EC2 at once: endpoints available and deleted the moment they are asked, their interfaces gone with them. */
const EC2_AT_ONCE = { endpointCreateMs: 0, endpointDeleteMs: 0, eniLingerMs: 0 };

/** The looks a Delete took at the resource (each look lists the owner's subnets once), and how long it took. */
async function deleteOf(scenario: Scenario, physicalId: string, properties: Record<string, unknown>) {
  const callsBefore = scenario.providerCalls.length;
  const startedAt = scenario.clock.now();
  const response = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, properties));
  return {
    status: response?.body?.Status,
    elapsedMs: scenario.clock.now() - startedAt,
    looks: scenario.providerCalls.slice(callsBefore).filter((call) => call.action === 'DescribeSubnets').length,
  };
}

/** A subnet carrying the resource's owner tags, made now: EC2 lists it only after its visibility delay. */
async function subnetMadeJustNow(scenario: Scenario, physicalId: string, stackId: string): Promise<string> {
  const created = await scenario.sim.call('CreateSubnet', {
    VpcId: scenario.world.vpcId,
    AvailabilityZoneId: 'use1-az1',
    CidrBlock: '10.0.250.0/28',
    TagSpecifications: [
      {
        ResourceType: 'subnet',
        Tags: [
          { Key: 'vpce-provisioner:owner', Value: physicalId },
          { Key: 'vpce-provisioner:stack-id', Value: stackId },
          { Key: 'vpce-provisioner:logical-id', Value: 'VpcEndpoints' },
        ],
      },
    ],
  });
  return (created.Subnet as { SubnetId: string }).SubnetId;
}

describe('the second look of a Delete', () => {
  let scenario: Scenario;
  afterEach(() => scenario.close());

  it('is left out, with its wait, when the last Create completed long before the first look', async () => {
    // Prepare
    scenario = await startScenario({ timing: EC2_AT_ONCE });
    const properties = scenario.properties();
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const physicalId = created?.body?.PhysicalResourceId as string;
    scenario.clock.advance(60_000);
    // Act
    const deleted = await deleteOf(scenario, physicalId, properties);
    // Assess
    expect(deleted).toMatchObject({ status: 'SUCCESS', looks: 1 });
    expect(deleted.elapsedMs).toBeLessThan(SETTLE_MS);
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    expect(scenario.logs.some((line) => line.includes('no second look'))).toBe(true);
  });

  it('still waits and looks again right after a Create completed, and removes what only the second look sees', async () => {
    // Prepare: the Create completes, and something of the resource's is made just before the Delete (as an interrupted
    // invocation could): EC2 does not list it yet when the Delete first looks.
    scenario = await startScenario({ timing: EC2_AT_ONCE });
    const properties = scenario.properties();
    const create = scenario.cfn.createEvent(properties);
    const physicalId = (await scenario.invoke(create))?.body?.PhysicalResourceId as string;
    const late = await subnetMadeJustNow(scenario, physicalId, create.StackId);
    // Act
    const deleted = await deleteOf(scenario, physicalId, properties);
    // Assess: the first look finds the Create's work, the second the late subnet, the third nothing.
    expect(deleted).toMatchObject({ status: 'SUCCESS', looks: 3 });
    expect(deleted.elapsedMs).toBeGreaterThanOrEqual(SETTLE_MS);
    const left = await ownedBy(scenario.sim, physicalId);
    expect(left.subnets.map((subnet) => subnet.SubnetId)).not.toContain(late);
    expect(left).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });

  it('still looks again on the rollback Delete of a failed Create, however long after (CREATE_FAILED proves nothing)', async () => {
    // Prepare
    scenario = await startScenario({ timing: EC2_AT_ONCE });
    const properties = scenario.properties();
    scenario.sim.faults.crashAfterMutations = 3;
    const failed = await scenario.invoke(scenario.cfn.createEvent(properties));
    scenario.sim.recover();
    scenario.sim.faults.crashAfterMutations = undefined;
    scenario.clock.advance(60_000);
    const physicalId = failed?.body?.PhysicalResourceId as string;
    // Act
    const rollback = await deleteOf(scenario, physicalId, properties);
    // Assess
    expect(failed?.body?.Status).toBe('FAILED');
    expect(rollback).toMatchObject({ status: 'SUCCESS', looks: 2 });
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });

  it('still looks again when the stack events cannot be read (a role without cloudformation:DescribeStackEvents)', async () => {
    // Prepare
    scenario = await startScenario({ timing: EC2_AT_ONCE });
    const properties = scenario.properties();
    const physicalId = (await scenario.invoke(scenario.cfn.createEvent(properties)))?.body?.PhysicalResourceId as string;
    scenario.clock.advance(60_000);
    scenario.cfn.stacks.failNextCalls(1, 'AccessDenied', 'DescribeStackEvents');
    // Act
    const deleted = await deleteOf(scenario, physicalId, properties);
    // Assess
    expect(deleted).toMatchObject({ status: 'SUCCESS', looks: 2 });
    expect(deleted.elapsedMs).toBeGreaterThanOrEqual(SETTLE_MS);
    expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
  });
});
