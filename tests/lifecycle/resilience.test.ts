import { foreignSnapshot, ownedBy, startScenario, writesOf, type Scenario } from '../support/scenario';

/** The writes of a full Create on the demo world: 3 subnets, 1 group, 1 ingress call, 4 endpoints. */
const FULL_CREATE_WRITES = 9;

describe('crashes mid-way', () => {
  it.each(Array.from({ length: FULL_CREATE_WRITES }, (_, index) => index + 1))(
    'converges with nothing duplicated when the Create is retried after a crash after write %i, and a Delete then leaves nothing',
    async (k) => {
      const scenario = await startScenario();
      try {
        const before = await foreignSnapshot(scenario.sim);
        const event = scenario.cfn.createEvent(scenario.properties());
        scenario.sim.faults.crashAfterMutations = k;

        const crashed = await scenario.invoke(event);
        scenario.sim.recover();
        scenario.sim.faults.crashAfterMutations = undefined;
        const retried = await scenario.invoke(event);

        expect(crashed?.body?.Status).toBe('FAILED');
        // An error nobody foresaw is called so, and the answer says what to do about it.
        expect(crashed?.body?.Reason).toBe(
          "Unexpected error: SimulatedCrash: The simulator crashed this invocation on purpose (faults); call sim.recover(). Retry the stack operation; if it persists, see the provider's logs.",
        );
        expect(retried?.body?.Status).toBe('SUCCESS');
        const physicalId = retried?.body?.PhysicalResourceId as string;
        const owned = await ownedBy(scenario.sim, physicalId);
        expect(owned.subnets).toHaveLength(3);
        expect(owned.groups).toHaveLength(1);
        expect(owned.endpoints).toHaveLength(4);
        expect(new Set(owned.endpoints.map((endpoint) => endpoint.ServiceName)).size).toBe(4);

        const deleted = await scenario.invoke(scenario.cfn.deleteEvent(physicalId, event.ResourceProperties));
        expect(deleted?.body?.Status).toBe('SUCCESS');
        expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
        expect(await foreignSnapshot(scenario.sim)).toEqual(before);
      } finally {
        await scenario.close();
      }
    },
  );

  it.each(Array.from({ length: FULL_CREATE_WRITES }, (_, index) => index + 1))(
    'leaves nothing behind when the rollback Delete follows a Create that crashed after write %i',
    async (k) => {
      const scenario = await startScenario();
      try {
        const event = scenario.cfn.createEvent(scenario.properties());
        scenario.sim.faults.crashAfterMutations = k;
        const crashed = await scenario.invoke(event);
        scenario.sim.recover();
        scenario.sim.faults.crashAfterMutations = undefined;

        const deleted = await scenario.invoke(scenario.cfn.deleteEvent(crashed?.body?.PhysicalResourceId as string, event.ResourceProperties));

        expect(deleted?.body?.Status).toBe('SUCCESS');
        expect(await ownedBy(scenario.sim, crashed?.body?.PhysicalResourceId as string)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
      } finally {
        await scenario.close();
      }
    },
  );
});

describe('a hostile EC2', () => {
  let scenario: Scenario;
  afterEach(() => scenario.close());

  it('gets through a throttling storm (AWS buckets plus 30% forced throttling) with the minimum writes', async () => {
    scenario = await startScenario();
    scenario.sim.faults.throttling = true;
    scenario.sim.faults.forcedThrottleRate = 0.3;

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(writesOf(scenario.sim)).toHaveLength(FULL_CREATE_WRITES);
    expect(scenario.sim.calls.some((call) => call.outcome === 'RequestLimitExceeded')).toBe(true);
  });

  it('waits out endpoints that stay pending for minutes', async () => {
    scenario = await startScenario({ timing: { endpointCreateMs: 8 * 60_000 } });

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('SUCCESS');
    // Every 5 s for the first three minutes, then every 15 s: about 36 + 20 polls over 8 minutes, not one a second.
    const polls = scenario.sim.calls.filter((call) => call.action === 'DescribeVpcEndpoints').length;
    expect(polls).toBeGreaterThan(40);
    expect(polls).toBeLessThan(62);
  });

  it('deletes subnets once lingering endpoint interfaces have drained', async () => {
    scenario = await startScenario({ timing: { eniLingerMs: 3 * 60_000 } });
    const event = scenario.cfn.createEvent(scenario.properties());
    const created = await scenario.invoke(event);

    const deleted = await scenario.invoke(scenario.cfn.deleteEvent(created?.body?.PhysicalResourceId as string, event.ResourceProperties));

    expect(deleted?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.calls.some((call) => call.action === 'DeleteSubnet' && call.outcome === 'DependencyViolation')).toBe(true);
    expect((await ownedBy(scenario.sim, created?.body?.PhysicalResourceId as string)).subnets).toEqual([]);
  });

  it('does not duplicate resources that EC2 shows late (eventual consistency) when a Create is retried', async () => {
    scenario = await startScenario({ timing: { visibilityDelayMs: 10_000 } });
    const event = scenario.cfn.createEvent(scenario.properties());
    scenario.sim.faults.crashAfterMutations = 5;
    await scenario.invoke(event);
    scenario.sim.recover();
    scenario.sim.faults.crashAfterMutations = undefined;

    const retried = await scenario.invoke(event);

    expect(retried?.body?.Status).toBe('SUCCESS');
    await scenario.clock.sleep(60_000);
    const owned = await ownedBy(scenario.sim, retried?.body?.PhysicalResourceId as string);
    expect(owned.subnets).toHaveLength(3);
    expect(owned.groups).toHaveLength(1);
    expect(owned.endpoints).toHaveLength(4);
  });

  it('creates everything although EC2 answers NotFound for the IDs it just returned (eventual consistency of writes)', async () => {
    scenario = await startScenario({ timing: { visibilityDelayMs: 10_000, propagationDelayMs: 10_000 } });
    const event = scenario.cfn.createEvent(scenario.properties());

    const created = await scenario.invoke(event);

    expect(created?.body?.Status).toBe('SUCCESS');
    const notFound = scenario.sim.calls.filter((call) => ['InvalidGroup.NotFound', 'InvalidSubnetID.NotFound', 'InvalidSubnetId.NotFound'].includes(call.outcome));
    expect(notFound.length).toBeGreaterThan(0);
    expect(created?.body?.Data?.['EndpointIds']?.split(',')).toHaveLength(4);
    const owned = await ownedBy(scenario.sim, created?.body?.PhysicalResourceId as string);
    expect(owned.subnets).toHaveLength(3);
    expect(owned.endpoints).toHaveLength(4);
  });

  it('serves two resources created at the same moment in the same VPC, with no overlap', async () => {
    scenario = await startScenario();
    const first = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['ecr.api', 'ecr.dkr'], GatewayServices: [] }), { logicalResourceId: 'First' });
    const second = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['logs'], GatewayServices: [] }), { logicalResourceId: 'Second' });

    const [a, b] = await Promise.all([scenario.invoke(first), scenario.invoke(second)]);

    expect(a?.body?.Status).toBe('SUCCESS');
    expect(b?.body?.Status).toBe('SUCCESS');
    const cidrs = [...(a?.body?.Data?.['SubnetCidrs']?.split(',') ?? []), ...(b?.body?.Data?.['SubnetCidrs']?.split(',') ?? [])];
    expect(cidrs).toHaveLength(6);
    expect(new Set(cidrs).size).toBe(6);
    expect(scenario.sim.calls.some((call) => call.action === 'CreateSubnet' && call.outcome === 'InvalidSubnet.Conflict')).toBe(true);
  });
});

