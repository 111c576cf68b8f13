import {
  CreateSubnetCommand,
  CreateVpcEndpointCommand,
  DeleteTagsCommand,
  DeleteVpcEndpointsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { actionClassOf, actionNameOf, bucketNameOf, PacedEc2Client, type Ec2Sender } from '../../lib/ec2/paced-client';
import { isThrottling, isTransient } from '../../lib/ec2/errors';
import { Ec2Simulator, VirtualClock } from '../support/ec2-sim';

function ec2Error(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

/** A client that answers from a script of outcomes and records when each call arrived. */
function scriptedClient(clock: VirtualClock, outcomes: (Error | 'ok')[]): Ec2Sender & { arrivals: number[] } {
  const arrivals: number[] = [];
  return {
    arrivals,
    async send() {
      arrivals.push(clock.now());
      const next = outcomes.shift() ?? 'ok';
      if (next instanceof Error) throw next;
      return { ok: true };
    },
  };
}

describe('PacedEc2Client', () => {
  it.each([
    ['DescribeSubnets', 'describe'],
    ['CreateVpcEndpoint', 'endpoint-mutation'],
    ['ModifyVpcEndpoint', 'endpoint-mutation'],
    ['DeleteVpcEndpoints', 'endpoint-mutation'],
    ['CreateTags', 'tags'],
    ['DeleteTags', 'tags'],
    ['CreateSubnet', 'mutation'],
    ['AuthorizeSecurityGroupIngress', 'mutation'],
    ['DescribeSecurityGroups (unfiltered)', 'unfiltered-describe'],
    ['DescribeNetworkInterfaces (unfiltered)', 'unfiltered-describe'],
  ])('classes %s as %s, as EC2 throttles it', (action, expected) => {
    expect(actionClassOf(action)).toBe(expected);
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['unfiltered, unpaginated', 'DescribeSecurityGroups', {}, 'DescribeSecurityGroups (unfiltered)'],
    ['unfiltered, unpaginated', 'DescribeNetworkInterfaces', {}, 'DescribeNetworkInterfaces (unfiltered)'],
    ['with an empty Filters list', 'DescribeSecurityGroups', { Filters: [] }, 'DescribeSecurityGroups (unfiltered)'],
    ['filtered', 'DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }] }, 'DescribeSecurityGroups'],
    ['by group ID', 'DescribeSecurityGroups', { GroupIds: ['sg-1'] }, 'DescribeSecurityGroups'],
    ['by group name', 'DescribeSecurityGroups', { GroupNames: ['default'] }, 'DescribeSecurityGroups'],
    ['paginated', 'DescribeNetworkInterfaces', { MaxResults: 1000 }, 'DescribeNetworkInterfaces'],
    ['with a NextToken', 'DescribeSecurityGroups', { NextToken: 't' }, 'DescribeSecurityGroups'],
    ['by interface ID', 'DescribeNetworkInterfaces', { NetworkInterfaceIds: ['eni-1'] }, 'DescribeNetworkInterfaces'],
    ['unfiltered (no smaller bucket for it)', 'DescribeSubnets', {}, 'DescribeSubnets'],
    ['a name on Object.prototype', 'toString', {}, 'toString'],
  ])('draws a %s %s on the bucket %j', (_label, action, input, expected) => {
    expect(bucketNameOf(action, input)).toBe(expected);
  });

  it('paces unfiltered DescribeSecurityGroups to a burst of 50, then 10 a second, apart from the filtered calls', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedEc2Client(client, { clock });
    const start = clock.now();

    await Promise.all(Array.from({ length: 52 }, () => paced.send(new DescribeSecurityGroupsCommand({}))));
    const unfiltered = client.arrivals.map((at) => at - start);
    await paced.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-1'] }));

    expect(unfiltered.slice(0, 50)).toEqual(Array(50).fill(0));
    // 10 a second: a token every 100 ms, used 10 ms (a tenth of the interval) after it exists.
    expect(unfiltered.slice(50)).toEqual([110, 210]);
    expect(client.arrivals.at(-1)! - start).toBe(210);
  });

  it('keeps the refill margin at a tenth of the interval for fast buckets and 100 ms for slow ones', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedEc2Client(client, { clock });
    const start = clock.now();
    const sendMany = (count: number, command: () => object) => Promise.all(Array.from({ length: count }, () => paced.send(command())));

    // Describe: 100, then 20 a second (a token every 50 ms, used 5 ms late); CreateSubnet: 50, then 5 a second (200 ms, 20 ms
    // late); DeleteTags: 100, then 10 a second (100 ms, 10 ms late); endpoints: 4, then 0.3 a second (3 334 ms, 100 ms late).
    await Promise.all([
      sendMany(102, () => new DescribeVpcsCommand({})),
      sendMany(52, () => new CreateSubnetCommand({ VpcId: 'vpc-1' })),
      sendMany(101, () => new DeleteTagsCommand({ Resources: ['vpc-1'] })),
      sendMany(5, () => new DescribeNetworkInterfacesCommand({ MaxResults: 5 })),
      sendMany(5, () => new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpce-1' })),
    ]);

    const late = client.arrivals.map((at) => at - start).filter((offset) => offset > 0);
    expect(late).toEqual([55, 105, 110, 220, 420, 3_434]);
  });

  it('reads the action name from the command, not its (minifiable) class name', () => {
    expect(actionNameOf(new DescribeVpcsCommand({}))).toBe('DescribeVpcs');
    expect(actionNameOf(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }))).toBe('CreateVpcEndpoint');
  });

  it('retries a throttled call when its bucket has a token again (one refill interval plus the margin), not on an exponential schedule', async () => {
    const clock = new VirtualClock();
    const throttled = () => ec2Error('RequestLimitExceeded', 503);
    const client = scriptedClient(clock, [throttled(), throttled(), throttled(), 'ok']);
    const paced = new PacedEc2Client(client, { clock, random: () => 1 });

    const output = await paced.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }));

    expect(output).toEqual({ ok: true });
    expect(client.arrivals).toHaveLength(4);
    const gaps = client.arrivals.slice(1).map((at, index) => at - client.arrivals[index]!);
    // 0.3 tokens per second: the next token 3 334 ms after the bucket was found empty, used 100 ms after it exists.
    expect(gaps).toEqual([3_434, 3_434, 3_434]);
  });

  it('retries a server fault with growing back-off', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [ec2Error('InternalError', 500), ec2Error('InternalError', 500), 'ok']);
    const paced = new PacedEc2Client(client, { clock, random: () => 1 });

    const output = await paced.send(new DescribeVpcsCommand({}));

    expect(output).toEqual({ ok: true });
    expect(client.arrivals).toHaveLength(3);
    const gaps = [client.arrivals[1]! - client.arrivals[0]!, client.arrivals[2]! - client.arrivals[1]!];
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
  });

  it('paces each action in its own bucket, as EC2 does: four DeleteVpcEndpoints leave CreateVpcEndpoint and ModifyVpcEndpoint their burst', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedEc2Client(client, { clock });
    const start = clock.now();

    await Promise.all(Array.from({ length: 4 }, () => paced.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: ['vpce-1'] }))));
    await paced.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }));
    await paced.send(new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpce-1' }));

    expect(client.arrivals.map((at) => at - start)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it.each([
    ['a steady 100 ms', [100, 100, 100, 100, 100, 100, 100]],
    ['140 ms for the burst, then 60 ms', [140, 140, 140, 140, 60, 60, 60]],
    ['alternating 60 and 140 ms', [60, 140, 60, 140, 60, 140, 60]],
  ])('paces 7 endpoint creations so that EC2 throttles none of them, with %s to reach EC2', async (_case, latencies) => {
    const clock = new VirtualClock();
    const sim = new Ec2Simulator({ clock });
    sim.faults.throttling = true;
    const simClient = sim.client();
    expect(latencies).toHaveLength(7);
    const pending = [...latencies];
    // The network between the client and EC2: each call takes its own time to arrive.
    const network: Ec2Sender = {
      async send(command) {
        await clock.sleep(pending.shift() ?? 100);
        return simClient.send(command);
      },
    };
    const paced = new PacedEc2Client(network, { clock });
    const start = clock.now();

    await Promise.all(
      Array.from({ length: 7 }, () => paced.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-00000000000000000', ServiceName: 's' })).catch(() => undefined)),
    );

    const calls = sim.calls.filter((call) => call.action === 'CreateVpcEndpoint');
    expect(calls.filter((call) => call.outcome === 'RequestLimitExceeded')).toEqual([]);
    expect(calls).toHaveLength(7);
    // The floor: 3 calls beyond the burst of 4, at 0.3 per second, is 10 s; the margin may add 0.1 s to each.
    expect(clock.now() - start).toBeLessThanOrEqual(10_000 + 3 * 100 + 140 + 10);
  });

  it('after a throttle, drains its own bucket: the calls that follow wait for EC2\'s tokens instead of being throttled too', async () => {
    const clock = new VirtualClock();
    const sim = new Ec2Simulator({ clock, timing: { latencyMs: 100 } });
    sim.faults.throttling = true;
    const create = () => new CreateVpcEndpointCommand({ VpcId: 'vpc-00000000000000000', ServiceName: 's' });
    // Another stack in the account has just used the 4 tokens of the burst.
    const otherStack = sim.client({});
    await Promise.all(Array.from({ length: 4 }, () => otherStack.send(create()).catch(() => undefined)));
    sim.resetCallLog();
    const paced = new PacedEc2Client(sim.client(), { clock });

    await paced.send(create()).catch(() => undefined);
    await Promise.all(Array.from({ length: 3 }, () => paced.send(create()).catch(() => undefined)));

    const outcomes = sim.calls.map((call) => call.outcome);
    expect(outcomes).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === 'RequestLimitExceeded')).toHaveLength(1);
    expect(outcomes[0]).toBe('RequestLimitExceeded');
  });

  it('sends nothing once the working time is spent, and begins no token wait that would outlast it', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    let remainingMs = 2_000;
    const paced = new PacedEc2Client(client, { clock, remainingMs: () => remainingMs });
    const create = () => paced.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }));

    const burst = await Promise.all(Array.from({ length: 4 }, () => create()));
    // The fifth needs 3.4 s for its token: more than the 2 s left.
    const fifth = await create().catch((error: Error) => error);
    remainingMs = 0;
    const described = await paced.send(new DescribeVpcsCommand({})).catch((error: Error) => error);

    expect(burst).toHaveLength(4);
    expect(fifth).toMatchObject({ name: 'OutOfTimeError', pending: ['CreateVpcEndpoint'] });
    expect(described).toMatchObject({ name: 'OutOfTimeError', pending: ['DescribeVpcs'] });
    expect(client.arrivals).toHaveLength(4);
    expect(clock.now() - client.arrivals[0]!).toBe(0);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, Array.from({ length: 10 }, () => ec2Error('RequestLimitExceeded', 503)));
    const paced = new PacedEc2Client(client, { clock, maxAttempts: 3, random: () => 0.5 });

    await expect(paced.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    expect(client.arrivals).toHaveLength(3);
  });

  it.each(['InvalidSubnet.Conflict', 'InvalidParameter', 'UnauthorizedOperation'])('never retries %s: the caller decides what it means', async (code) => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [ec2Error(code)]);
    const paced = new PacedEc2Client(client, { clock });

    await expect(paced.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: code });
    expect(client.arrivals).toHaveLength(1);
  });

  it('paces endpoint mutations to a burst of 4, then about one every 3.3 s', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedEc2Client(client, { clock });
    const start = clock.now();

    await Promise.all(Array.from({ length: 7 }, () => paced.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }))));

    const offsets = client.arrivals.map((at) => at - start);
    expect(offsets.slice(0, 4)).toEqual([0, 0, 0, 0]);
    for (let index = 4; index < 7; index++) {
      expect(offsets[index]! - offsets[index - 1]!).toBeGreaterThanOrEqual(3_333);
    }
  });

  it('does not pace Describe calls within their burst', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedEc2Client(client, { clock });
    const start = clock.now();

    await Promise.all(Array.from({ length: 20 }, () => paced.send(new DescribeVpcsCommand({}))));

    expect(new Set(client.arrivals.map((at) => at - start))).toEqual(new Set([0]));
  });
});

describe('EC2 error recognition', () => {
  it.each([
    [ec2Error('RequestLimitExceeded', 503), true, true],
    [ec2Error('InternalError', 500), false, true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), false, true],
    [ec2Error('InvalidSubnet.Conflict'), false, false],
    [new TypeError('bug'), false, false],
  ])('classifies %s', (error, throttling, transient) => {
    expect(isThrottling(error)).toBe(throttling);
    expect(isTransient(error)).toBe(transient);
  });
});
