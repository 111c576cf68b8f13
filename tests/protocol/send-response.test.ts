import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { buildResponseBody } from '../../lib/protocol/response';
import { deliveryOptionsWithin, maxDeliveryTimeMs, ResponseDeliveryError, sendResponse } from '../../lib/protocol/send-response';
import { CloudFormationDriver } from '../support/cfn-driver';
import { RecordingClock } from '../support/recording-clock';

describe('sendResponse', () => {
  let cfn: CloudFormationDriver;
  let clock: RecordingClock;
  beforeAll(async () => {
    cfn = await CloudFormationDriver.start();
  });
  afterAll(async () => {
    await cfn.close();
  });
  beforeEach(() => {
    clock = new RecordingClock();
  });

  function eventAndBody(reason = 'Subnet carving failed: ✗ no room') {
    const event = cfn.createEvent({ VpcId: 'vpc-12345678' });
    const { body } = buildResponseBody({ status: 'FAILED', reason, physicalResourceId: 'vpce-provisioner-v1-none-0123456789abcdef0123', event });
    return { event, body };
  }

  it('PUTs the body with an empty Content-Type and its byte length, first time', async () => {
    const { event, body } = eventAndBody();

    const result = await sendResponse(event.ResponseURL, body, { clock });

    const recorded = cfn.responseFor(event);
    expect(result).toEqual({ statusCode: 200, attempts: 1 });
    expect(recorded?.method).toBe('PUT');
    expect(recorded?.contentType).toBe('');
    expect(recorded?.headers['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    expect(recorded?.rawBody).toBe(body);
    expect(recorded?.problems).toEqual([]);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([
    ['500s', [['status500', 2]] as const, 3],
    ['connection resets', [['reset', 3]] as const, 4],
    ['a reset then a 500', [['reset', 1], ['status500', 1]] as const, 3],
  ])('retries after %s, then succeeds', async (_label, failures, expectedAttempts) => {
    const { event, body } = eventAndBody();
    for (const [mode, count] of failures) cfn.failNextPuts(count, mode);

    const result = await sendResponse(event.ResponseURL, body, { clock, random: () => 0 });

    expect(result).toEqual({ statusCode: 200, attempts: expectedAttempts });
    expect(cfn.responseFor(event)?.rawBody).toBe(body);
    expect(clock.sleeps).toHaveLength(expectedAttempts - 1);
  });

  it.each([
    // random, the delays before retries 1..6 (ceilings 500, 1000, 2000, 4000, 8000, 8000)
    [0, [250, 500, 1000, 2000, 4000, 4000]],
    [0.5, [375, 750, 1500, 3000, 6000, 6000]],
    [0.999, [499, 999, 1999, 3998, 7996, 7996]],
  ])('backs off exponentially with jitter (random %p) on the injected clock', async (random, expectedSleeps) => {
    const { event, body } = eventAndBody();
    cfn.failNextPuts(6, 'status500');

    await sendResponse(event.ResponseURL, body, { clock, random: () => random, attempts: 7 });

    expect(clock.sleeps).toEqual(expectedSleeps);
    expect(clock.now()).toBe(expectedSleeps.reduce((sum, delay) => sum + delay, 0));
  });

  it.each([
    ['500s', 'status500' as const, /HTTP 500/, 500],
    // Which of these a destroyed socket surfaces as depends on timing.
    ['resets', 'reset' as const, /socket hang up|ECONNRESET|EPIPE/, undefined],
  ])('gives up after the last attempt on %s, with an error that does not hold the URL', async (_label, mode, expectedMessage, lastStatus) => {
    const { event, body } = eventAndBody();
    cfn.failNextPuts(3, mode);

    const error = await sendResponse(event.ResponseURL, body, { clock, attempts: 3 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ResponseDeliveryError);
    const delivery = error as ResponseDeliveryError;
    expect(delivery.message).toContain('after 3 attempts');
    expect(delivery.message).toMatch(expectedMessage);
    expect(delivery.attempts).toBe(3);
    expect(delivery.lastStatusCode).toBe(lastStatus);
    expect(cfn.responseFor(event)).toBeUndefined();
    const everything = `${inspect(delivery, { depth: 10 })} ${JSON.stringify(delivery)} ${delivery.stack ?? ''}`;
    expect(everything).not.toContain(event.ResponseURL);
    expect(cfn.secretsInUrls().length).toBeGreaterThan(0);
    for (const secret of cfn.secretsInUrls()) expect(everything).not.toContain(secret);
  });

  it('treats a refused signature (403) as a failure, not a delivery', async () => {
    const { event, body } = eventAndBody();
    const forged = event.ResponseURL.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=forged');

    const error = await sendResponse(forged, body, { clock, attempts: 2 }).catch((caught: unknown) => caught);

    expect((error as ResponseDeliveryError).lastStatusCode).toBe(403);
    expect(cfn.responseFor(event)).toBeUndefined();
  });

  it('stops an attempt that gets no answer within the per-attempt timeout', async () => {
    const hanging = await loopbackServer(() => undefined); // accepts and never answers
    try {
      const error = await sendResponse(`${hanging.url}/r?X-Amz-Signature=abc`, '{}', { clock, attempts: 2, timeoutMs: 50 }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ResponseDeliveryError);
      expect((error as Error).message).toContain('no response within 50 ms');
      expect(clock.sleeps).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });

  it.each([
    ['not a URL', 'not a url X-Amz-Signature=s3cr3t'],
    ['not http(s)', 'ftp://bucket/key?X-Amz-Signature=s3cr3t'],
    ['on a host that is neither a CloudFormation response bucket nor loopback', 'https://collector.example.com/key?X-Amz-Signature=s3cr3t'],
    ['plain http to a host that is not loopback', 'http://10.0.0.5/key?X-Amz-Signature=s3cr3t'],
  ])('refuses a ResponseURL that is %s at once, without quoting it', async (_label, url) => {
    const error = await sendResponse(url, '{}', { clock }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ResponseDeliveryError);
    expect((error as ResponseDeliveryError).attempts).toBe(0);
    expect(inspect(error, { depth: 10 })).not.toContain('s3cr3t');
    expect(clock.sleeps).toEqual([]);
  });
});

/** An HTTP server on 127.0.0.1 that handles requests with `handle`; `close` also drops connections still open. */
async function loopbackServer(handle: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback HTTP listener answering every request with `status`; records what reached it. */
async function listener(status: number): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = await loopbackServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.writeHead(status, { 'content-length': 0 }).end();
  });
  return { ...server, received };
}

describe('what counts as delivered, and how it is sent', () => {
  it('treats a redirect (3xx) as a failure, not a delivery: a presigned PUT is answered 200 or not at all', async () => {
    const server = await listener(300);
    try {
      const error = await sendResponse(`${server.url}/responses/1`, '{}', { clock: new RecordingClock(), attempts: 1 }).catch((caught: unknown) => caught);

      expect((error as ResponseDeliveryError).lastStatusCode).toBe(300);
      expect(server.received).toEqual(['PUT /responses/1']);
    } finally {
      await server.close();
    }
  });

  it('takes an answer cut off mid-body as a failed attempt and tries again, rather than crash or wait', async () => {
    let requests = 0;
    const server = await loopbackServer((_request, response) => {
      requests += 1;
      if (requests > 1) return void response.writeHead(200, { 'content-length': 0 }).end();
      // The status line and a promise of 100 bytes, then the connection is dropped after 7 of them.
      response.writeHead(200, { 'content-length': 100 });
      response.write('partial', () => response.socket?.destroy());
    });
    try {
      const clock = new RecordingClock();

      const result = await sendResponse(`${server.url}/responses/1`, '{}', { clock, attempts: 2, timeoutMs: 60_000 });

      expect(result).toEqual({ statusCode: 200, attempts: 2 });
      expect(clock.sleeps).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
  ])('speaks to the scheme\'s own port when the ResponseURL names none, as every presigned S3 URL does (host %s)', async (host, hostname) => {
    // Port 80 cannot be listened on here, so the request is caught as it leaves: what matters is what it asks for.
    const nodeHttp = jest.requireActual<typeof http>('node:http');
    const request = jest.spyOn(nodeHttp, 'request').mockImplementation(() => {
      throw new Error('caught before connecting');
    });
    try {
      await sendResponse(`http://${host}/responses/1?X-Amz-Signature=abc`, '{}', { clock: new RecordingClock(), attempts: 1 }).catch(() => undefined);

      expect(request).toHaveBeenCalledTimes(1);
      expect(request.mock.calls[0]?.[0]).toMatchObject({ method: 'PUT', hostname, port: undefined, path: '/responses/1?X-Amz-Signature=abc' });
    } finally {
      request.mockRestore();
    }
  });

  it('speaks TLS to an https ResponseURL: a plain-http listener on that port never reads the answer', async () => {
    const server = await listener(200);
    try {
      const error = await sendResponse(`${server.url.replace('http:', 'https:')}/responses/1`, '{"secret":1}', { clock: new RecordingClock(), attempts: 1 }).catch(
        (caught: unknown) => caught,
      );

      expect(error).toBeInstanceOf(ResponseDeliveryError);
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('sendResponse to the configured local endpoint (sam local invoke)', () => {
  it('PUTs to a non-loopback ResponseURL on the origin of localEndpointUrl, and refuses it without', async () => {
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-length': 0 }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', () => resolve()));
    // Not loopback by its name: an IPv4-mapped IPv6 address reaches this machine the way host.docker.internal does.
    const origin = `http://[::ffff:7f00:1]:${(server.address() as AddressInfo).port}`;
    try {
      const refused = await sendResponse(`${origin}/responses/create?X-Amz-Signature=s3cr3t`, '{}', { clock: new RecordingClock() }).catch((caught: unknown) => caught);
      const sent = await sendResponse(`${origin}/responses/create?X-Amz-Signature=s3cr3t`, '{}', { clock: new RecordingClock(), localEndpointUrl: origin });

      expect(refused).toBeInstanceOf(ResponseDeliveryError);
      expect(sent).toEqual({ statusCode: 200, attempts: 1 });
      expect(received).toEqual(['PUT /responses/create?X-Amz-Signature=s3cr3t']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('maxDeliveryTimeMs', () => {
  it.each([
    [{}, 6 * 5_000 + 500 + 1_000 + 2_000 + 4_000 + 8_000],
    [{ attempts: 1, timeoutMs: 2_000 }, 2_000],
    [{ attempts: 8, timeoutMs: 1_000 }, 8 * 1_000 + 500 + 1_000 + 2_000 + 4_000 + 8_000 + 8_000 + 8_000],
  ])('bounds the whole delivery for %j', (options, expected) => {
    expect(maxDeliveryTimeMs(options)).toBe(expected);
  });
});

describe('deliveryOptionsWithin', () => {
  it.each([
    // budget, attempts, per-attempt timeout
    [45_500, 6, 5_000],
    [200_000, 6, 5_000],
    [17_500, 5, 2_000],
    [5_000, 3, 1_166],
    [2_500, 2, 1_000],
    [1_000, 1, 1_000],
    [100, 1, 250],
  ])('fits the delivery into %i ms: %i attempts of at most %i ms', (budget, attempts, timeoutMs) => {
    const options = deliveryOptionsWithin(budget);

    expect(options).toEqual({ attempts, timeoutMs });
    if (budget >= 1_000) expect(maxDeliveryTimeMs(options)).toBeLessThanOrEqual(budget);
  });
});