describe('EC2 calls that never return (the safety net on a real timer: these tests take about 2.5 s each)', () => {
  let scenario: Scenario;
  afterEach(() => scenario.close());

  it('hands the request on, counted as an invocation without progress, before a 4-second Lambda deadline', async () => {
    scenario = await startScenario({ ec2NeverAnswers: true });
    const event = scenario.cfn.createEvent(scenario.properties());

    const response = await scenario.invoke(event, { timeoutMs: 4_000 });

    expect(response).toBeUndefined();
    expect(scenario.continuations.map((next) => next.Continuation)).toEqual([{ attempt: 1, firstStartedAt: expect.any(Number), stalled: 1 }]);
    expect(scenario.providerCalls.length).toBeGreaterThan(0);
  });

  it('answers FAILED saying EC2 did not answer, with no way to hand over', async () => {
    scenario = await startScenario({ ec2NeverAnswers: true, continuations: false });

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()), { timeoutMs: 4_000 });

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain('EC2 calls did not return before the Lambda deadline');
    // Under the VPC's own physical ID, not the marker of a Create that never read its VPC: the rollback's Delete must
    // find and remove whatever the unanswered calls made.
    expect(response?.body?.PhysicalResourceId).toMatch(new RegExp(`^vpce-provisioner-v1-${scenario.world.vpcId}-[0-9a-f]{20}$`));
  });

  it('answers FAILED naming Lambda\'s refusal when the hand-over is refused, rather than leave the stack waiting', async () => {
    scenario = await startScenario({ ec2NeverAnswers: true, continuations: 'refused' });

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()), { timeoutMs: 4_000 });

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toBe(
      'Could not hand the unfinished work on to a new invocation of the provider (TooManyRequestsException: Rate exceeded). ' +
        'EC2 calls did not return before the Lambda deadline. AWS may still be working: retry the stack operation, which picks up where this one stopped.',
    );
    expect(scenario.continuations).toEqual([]);
  });
});

