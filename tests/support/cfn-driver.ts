/**
 * Plays CloudFormation's part for tests, the demo and benchmarks.
 *
 * It builds the events a stack would send (realistic StackId, fresh RequestId, string-typed
 * properties, a presigned-looking ResponseURL with a secret signature) and runs the HTTP endpoint
 * those URLs point at, recording every answer with the protocol problems CloudFormation would
 * reject it for. It can also make the next PUTs fail, to exercise the sender's retries.
 *
 * It also answers the provider's stack check about the stacks it plays (tests/support/cfn-stacks.ts): in process
 * through {@link CloudFormationDriver.stacks}, and over HTTP on the same port (POST /, the Query protocol) for runs
 * that point AWS_ENDPOINT_URL_CLOUDFORMATION at {@link CloudFormationDriver.baseUrl}.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { PlayedStacks } from './cfn-stacks';
import { fakeContext } from './lambda-context';

/** Where the simulated stack lives and what the resource is called. */
export interface EventOptions {
  /** Default 123456789012. */
  accountId?: string;
  /** Default us-east-1. The partition follows from it (cn-* → aws-cn, us-gov-* → aws-us-gov, eusc-* → aws-eusc). */
  region?: string;
  /** Default `vpce-demo`. */
  stackName?: string;
  /** Default `VpcEndpoints`. */
  logicalResourceId?: string;
  /** Default `Custom::VpcEndpoints`. */
  resourceType?: string;
}

export type PutFailureMode = 'status500' | 'reset';

export type CreateEvent = Extract<CustomResourceEvent, { RequestType: 'Create' }>;
export type UpdateEvent = Extract<CustomResourceEvent, { RequestType: 'Update' }>;
export type DeleteEvent = Extract<CustomResourceEvent, { RequestType: 'Delete' }>;

/** The body CloudFormation expects, as parsed from a PUT. */
export interface CloudFormationResponseBody {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho?: boolean;
  Data?: Record<string, string>;
}

/** One request received on a response URL (with a valid signature). */
export interface RecordedResponse {
  /** The `<id>` of `/responses/<id>`. */
  responseId: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  /** The Content-Type header as sent (CloudFormation's presigned URL requires it empty); undefined when absent. */
  contentType: string | undefined;
  rawBody: string;
  /** UTF-8 bytes of the body. */
  bytes: number;
  /** The parsed body; undefined when it is not JSON. */
  body: CloudFormationResponseBody | undefined;
  /** Why CloudFormation would reject this answer; empty when it would accept it. */
  problems: string[];
}

/** A handler as the Lambda runtime calls it. */
export type CustomResourceHandler = (event: CustomResourceEvent, context: Context) => Promise<unknown>;

interface IssuedUrl {
  signature: string;
  /** Set once the event carrying this URL is built. */
  event?: CustomResourceEvent;
}

const MAX_BODY_BYTES = 4096;
const MAX_PHYSICAL_ID_BYTES = 1024;

/**
 * @example
 * const cfn = await CloudFormationDriver.start();
 * const event = cfn.createEvent({ VpcId: 'vpc-0a1b2c3d', SubnetIds: ['subnet-1'] });
 * const response = await cfn.invoke(handler, event, fakeContext({ clock }));
 * expect(response?.body?.Status).toBe('SUCCESS');
 * await cfn.close();
 */
export class CloudFormationDriver {
  private readonly recorded: RecordedResponse[] = [];
  private readonly issued = new Map<string, IssuedUrl>();
  private readonly secrets: string[] = [];
  private readonly waiters = new Map<string, Array<(response: RecordedResponse) => void>>();
  private nextResponseId = 1;
  private pendingFailures: PutFailureMode[] = [];
  private rejected = 0;
  /** The stacks this driver plays, and the CloudFormation API calls made about them. */
  readonly stacks: PlayedStacks;

  private constructor(
    private readonly server: http.Server,
    /** `http://127.0.0.1:<port>` */
    readonly baseUrl: string,
    now?: () => number,
  ) {
    this.stacks = new PlayedStacks((event) => this.responseFor(event)?.body, now);
  }

