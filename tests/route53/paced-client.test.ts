import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { isRoute53Retryable, isRoute53Throttling } from '../../lib/route53/errors';
import { PacedRoute53Client, route53BucketOf } from '../../lib/route53/paced-client';
import { VirtualClock } from '../support/ec2-sim';
import { scriptedSender } from '../support/scripted-sender';

function route53Error(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
}

const scriptedClient = scriptedSender;

const zone = () => new CreateHostedZoneCommand({ Name: 'logs.eu-west-1.amazonaws.com', CallerReference: 'r' });
const change = () => new ChangeResourceRecordSetsCommand({ HostedZoneId: 'Z1', ChangeBatch: { Changes: [] } });

describe('PacedRoute53Client', () => {
  it.each<[string, { burst: number; perSecond: number }]>([
    ['CreateHostedZone', { burst: 40, perSecond: 2 }],
    ['AssociateVPCWithHostedZone', { burst: 20, perSecond: 5 }],
    ['ChangeResourceRecordSets', { burst: 50, perSecond: 10 }],
    ['ListHostedZones', { burst: 50, perSecond: 10 }],
    ['toString', { burst: 50, perSecond: 10 }],
  ])('sizes the bucket of %s as Route 53 does', (action, expected) => {
    expect(route53BucketOf(action)).toStrictEqual(expected);
  });

  it('sends a burst of 50 at once, then 10 a second (a token every 100 ms, used 10 ms after it exists)', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedRoute53Client(client, { clock });

    // Act
    await Promise.all(Array.from({ length: 52 }, () => paced.send(new ListHostedZonesCommand({}))));

    // Assess
    expect(client.arrivals.filter((at) => at === 0)).toHaveLength(50);
    expect(client.arrivals.filter((at) => at > 0)).toStrictEqual([110, 210]);
  });

  it('paces CreateHostedZone to its own bucket: 40, then 2 a second', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedRoute53Client(client, { clock });

    // Act
    await Promise.all(Array.from({ length: 41 }, () => paced.send(zone())));

    // Assess: the 41st waits for the next token (500 ms) and the margin, a tenth of that interval.
    expect(client.arrivals.filter((at) => at > 0)).toStrictEqual([550]);
  });

  it('draws every action on the account bucket too: 55 calls of two actions, each under its own burst, wait for the account', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedRoute53Client(client, { clock });

    // Act
    await Promise.all([...Array.from({ length: 30 }, () => paced.send(zone())), ...Array.from({ length: 25 }, () => paced.send(change()))]);

    // Assess
    expect(client.arrivals.filter((at) => at > 0)).toStrictEqual([110, 210, 310, 410, 510]);
  });

  it('retries a throttled call when the buckets have a token again', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [route53Error('Throttling'), 'ok']);
    const paced = new PacedRoute53Client(client, { clock });

    // Act
    await paced.send(change());

    // Assess
    expect(client.arrivals).toStrictEqual([0, 110]);
  });

  it('backs a call throttled again off beyond the next token, over a jittered interval that doubles (500 ms, 1 s)', async () => {
    // Prepare: three throttles in a row, as when many invocations share the account's bucket.
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [route53Error('Throttling'), route53Error('Throttling'), route53Error('Throttling'), 'ok']);
    const paced = new PacedRoute53Client(client, { clock, random: () => 0.5 });

    // Act
    await paced.send(change());

    // Assess: the next token (110 ms), then half of 500 ms, then half of 1 s (the buckets have refilled meanwhile).
    expect(client.arrivals).toStrictEqual([0, 110, 360, 860]);
  });

  it('keeps retrying a throttled call past EC2\'s 8 attempts (the account bucket is shared by every invocation)', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [...Array.from({ length: 12 }, () => route53Error('Throttling')), 'ok']);
    const paced = new PacedRoute53Client(client, { clock, random: () => 0 });

    // Act & Assess
    await expect(paced.send(change())).resolves.toStrictEqual({});
    expect(client.arrivals).toHaveLength(13);
  });

  it('gives a call lost to other callers up after 40 losses, and a failing one after maxAttempts, each counted apart', async () => {
    // Prepare: throttles and changes of the zone in progress are both other callers' doing.
    const clock = new VirtualClock();
    const lost = (index: number) => route53Error(index % 2 === 0 ? 'Throttling' : 'PriorRequestNotComplete');
    const throttledClient = scriptedClient(clock, Array.from({ length: 41 }, (_, index) => lost(index)));
    const mixedClient = scriptedClient(clock, [route53Error('Throttling'), route53Error('InternalFailure', 500), route53Error('PriorRequestNotComplete'), route53Error('InternalFailure', 500), 'ok']);

    // Act
    const throttled = new PacedRoute53Client(throttledClient, { clock, random: () => 0 }).send(change());
    const mixed = new PacedRoute53Client(mixedClient, { clock, random: () => 0, maxAttempts: 3 }).send(change());

    // Assess
    await expect(throttled).rejects.toMatchObject({ name: 'PriorRequestNotComplete' });
    expect(throttledClient.arrivals).toHaveLength(40);
    await expect(mixed).resolves.toStrictEqual({});
    expect(mixedClient.arrivals).toHaveLength(5);
  });

  it('hands a throttled call\'s back-off over as out of time when it would end past the invocation\'s time', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [route53Error('Throttling'), route53Error('Throttling'), 'ok']);
    const paced = new PacedRoute53Client(client, { clock, random: () => 0.99, remainingMs: () => 400 });

    // Act & Assess
    await expect(paced.send(change())).rejects.toMatchObject({ name: 'OutOfTimeError' });
    expect(client.arrivals).toStrictEqual([0, 110]);
  });

  it('retries PriorRequestNotComplete after an exponential, jittered back-off', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [route53Error('PriorRequestNotComplete'), route53Error('PriorRequestNotComplete'), 'ok']);
    const paced = new PacedRoute53Client(client, { clock, random: () => 0.5 });

    // Act
    await paced.send(change());

    // Assess: half of 400 ms, then half of 800 ms.
    expect(client.arrivals).toStrictEqual([0, 200, 600]);
  });

  it('gives up after maxAttempts and returns the last error', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [route53Error('InternalFailure', 500), route53Error('InternalFailure', 500), route53Error('InternalFailure', 500)]);
    const paced = new PacedRoute53Client(client, { clock, maxAttempts: 2, random: () => 0 });

    // Act & Assess
    await expect(paced.send(change())).rejects.toMatchObject({ name: 'InternalFailure' });
    expect(client.arrivals).toHaveLength(2);
  });

  it('returns any other error at once', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, [route53Error('HostedZoneAlreadyExists')]);
    const paced = new PacedRoute53Client(client, { clock });

    // Act & Assess
    await expect(paced.send(zone())).rejects.toMatchObject({ name: 'HostedZoneAlreadyExists' });
    expect(client.arrivals).toStrictEqual([0]);
  });

  it('refuses a wait that would end past the invocation\'s time', async () => {
    // Prepare
    const clock = new VirtualClock();
    const client = scriptedClient(clock, []);
    const paced = new PacedRoute53Client(client, { clock, remainingMs: () => 300 });

    // Act
    const results = await Promise.allSettled(Array.from({ length: 41 }, () => paced.send(zone())));

    // Assess
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(client.arrivals).toHaveLength(40);
  });
});

describe('Route 53 error recognition', () => {
  it.each<[string, boolean, boolean]>([
    ['Throttling', true, true],
    ['PriorRequestNotComplete', false, true],
    ['InternalFailure', false, true],
    ['HostedZoneAlreadyExists', false, false],
    ['ConflictingDomainExists', false, false],
    ['InvalidChangeBatch', false, false],
  ])('%s: throttling %s, retryable %s', (name, throttling, retryable) => {
    expect(isRoute53Throttling(route53Error(name))).toBe(throttling);
    expect(isRoute53Retryable(route53Error(name))).toBe(retryable);
  });
});