describe('what EC2 reports differently per account or per page', () => {
  it('keys everything on AZ IDs, although this account names its zones in another order', async () => {
    // In this account us-east-1a is use1-az4, us-east-1c is use1-az1, and so on (RAM guide, "AZ IDs").
    const scenario = await startScenario({ azs: { nameOrderByAccount: { '123456789012': ['use1-az4', 'use1-az6', 'use1-az1', 'use1-az2', 'use1-az3', 'use1-az5'] } } });
    try {
      const extra = await scenario.sim.call('CreateSubnet', { VpcId: scenario.world.vpcId, CidrBlock: '10.0.96.0/20', AvailabilityZoneId: 'use1-az3' });
      const subnetId = (extra.Subnet as { SubnetId: string }).SubnetId;
      // The subnet was made a while before the stack operation: past EC2's eventual-consistency window.
      await scenario.clock.sleep(60_000);

      const response = await scenario.invoke(
        scenario.cfn.createEvent(scenario.properties({ SubnetIds: [...scenario.world.appSubnetIds, subnetId], InterfaceServices: ['ecs-telemetry', 'logs'] })),
      );

      expect(response?.body?.Status).toBe('SUCCESS');
      const data = response?.body?.Data ?? {};
      const azIds = data['AvailabilityZoneIds']?.split(',') ?? [];
      const subnetIds = data['SubnetIds']?.split(',') ?? [];
      expect(azIds).toEqual(['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4']);
      expect(data['Notes']).toContain('ecs-telemetry is not offered in use1-az3');
      const telemetry = await scenario.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [data['EndpointId.ecs-telemetry']] });
      const telemetrySubnets = (telemetry.VpcEndpoints as { SubnetIds: string[] }[])[0]?.SubnetIds ?? [];
      expect([...telemetrySubnets].sort()).toEqual(subnetIds.filter((_, index) => azIds[index] !== 'use1-az3').sort());
    } finally {
      await scenario.close();
    }
  });

  it('reads every page when EC2 answers Describe calls two items at a time', async () => {
    const scenario = await startScenario();
    try {
      scenario.sim.faults.maxPageSize = 2;

      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));
      const again = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

      expect(response?.body?.Status).toBe('SUCCESS');
      expect(again?.body?.Data).toEqual(response?.body?.Data);
      expect(scenario.sim.calls.some((call) => call.action === 'DescribeSubnets' && (call.input as { NextToken?: string }).NextToken)).toBe(true);
      scenario.sim.faults.maxPageSize = undefined;
      const owned = await ownedBy(scenario.sim, response?.body?.PhysicalResourceId as string);
      expect(owned.subnets).toHaveLength(3);
      expect(owned.endpoints).toHaveLength(4);
    } finally {
      await scenario.close();
    }
  });
});