  /**
   * Starts the response endpoint on 127.0.0.1 and a free port. `now`: the clock of the stack events' timestamps (the
   * provider's virtual clock in simulated runs; the real one by default).
   */
  static async start(options: { now?: () => number } = {}): Promise<CloudFormationDriver> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const driver = new CloudFormationDriver(server, `http://127.0.0.1:${port}`, options.now);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => driver.handle(request, response));
    return driver;
  }

  /** Stops the endpoint, dropping open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A Create request, as CloudFormation sends it: property values become strings. */
  createEvent(properties: Record<string, unknown>, options: EventOptions = {}): CreateEvent {
    return this.register({ RequestType: 'Create', ...this.common(properties, options) });
  }

  /** An Update request for `physicalId`, with the previous properties. */
  updateEvent(physicalId: string, properties: Record<string, unknown>, oldProperties: Record<string, unknown>, options: EventOptions = {}): UpdateEvent {
    const common = this.common(properties, options);
    const { ServiceToken: _ignored, ...oldWithoutToken } = toCloudFormationValues(oldProperties) as Record<string, unknown>;
    return this.register({
      RequestType: 'Update',
      ...common,
      PhysicalResourceId: physicalId,
      OldResourceProperties: { ...oldWithoutToken, ServiceToken: common.ServiceToken },
    });
  }

  /** A Delete request for `physicalId`. */
  deleteEvent(physicalId: string, properties: Record<string, unknown>, options: EventOptions = {}): DeleteEvent {
    return this.register({ RequestType: 'Delete', ...this.common(properties, options), PhysicalResourceId: physicalId });
  }

  /**
   * An event built elsewhere (a file, e.g. events/create.json) with a ResponseURL issued here in place of its own, so
   * that its answer is received and checked like that of any event built here.
   */
  adoptEvent<E extends CustomResourceEvent>(event: E): E {
    const region = event.StackId.split(':')[3] || 'us-east-1';
    return this.register({ ...event, ResponseURL: this.issueResponseUrl(region) });
  }

  /**
   * A copy of `event` with `changes`, a fresh RequestId and its own ResponseURL, which the stacks this driver plays know
   * nothing of: an event someone allowed to invoke the function made up, not one CloudFormation sent.
   */
  forgedEvent<E extends CustomResourceEvent>(event: E, changes: Record<string, unknown> = {}): E {
    const region = /^arn:[^:]+:cloudformation:([^:]+):/.exec(String(changes['StackId'] ?? event.StackId))?.[1] ?? 'us-east-1';
    const forged = { ...event, ...changes, RequestId: randomUUID(), ResponseURL: this.issueResponseUrl(region) } as E;
    const issued = this.issued.get(responseIdOf(forged.ResponseURL) ?? '');
    if (issued !== undefined) issued.event = forged;
    return forged;
  }

  /** The StackId events get for these options: the same stack (same GUID) every time. */
  stackId(options: EventOptions = {}): string {
    const { partition, region, accountId, stackName } = resolveOptions(options);
    const guid = deterministicUuid(`${partition}:${region}:${accountId}:${stackName}`);
    return `arn:${partition}:cloudformation:${region}:${accountId}:stack/${stackName}/${guid}`;
  }

  /** Every secret put into a ResponseURL so far (signatures and access key IDs): logs must contain none. */
  secretsInUrls(): string[] {
    return [...this.secrets];
  }

  /** The next `count` PUTs fail: answered with HTTP 500, or their connection destroyed. */
  failNextPuts(count: number, mode: PutFailureMode): void {
    this.pendingFailures.push(...Array.from({ length: count }, () => mode));
  }

  /** The last response recorded for this event's ResponseURL, if any. */
  responseFor(event: Pick<CustomResourceEvent, 'ResponseURL'>): RecordedResponse | undefined {
    const responseId = responseIdOf(event.ResponseURL);
    return this.recorded.filter((response) => response.responseId === responseId).at(-1);
  }

  /** Every response recorded, in arrival order. */
  get responses(): readonly RecordedResponse[] {
    return this.recorded;
  }

  /** Requests refused before recording: wrong signature or unknown response ID. */
  get rejectedRequests(): number {
    return this.rejected;
  }

  /**
   * Resolves with the response for `event` once it arrives (at once if it already has). Uses real
   * timers: meant for handlers running in another process.
   */
  waitForResponse(event: Pick<CustomResourceEvent, 'ResponseURL'>, timeoutMs: number): Promise<RecordedResponse> {
    const existing = this.responseFor(event);
    if (existing !== undefined) return Promise.resolve(existing);
    const responseId = responseIdOf(event.ResponseURL) ?? '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(responseId) ?? [];
        this.waiters.set(responseId, list.filter((waiter) => waiter !== onResponse));
        reject(new Error(`No response for request ${responseId} within ${timeoutMs} ms.`));
      }, timeoutMs);
      const onResponse = (response: RecordedResponse): void => {
        clearTimeout(timer);
        resolve(response);
      };
      this.waiters.set(responseId, [...(this.waiters.get(responseId) ?? []), onResponse]);
    });
  }

  /** Runs the handler as Lambda would, then returns what it answered (undefined if it never did). */
  async invoke(handler: CustomResourceHandler, event: CustomResourceEvent, context: Context = fakeContext()): Promise<RecordedResponse | undefined> {
    await handler(event, context);
    return this.responseFor(event);
  }

  private common(properties: Record<string, unknown>, options: EventOptions) {
    const resolved = resolveOptions(options);
    const serviceToken = `arn:${resolved.partition}:lambda:${resolved.region}:${resolved.accountId}:function:vpce-provisioner`;
    const { ServiceToken: _ignored, ...userProperties } = toCloudFormationValues(properties) as Record<string, unknown>;
    return {
      ServiceToken: serviceToken,
      ResponseURL: this.issueResponseUrl(resolved.region),
      StackId: this.stackId(options),
      RequestId: randomUUID(),
      LogicalResourceId: resolved.logicalResourceId,
      ResourceType: resolved.resourceType,
      ResourceProperties: { ServiceToken: serviceToken, ...userProperties },
    };
  }

  private issueResponseUrl(region: string): string {
    const responseId = String(this.nextResponseId++);
    const signature = randomBytes(32).toString('hex');
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    this.secrets.push(signature, accessKeyId);
    this.issued.set(responseId, { signature });
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${accessKeyId}/20260101/${region}/s3/aws4_request`,
      'X-Amz-Date': '20260101T000000Z',
      'X-Amz-Expires': '7200',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': signature,
    });
    return `${this.baseUrl}/responses/${responseId}?${query.toString()}`;
  }

  private register<E extends CustomResourceEvent>(event: E): E {
    const responseId = responseIdOf(event.ResponseURL);
    const issued = responseId === undefined ? undefined : this.issued.get(responseId);
    if (issued !== undefined) issued.event = event;
    this.stacks.beforeEvent(event);
    return event;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (request.method === 'PUT') {
      const failure = this.pendingFailures.shift();
      if (failure === 'reset') {
        request.socket.destroy();
        return;
      }
      if (failure === 'status500') {
        request.resume();
        request.on('end', () => respond(response, 500, '<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>'));
        return;
      }
    }

    const url = new URL(request.url ?? '/', this.baseUrl);
    if (request.method === 'POST' && url.pathname === '/') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const { statusCode, xml } = this.stacks.answerQuery(Buffer.concat(chunks).toString('utf8'));
        respond(response, statusCode, xml);
      });
      return;
    }
    const responseId = /^\/responses\/([^/]+)$/.exec(url.pathname)?.[1];
    const issued = responseId === undefined ? undefined : this.issued.get(responseId);
    if (responseId === undefined || issued === undefined) {
      this.rejected++;
      request.resume();
      respond(response, 404, '<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    if (url.searchParams.get('X-Amz-Signature') !== issued.signature) {
      this.rejected++;
      request.resume();
      respond(response, 403, '<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }

    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const recorded = recordOf(responseId, request, rawBody, issued.event);
      this.recorded.push(recorded);
      if (issued.event && request.method === 'PUT') this.stacks.noteAnswer(issued.event);
      respond(response, request.method === 'PUT' ? 200 : 405, '');
      const waiting = this.waiters.get(responseId) ?? [];
      this.waiters.delete(responseId);
      for (const waiter of waiting) waiter(recorded);
    });
  }
}

function respond(response: http.ServerResponse, statusCode: number, body: string): void {
  response.writeHead(statusCode, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function recordOf(responseId: string, request: http.IncomingMessage, rawBody: string, event: CustomResourceEvent | undefined): RecordedResponse {
  let body: CloudFormationResponseBody | undefined;
  try {
    body = JSON.parse(rawBody) as CloudFormationResponseBody;
  } catch {
    body = undefined;
  }
  const contentType = request.headers['content-type'];
  const bytes = Buffer.byteLength(rawBody, 'utf8');
  return {
    responseId,
    method: request.method ?? '',
    headers: request.headers,
    contentType,
    rawBody,
    bytes,
    body,
    problems: protocolProblems(request, contentType, bytes, body, event),
  };
}

/** What CloudFormation (or S3, for the presigned URL) would refuse in this answer. */
function protocolProblems(
  request: http.IncomingMessage,
  contentType: string | undefined,
  bytes: number,
  body: CloudFormationResponseBody | undefined,
  event: CustomResourceEvent | undefined,
): string[] {
  const problems: string[] = [];
  if (request.method !== 'PUT') problems.push(`method is ${request.method}, not PUT`);
  if (contentType !== '') problems.push(`Content-Type is ${contentType === undefined ? 'absent' : JSON.stringify(contentType)}, not empty`);
  if (bytes > MAX_BODY_BYTES) problems.push(`body is ${bytes} bytes, over ${MAX_BODY_BYTES}`);
  if (request.headers['content-length'] !== String(bytes)) problems.push(`Content-Length ${request.headers['content-length']} does not match the ${bytes}-byte body`);
  if (body === undefined || typeof body !== 'object' || body === null) {
    problems.push('body is not a JSON object');
    return problems;
  }
  if (body.Status !== 'SUCCESS' && body.Status !== 'FAILED') problems.push(`Status is ${JSON.stringify(body.Status)}`);
  if (body.Status === 'FAILED' && (typeof body.Reason !== 'string' || body.Reason.trim() === '')) problems.push('FAILED without a Reason');
  if (body.Reason !== undefined && typeof body.Reason !== 'string') problems.push('Reason is not a string');
  if (typeof body.PhysicalResourceId !== 'string' || body.PhysicalResourceId === '') problems.push('PhysicalResourceId is missing or empty');
  else if (Buffer.byteLength(body.PhysicalResourceId, 'utf8') > MAX_PHYSICAL_ID_BYTES) problems.push('PhysicalResourceId is over 1 KB');
  for (const field of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (event !== undefined && body[field] !== event[field]) problems.push(`${field} does not echo the request`);
  }
  if (body.NoEcho !== undefined && typeof body.NoEcho !== 'boolean') problems.push('NoEcho is not a boolean');
  if (body.Data !== undefined) {
    if (typeof body.Data !== 'object' || body.Data === null || Array.isArray(body.Data)) problems.push('Data is not an object');
    else if (Object.values(body.Data).some((value) => typeof value !== 'string')) problems.push('Data has non-string values');
  }
  return problems;
}

function resolveOptions(options: EventOptions) {
  const region = options.region ?? 'us-east-1';
  return {
    region,
    partition: region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('eusc-') ? 'aws-eusc' : 'aws',
    accountId: options.accountId ?? '123456789012',
    stackName: options.stackName ?? 'vpce-demo',
    logicalResourceId: options.logicalResourceId ?? 'VpcEndpoints',
    resourceType: options.resourceType ?? 'Custom::VpcEndpoints',
  };
}

/** CloudFormation passes every scalar property as a string (`28` → `"28"`, `true` → `"true"`); lists and maps keep their shape. */
export function toCloudFormationValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCloudFormationValues);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toCloudFormationValues(inner)]));
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value;
}

function responseIdOf(responseUrl: string): string | undefined {
  try {
    return /^\/responses\/([^/]+)$/.exec(new URL(responseUrl).pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** A UUID-shaped string derived from `seed`, so a stack keeps its StackId across runs. */
function deterministicUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
