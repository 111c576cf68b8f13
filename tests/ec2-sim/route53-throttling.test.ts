/**
 * Route 53's throttling in the simulator: the current token buckets per account and per action, and the old hard 5
 * requests per second per account, switched with `sim.route53Settings.throttling`. Time moves only on the virtual clock.
 */
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { Ec2Simulator, WorldBuilder } from '../support/ec2-sim';
import type { VirtualClock } from '../support/ec2-sim/clock';

const OTHER_ACCOUNT = '210987654321';

/** Sends `count` calls at the same instant; the outcome of each (`ok` or the error's name). */
async function burst(sim: Ec2Simulator, count: number, action = 'ListHostedZones', input: (i: number) => Record<string, unknown> = () => ({}), accountId?: string) {
  const outcomes: string[] = [];
  for (let i = 0; i < count; i++) {
    outcomes.push(
      await sim.route53Call(action, input(i), accountId === undefined ? {} : { accountId }).then(
        () => 'ok',
        (error: { name: string }) => error.name,
      ),
    );
  }
  return outcomes;
}

const countOf = (outcomes: string[], outcome: string) => outcomes.filter((o) => o === outcome).length;

describe('Route 53 throttling', () => {
  it('is off by default', async () => {
    const sim = new Ec2Simulator();

    expect(countOf(await burst(sim, 200), 'ok')).toBe(200);
  });

  it('token buckets: the account’s burst of 50 (per action 50), then Throttling “Rate exceeded” (HTTP 400); refilled at 10 per second', async () => {
    const sim = new Ec2Simulator();
    sim.route53Settings.throttling = 'token-buckets';

    const first = await burst(sim, 51);
    const rejection = await sim.route53Client().send(new ListHostedZonesCommand({})).catch((error: unknown) => error);
    (sim.clock as VirtualClock).advance(100);
    const afterATenth = await burst(sim, 2);

    expect(countOf(first, 'ok')).toBe(50);
    expect(first[50]).toBe('Throttling');
    expect(rejection).toMatchObject({ name: 'Throttling', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    expect(afterATenth).toEqual(['ok', 'Throttling']);
  });

  it('token buckets: each account has its own', async () => {
    const sim = new Ec2Simulator();
    sim.route53Settings.throttling = 'token-buckets';

    await burst(sim, 50);

    expect(await burst(sim, 1, 'ListHostedZones', () => ({}), OTHER_ACCOUNT)).toEqual(['ok']);
  });

  it('token buckets: CreateHostedZone has its own smaller bucket (40, refilled at 2 per second)', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).build();
    sim.route53Settings.throttling = 'token-buckets';
    const create = (i: number) => ({ Name: `z${i}.example.com`, CallerReference: `r${i}`, VPC: { VPCId: world.id('v'), VPCRegion: 'us-east-1' } });

    const creates = await burst(sim, 41, 'CreateHostedZone', create);
    const reads = await burst(sim, 1);

    expect(countOf(creates, 'ok')).toBe(40);
    expect(creates[40]).toBe('Throttling');
    expect(reads).toEqual(['ok']);
    expect(sim.state.hostedZones.size).toBe(40);
  });

  it('token buckets: AssociateVPCWithHostedZone has its own bucket of 20', async () => {
    const sim = new Ec2Simulator();
    sim.route53Settings.throttling = 'token-buckets';

    const outcomes = await burst(sim, 21, 'AssociateVPCWithHostedZone', () => ({ HostedZoneId: 'Z0000000000000', VPC: { VPCId: 'vpc-0000000000000000a', VPCRegion: 'us-east-1' } }));

    // The first 20 reach Route 53 (and fail on their own merits); the 21st is throttled.
    expect(outcomes.slice(0, 20).every((outcome) => outcome !== 'Throttling')).toBe(true);
    expect(outcomes[20]).toBe('Throttling');
  });

  it('five per second (the old hard limit): the sixth call in a second is throttled, whatever the action', async () => {
    const sim = new Ec2Simulator();
    sim.route53Settings.throttling = 'five-per-second';

    const first = await burst(sim, 6);
    (sim.clock as VirtualClock).advance(200);
    const next = await burst(sim, 2, 'GetChange', () => ({ Id: 'C0000000000000' }));

    expect(first).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'Throttling']);
    expect(next).toEqual(['NoSuchChange', 'Throttling']);
  });

  it('logs throttled calls as such, without effect', async () => {
    const sim = new Ec2Simulator();
    const world = await new WorldBuilder(sim).vpc('v', { cidr: '10.0.0.0/16' }).build();
    sim.route53Settings.throttling = 'five-per-second';
    sim.resetCallLog();

    await burst(sim, 6, 'CreateHostedZone', (i) => ({ Name: `z${i}.example.com`, CallerReference: `r${i}`, VPC: { VPCId: world.id('v'), VPCRegion: 'us-east-1' } }));

    expect(sim.calls.map((call) => call.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'Throttling']);
    expect(sim.writes()).toHaveLength(5);
  });
});
