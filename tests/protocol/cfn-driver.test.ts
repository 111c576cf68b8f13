import * as http from 'node:http';
import type { Context } from 'aws-lambda';
import type { Clock } from '../../lib/clock';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { CloudFormationDriver } from '../support/cfn-driver';
import { fakeContext } from '../support/lambda-context';

/** PUT (or another method) with full control of the headers, to exercise the driver's checks. */
function rawRequest(url: string, body: string, headers: http.OutgoingHttpHeaders, method = 'PUT'): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function answerFor(event: CustomResourceEvent, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Status: 'SUCCESS',
    PhysicalResourceId: 'id-1',
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    ...overrides,
  });
}

describe('CloudFormationDriver', () => {
  let cfn: CloudFormationDriver;
  beforeEach(async () => {
    cfn = await CloudFormationDriver.start();
  });
  afterEach(async () => {
    await cfn.close();
  });

  it('builds events as CloudFormation sends them: string values, ServiceToken, one stack, fresh request IDs', () => {
    const create = cfn.createEvent({ VpcId: 'vpc-12345678', SubnetPrefixLength: 28, PrivateDnsEnabled: true, SubnetIds: ['subnet-1', 'subnet-2'] });
    const update = cfn.updateEvent('id-1', { VpcId: 'vpc-12345678' }, { VpcId: 'vpc-87654321', SubnetPrefixLength: 27 });
    const remove = cfn.deleteEvent('id-1', { VpcId: 'vpc-12345678' }, { logicalResourceId: 'Other' });

    expect(create).toMatchObject({
      RequestType: 'Create',
      StackId: expect.stringMatching(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/vpce-demo\/[0-9a-f-]{36}$/),
      LogicalResourceId: 'VpcEndpoints',
      ResourceProperties: { SubnetPrefixLength: '28', PrivateDnsEnabled: 'true', SubnetIds: ['subnet-1', 'subnet-2'] },
    });
    expect(create.ResourceProperties.ServiceToken).toBe('arn:aws:lambda:us-east-1:123456789012:function:vpce-provisioner');
    expect(update).toMatchObject({ RequestType: 'Update', PhysicalResourceId: 'id-1', OldResourceProperties: { VpcId: 'vpc-87654321', SubnetPrefixLength: '27' } });
    expect(remove).toMatchObject({ RequestType: 'Delete', PhysicalResourceId: 'id-1', LogicalResourceId: 'Other' });
    expect(new Set([create.StackId, update.StackId, remove.StackId]).size).toBe(1);
    expect(new Set([create.RequestId, update.RequestId, remove.RequestId]).size).toBe(3);
    expect(create.ResponseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/responses\/\d+\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=.+&X-Amz-Signature=[0-9a-f]{64}$/);
  });

  it('keeps a stack ID per account, region and stack name', () => {
    expect(cfn.createEvent({}, { region: 'us-gov-west-1' }).StackId).toMatch(/^arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack\/vpce-demo\//);
    expect(cfn.stackId({ stackName: 'a' })).not.toBe(cfn.stackId({ stackName: 'b' }));
    expect(cfn.stackId({ accountId: '210987654321' })).toContain(':210987654321:');
  });

  it('exposes the secret of every ResponseURL', () => {
    const first = cfn.createEvent({});
    const second = cfn.deleteEvent('id', {});

    const secrets = cfn.secretsInUrls();

    for (const event of [first, second]) {
      expect(secrets).toContain(new URL(event.ResponseURL).searchParams.get('X-Amz-Signature'));
    }
  });

  it('records a well-formed answer without problems, and the last answer wins', async () => {
    const event = cfn.createEvent({});

    await rawRequest(event.ResponseURL, answerFor(event, { Status: 'FAILED', Reason: 'first' }), { 'Content-Type': '' });
    await rawRequest(event.ResponseURL, answerFor(event), { 'Content-Type': '' });

    expect(cfn.responses).toHaveLength(2);
    expect(cfn.responseFor(event)?.body?.Status).toBe('SUCCESS');
    expect(cfn.responseFor(event)?.problems).toEqual([]);
  });

  it.each([
    ['a JSON Content-Type', (event: CustomResourceEvent) => answerFor(event), { 'Content-Type': 'application/json' }, 'Content-Type is "application/json", not empty'],
    ['FAILED without a Reason', (event: CustomResourceEvent) => answerFor(event, { Status: 'FAILED' }), { 'Content-Type': '' }, 'FAILED without a Reason'],
    ['an empty physical ID', (event: CustomResourceEvent) => answerFor(event, { PhysicalResourceId: '' }), { 'Content-Type': '' }, 'PhysicalResourceId is missing or empty'],
    ['a body over 4096 bytes', (event: CustomResourceEvent) => answerFor(event, { Reason: '€'.repeat(1400) }), { 'Content-Type': '' }, 'over 4096'],
    ['a wrong RequestId', (event: CustomResourceEvent) => answerFor(event, { RequestId: 'other' }), { 'Content-Type': '' }, 'RequestId does not echo the request'],
    ['a body that is not JSON', () => 'OK', { 'Content-Type': '' }, 'body is not a JSON object'],
  ])('flags %s', async (_label, makeBody, headers, expected) => {
    const event = cfn.createEvent({});

    await rawRequest(event.ResponseURL, makeBody(event), headers);

    expect(cfn.responseFor(event)?.problems).toContainEqual(expect.stringContaining(expected));
  });

  it('flags a method other than PUT and answers it 405', async () => {
    const event = cfn.createEvent({});

    const status = await rawRequest(event.ResponseURL, answerFor(event), { 'Content-Type': '' }, 'POST');

    expect(status).toBe(405);
    expect(cfn.responseFor(event)?.problems).toContain('method is POST, not PUT');
  });

  it.each([
    ['a forged signature', (url: string) => url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=forged'), 403],
    ['an unknown response ID', (url: string) => url.replace(/\/responses\/\d+/, '/responses/999'), 404],
  ])('refuses %s without recording it', async (_label, tamper, expectedStatus) => {
    const event = cfn.createEvent({});

    const status = await rawRequest(tamper(event.ResponseURL), answerFor(event), { 'Content-Type': '' });

    expect(status).toBe(expectedStatus);
    expect(cfn.responses).toHaveLength(0);
    expect(cfn.rejectedRequests).toBe(1);
  });

  it('fails the next PUTs as asked, then accepts', async () => {
    const event = cfn.createEvent({});
    cfn.failNextPuts(1, 'status500');
    cfn.failNextPuts(1, 'reset');

    const first = await rawRequest(event.ResponseURL, answerFor(event), { 'Content-Type': '' });
    const second = await rawRequest(event.ResponseURL, answerFor(event), { 'Content-Type': '' }).catch((error: unknown) => error);
    const third = await rawRequest(event.ResponseURL, answerFor(event), { 'Content-Type': '' });

    expect(first).toBe(500);
    // Node's errors come from another realm than jest's Error: check the shape instead.
    expect(second).toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET|EPIPE/) });
    expect(third).toBe(200);
    expect(cfn.responses).toHaveLength(1);
  });

  it('waits for a response that arrives later, and times out when none does', async () => {
    const answered = cfn.createEvent({});
    const ignored = cfn.createEvent({});

    // Generous: the answer is sent right below, and a busy machine must not make this test fail.
    const waiting = cfn.waitForResponse(answered, 15_000);
    await rawRequest(answered.ResponseURL, answerFor(answered), { 'Content-Type': '' });

    await expect(waiting).resolves.toMatchObject({ body: { Status: 'SUCCESS' } });
    await expect(cfn.waitForResponse(ignored, 20)).rejects.toThrow('No response');
  });

  it('invokes a handler and returns what it answered', async () => {
    const event = cfn.createEvent({ VpcId: 'vpc-12345678' });
    const seen: Array<{ event: CustomResourceEvent; context: Context }> = [];
    const handler = async (received: CustomResourceEvent, context: Context) => {
      seen.push({ event: received, context });
      await rawRequest(received.ResponseURL, answerFor(received), { 'Content-Type': '' });
    };

    const response = await cfn.invoke(handler, event);

    expect(seen[0]?.event).toBe(event);
    expect(seen[0]?.context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(response?.body?.PhysicalResourceId).toBe('id-1');
    expect(await cfn.invoke(async () => undefined, cfn.createEvent({}))).toBeUndefined();
  });
});

describe('fakeContext', () => {
  class ManualClock implements Clock {
    constructor(public current = 1_000_000) {}
    now(): number {
      return this.current;
    }
    async sleep(ms: number): Promise<void> {
      this.current += ms;
    }
  }

  it('counts the remaining time down on the given clock from its creation, floored at zero', async () => {
    const clock = new ManualClock();
    await clock.sleep(5_000); // before creation: does not count
    const context = fakeContext({ clock, timeoutMs: 60_000 });

    const atStart = context.getRemainingTimeInMillis();
    await clock.sleep(15_000);
    const later = context.getRemainingTimeInMillis();
    await clock.sleep(60_000);

    expect([atStart, later, context.getRemainingTimeInMillis()]).toEqual([60_000, 45_000, 0]);
  });

  it('defaults to a 15-minute timeout and takes the names given', () => {
    const context = fakeContext({ clock: new ManualClock(), functionName: 'provisioner', awsRequestId: 'req-1' });

    expect(context.getRemainingTimeInMillis()).toBe(900_000);
    expect(context).toMatchObject({ functionName: 'provisioner', awsRequestId: 'req-1', invokedFunctionArn: expect.stringContaining(':function:provisioner') });
    expect(() => context.succeed('x')).toThrow('not supported');
  });
});
