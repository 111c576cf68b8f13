import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { Ec2Simulator, EVENTUAL_CONSISTENCY, VirtualClock } from '../support/ec2-sim';
import { basicWorld, expectCode, interfaceInput, OTHER_ACCOUNT } from './fixtures';

/** The fault tests run on an eventually consistent EC2, as AWS documents it (issue 15 item 4). */
const consistency = EVENTUAL_CONSISTENCY;

describe('faults and the call log', () => {
  describe('throttling', () => {
    it.each([
      ['Describe*', 'DescribeVpcs', {}, 100],
      ['CreateTags', 'CreateTags', 'TAGS', 100],
      ['DeleteVpcEndpoints', 'DeleteVpcEndpoints', { VpcEndpointIds: ['vpce-0000000000000000a'] }, 4],
    ])('lets a burst of %s through, then answers RequestLimitExceeded', async (_class, action, input, burst) => {
      const { sim, vpcId } = await basicWorld({ timing: consistency });
      sim.faults.throttling = true;
      const callInput = input === 'TAGS' ? { Resources: [vpcId], Tags: [{ Key: 'k', Value: 'v' }] } : (input as Record<string, unknown>);
      for (let index = 0; index < burst; index++) await sim.call(action, callInput);
      await expectCode(sim.call(action, callInput), 'RequestLimitExceeded');
    });

    // EC2 Developer Guide, "Request throttling": DeleteTags shares CreateTags' size (100, 10 per second); unfiltered and
    // unpaginated DescribeSecurityGroups / DescribeNetworkInterfaces draw on their own 50-token buckets (10 per second).
    it.each<[string, string, Record<string, unknown>, number, number]>([
      ['DeleteTags', 'DeleteTags', { Resources: ['vpc-00000000000000000'], Tags: [{ Key: 'k' }] }, 100, 10],
      ['an unfiltered, unpaginated DescribeSecurityGroups', 'DescribeSecurityGroups', {}, 50, 10],
      ['an unfiltered, unpaginated DescribeNetworkInterfaces', 'DescribeNetworkInterfaces', {}, 50, 10],
    ])('lets a burst of %s through, then throttles it until its refill', async (_label, action, input, burst, perSecond) => {
      const sim = new Ec2Simulator({ timing: consistency });
      sim.faults.throttling = true;
      const outcome = () => sim.call(action, input).then(() => 'ok', (error: Error) => error.name);
      for (let index = 0; index < burst; index++) expect(await outcome()).not.toBe('RequestLimitExceeded');
      expect(await outcome()).toBe('RequestLimitExceeded');

      await sim.clock.sleep(Math.ceil(1000 / perSecond));
      expect(await outcome()).not.toBe('RequestLimitExceeded');
      expect(await outcome()).toBe('RequestLimitExceeded');
    });

    it.each<[string, Record<string, unknown>]>([
      ['a filter', { Filters: [{ Name: 'vpc-id', Values: ['vpc-00000000000000000'] }] }],
      ['MaxResults', { MaxResults: 1000 }],
      ['group IDs', { GroupIds: ['sg-00000000000000000'] }],
    ])('keeps DescribeSecurityGroups with %s on the Describe bucket (100), apart from the unfiltered one', async (_label, input) => {
      const sim = new Ec2Simulator({ timing: consistency });
      sim.faults.throttling = true;
      const outcome = (callInput: Record<string, unknown>) => sim.call('DescribeSecurityGroups', callInput).then(() => 'ok', (error: Error) => error.name);
      for (let index = 0; index < 50; index++) expect(await outcome({})).not.toBe('RequestLimitExceeded');
      expect(await outcome({})).toBe('RequestLimitExceeded');

      for (let index = 0; index < 100; index++) expect(await outcome(input)).not.toBe('RequestLimitExceeded');
      expect(await outcome(input)).toBe('RequestLimitExceeded');
    });

    it('refills the bucket on the clock and keeps accounts apart', async () => {
      const sim = new Ec2Simulator({ timing: consistency });
      sim.faults.throttling = true;
      const mutate = (accountId?: string) => sim.call('ModifyVpcEndpoint', { VpcEndpointId: 'vpce-0000000000000000a' }, { accountId });
      for (let index = 0; index < 4; index++) await expectCode(mutate(), 'InvalidVpcEndpointId.NotFound');
      await expectCode(mutate(), 'RequestLimitExceeded');
      await expectCode(mutate(OTHER_ACCOUNT), 'InvalidVpcEndpointId.NotFound');
      await sim.clock.sleep(3_334); // 0.3 tokens per second: one token after 3.33 s
      await expectCode(mutate(), 'InvalidVpcEndpointId.NotFound');
      const error = await mutate().catch((caught: { $metadata: { httpStatusCode: number } }) => caught);
      expect(error).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
    });

    it('gives each endpoint action its own bucket: an empty DeleteVpcEndpoints bucket throttles neither CreateVpcEndpoint nor ModifyVpcEndpoint', async () => {
      const sim = new Ec2Simulator();
      sim.faults.throttling = true;
      const outcome = (action: string, input: Record<string, unknown>) => sim.call(action, input).then(() => 'ok', (error: Error) => error.name);
      const deleteInput = { VpcEndpointIds: ['vpce-0000000000000000a'] };
      for (let index = 0; index < 4; index++) expect(await outcome('DeleteVpcEndpoints', deleteInput)).not.toBe('RequestLimitExceeded');
      expect(await outcome('DeleteVpcEndpoints', deleteInput)).toBe('RequestLimitExceeded');

      expect(await outcome('ModifyVpcEndpoint', { VpcEndpointId: 'vpce-0000000000000000a' })).toBe('InvalidVpcEndpointId.NotFound');
      expect(await outcome('CreateVpcEndpoint', { VpcId: 'vpc-00000000000000000', ServiceName: 'com.amazonaws.us-east-1.s3' })).not.toBe('RequestLimitExceeded');
    });

    it.each([
      ['DescribeSubnets', 'DescribeVpcs', 100],
      ['CreateSubnet', 'AuthorizeSecurityGroupIngress', 50],
    ])('does not throttle %s when %s has emptied its own bucket', async (fresh, drained, burst) => {
      const sim = new Ec2Simulator();
      sim.faults.throttling = true;
      const outcome = (action: string) => sim.call(action, {}).then(() => 'ok', (error: Error) => error.name);
      for (let index = 0; index < burst; index++) expect(await outcome(drained)).not.toBe('RequestLimitExceeded');
      expect(await outcome(drained)).toBe('RequestLimitExceeded');

      expect(await outcome(fresh)).not.toBe('RequestLimitExceeded');
    });

    it('throttles a seeded, repeatable share of calls with forcedThrottleRate', async () => {
      const outcomes = async () => {
        const sim = new Ec2Simulator({ seed: 7, timing: consistency });
        sim.faults.forcedThrottleRate = 0.3;
        const results: string[] = [];
        for (let index = 0; index < 200; index++) results.push(await sim.call('DescribeVpcs', {}).then(() => 'ok', (error: Error) => error.name));
        return results;
      };
      const first = await outcomes();
      const throttled = first.filter((outcome) => outcome === 'RequestLimitExceeded').length;
      expect(throttled).toBeGreaterThan(30);
      expect(throttled).toBeLessThan(90);
      expect(await outcomes()).toEqual(first);
    });
  });

  describe('crash after mutations', () => {
    it('keeps the k-th write, fails its caller and every later call until recover()', async () => {
      const { sim, vpcId } = await basicWorld({ timing: consistency });
      sim.resetCallLog();
      sim.faults.crashAfterMutations = 2;

      await sim.call('CreateTags', { Resources: [vpcId], Tags: [{ Key: 'one', Value: '1' }] });
      await expectCode(sim.call('CreateTags', { Resources: [vpcId], Tags: [{ Key: 'two', Value: '2' }] }), 'SimulatedCrash');
      await expectCode(sim.call('DescribeVpcs', {}), 'SimulatedCrash');
      await expectCode(sim.call('DescribeVpcs', {}, { accountId: OTHER_ACCOUNT }), 'SimulatedCrash');

      sim.recover();
      const { Vpcs } = (await sim.call('DescribeVpcs', { VpcIds: [vpcId] })) as { Vpcs: Array<{ Tags: unknown }> };
      expect(Vpcs[0]?.Tags).toEqual([{ Key: 'one', Value: '1' }, { Key: 'two', Value: '2' }]);
      expect(sim.calls.map((call) => call.outcome)).toEqual(['ok', 'SimulatedCrash', 'SimulatedCrash', 'SimulatedCrash', 'ok']);
      expect(sim.writes().map((call) => call.input.Tags)).toEqual([[{ Key: 'one', Value: '1' }], [{ Key: 'two', Value: '2' }]]);
    });

    it('crashes where an onMutation hook says so, counting from when it was set', async () => {
      const { sim, vpcId } = await basicWorld({ timing: consistency });
      const seen: Array<[number, string]> = [];
      sim.faults.onMutation = (count, record) => {
        seen.push([count, record.action]);
        return record.action === 'CreateVpcEndpoint';
      };
      await sim.call('CreateTags', { Resources: [vpcId], Tags: [{ Key: 'a', Value: 'b' }] });
      await expectCode(sim.call('CreateVpcEndpoint', interfaceInput(vpcId, [])), 'SimulatedCrash');
      expect(seen).toEqual([[1, 'CreateTags'], [2, 'CreateVpcEndpoint']]);
      sim.recover();
      // The crashed call's endpoint was kept; EC2 lists it once the eventual-consistency window has passed.
      expect((await sim.call('DescribeVpcEndpoints', {})).VpcEndpoints).toHaveLength(0);
      await sim.clock.sleep(consistency.visibilityDelayMs);
      expect((await sim.call('DescribeVpcEndpoints', {})).VpcEndpoints).toHaveLength(1);
    });
  });

  describe('call log', () => {
    it('records action, input, account, mutating, outcome and clock time of every call', async () => {
      const clock = new VirtualClock(1_000);
      const sim = new Ec2Simulator({ clock, timing: { ...consistency, latencyMs: 50 } });
      await sim.client().send(new CreateTagsCommand({ Resources: ['vpc-0000000000000000a'], Tags: [{ Key: 'k', Value: 'v' }] })).catch(() => undefined);
      await sim.call('DescribeVpcs', {}, { accountId: OTHER_ACCOUNT });
      expect(sim.calls).toEqual([
        { action: 'CreateTags', input: { Resources: ['vpc-0000000000000000a'], Tags: [{ Key: 'k', Value: 'v' }] }, accountId: '123456789012', mutating: true, outcome: 'InvalidVpcID.NotFound', applied: false, at: 1_050 },
        { action: 'DescribeVpcs', input: {}, accountId: OTHER_ACCOUNT, mutating: false, outcome: 'ok', applied: false, at: 1_100 },
      ]);
      sim.resetCallLog();
      expect(sim.calls).toEqual([]);
    });

    it('overlaps the latency of parallel calls on the virtual clock', async () => {
      const sim = new Ec2Simulator({ clock: new VirtualClock(0), timing: { ...consistency, latencyMs: 200 } });
      await Promise.all(Array.from({ length: 5 }, () => sim.call('DescribeVpcs', {})));
      expect(sim.clock.now()).toBe(200);
      expect(sim.calls.map((call) => call.at)).toEqual([200, 200, 200, 200, 200]);
    });
  });
});
