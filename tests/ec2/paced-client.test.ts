import { CreateVpcEndpointCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { actionClassOf, actionNameOf, PacedEc2Client, type Ec2Sender } from '../../lib/ec2/paced-client';
import { isThrottling, isTransient } from '../../lib/ec2/errors';
import { VirtualClock } from '../support/ec2-sim';

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
    ['CreateSubnet', 'mutation'],
  ])('classes %s as %s, as EC2 throttles it', (action, expected) => {
    expect(actionClassOf(action)).toBe(expected);
  });

  it('reads the action name from the command, not its (minifiable) class name', () => {
    expect(actionNameOf(new DescribeVpcsCommand({}))).toBe('DescribeVpcs');
    expect(actionNameOf(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }))).toBe('CreateVpcEndpoint');
  });

  it('retries throttling with growing back-off and returns the eventual answer', async () => {
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [ec2Error('RequestLimitExceeded', 503), ec2Error('RequestLimitExceeded', 503), 'ok']);
    const paced = new PacedEc2Client(client, { clock, random: () => 1 });

    const output = await paced.send(new DescribeVpcsCommand({}));

    expect(output).toEqual({ ok: true });
    expect(client.arrivals).toHaveLength(3);
    const gaps = [client.arrivals[1]! - client.arrivals[0]!, client.arrivals[2]! - client.arrivals[1]!];
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
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
