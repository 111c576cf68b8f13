/**
 * The HTTP face of the EC2 simulator: a loopback server that the real `@aws-sdk/client-ec2` (or the
 * bundled Lambda, via `AWS_ENDPOINT_URL_EC2`) talks to unchanged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCOUNT_ID } from '../options';
import { accessKeyIdOf, signingRegionOf, signingServiceOf } from './credentials';
import { encodeErrorXml } from './error-response';
import { answerQuery, type AccountForAccessKey, type Ec2CallTarget } from './query-handler';
import { answerRoute53, ROUTE53_PATH_PREFIX, type Route53CallTarget } from './route53-handler';
import { answerServiceQuotas, SERVICE_QUOTAS_TARGET_PREFIX, type ServiceQuotasCallTarget } from './service-quotas-handler';
import { StsStandIn, type StsOptions } from './sts-handler';
import { writeJsonAnswer } from './json-protocol';
import { answerOrganizations, ORGANIZATIONS_TARGET_PREFIX, type OrganizationsCallTarget } from './organizations-handler';

/** How to start the server. */
export interface Ec2HttpServerOptions {
  /** TCP port; 0 or undefined picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (never anything reachable from outside). */
  host?: string;
  /** Maps a request's access key id to the account it acts as; unmapped keys act as the simulator's own account. */
  accountForAccessKey?: AccountForAccessKey;
  /**
   * EC2 is regional: with this, a request signed for a region goes to that region's simulator (the one passed to
   * startEc2HttpServer serves unsigned requests). Without it, every request goes to that one simulator.
   */
  simulatorForRegion?: (region: string) => Promise<Ec2CallTarget>;
  /**
   * Receives PUT requests, which EC2's Query protocol never uses (answered 200, empty): `npm run sim` takes a custom
   * resource's answer this way when an event's ResponseURL points here (sam local invoke). Without it, a PUT gets EC2's
   * error for a request it cannot read.
   */
  onPut?: (request: { path: string; body: string }) => void;
  /**
   * Answers the requests signed for CloudFormation (its Query protocol, like EC2's: told apart by the credential
   * scope's service name): the stand-in of tests/support/cfn-stacks.ts, so that one URL in AWS_ENDPOINT_URL serves the
   * stack check too (sam local invoke). Without it, such a request meets EC2, which knows no DescribeStacks.
   */
  cloudFormation?: { answerQuery(body: string): { statusCode: number; xml: string } };
  /**
   * Answers the requests signed for STS (Query protocol, told apart by the credential scope's service `sts`):
   * AssumeRole of a role in one of `trustingAccounts`, then every request signed with the credentials it issued acts as
   * that account (before accountForAccessKey is asked). Without it, such a request meets EC2, which knows no AssumeRole.
   */
  sts?: StsOptions;
  /** Told of every request once it is answered (`npm run sim -- --log-requests`); PUTs go to onPut instead. */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** One answered request, as `npm run sim -- --log-requests` prints it. */
export interface RequestLogEntry {
  readonly service: 'EC2' | 'Route 53' | 'Service Quotas' | 'CloudFormation' | 'STS' | 'Organizations';
  readonly action: string;
  /** The region the request was signed for, when it says. */
  readonly region?: string;
  readonly status: number;
  /** The error code of an answer that is not 2xx. */
  readonly errorCode?: string;
  readonly ms: number;
}

/**
 * One line per request: time, service, action, region, status and error code, e.g.
 * `12:04:05.123 EC2 CreateVpcEndpoint us-east-1 200 4 ms` or `… EC2 DeleteSubnet us-east-1 400 DependencyViolation 2 ms`.
 */
export function formatRequestLogEntry(entry: RequestLogEntry, at: Date): string {
  const time = at.toISOString().slice(11, 23);
  return [time, entry.service, entry.action, entry.region ?? '-', String(entry.status), entry.errorCode, `${entry.ms} ms`].filter((part) => part !== undefined).join(' ');
}

/** A running server. */
export interface Ec2HttpServer {
  /** Base URL for `endpoint` / `AWS_ENDPOINT_URL_EC2`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open keep-alive connections. */
  close(): Promise<void>;
}

/** Requests larger than this are refused; the biggest real EC2 query is far smaller. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Starts an EC2 Query-protocol server in front of `sim`.
 *
 * @example
 * const server = await startEc2HttpServer(new Ec2Simulator());
 * const ec2 = new EC2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } });
 * await ec2.send(new DescribeVpcsCommand({}));
 * await server.close();
 */
export async function startEc2HttpServer(sim: Ec2CallTarget, options: Ec2HttpServerOptions = {}): Promise<Ec2HttpServer> {
  const host = options.host ?? '127.0.0.1';
  const sts = options.sts ? new StsStandIn(options.sts) : undefined;
  // Keys STS issued act as their role's account; any other key as the caller's mapping says.
  const accountForAccessKey: AccountForAccessKey | undefined = sts
    ? (accessKeyId) => sts.accountFor(accessKeyId) ?? options.accountForAccessKey?.(accessKeyId)
    : options.accountForAccessKey;
  const withStsAccounts = { ...options, accountForAccessKey };
  const server = createServer((req, res) => {
    const served = req.method === 'PUT' && options.onPut ? receivePut(options.onPut, req, res) : serve(sim, withStsAccounts, sts, req, res);
    served.catch((error: unknown) => {
      // Only a bug in this module gets here; answer rather than leave the client hanging.
      if (!res.headersSent) writeXml(res, 500, encodeErrorXml({ status: 500, code: 'InternalError', message: String(error) }, 'internal'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep sockets alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function serve(sim: Ec2CallTarget, options: Ec2HttpServerOptions, sts: StsStandIn | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = Date.now();
  const logRequest = (service: RequestLogEntry['service'], action: string, status: number, answer: string, region?: string): void => {
    if (!options.onRequest) return;
    // The code of an XML (EC2, Route 53, CloudFormation) or JSON (Service Quotas) error answer.
    const errorCode = status >= 300 ? (/<Code>([^<]+)<\/Code>/.exec(answer)?.[1] ?? /"__type"\s*:\s*"(?:[^"#]*#)?([^"]+)"/.exec(answer)?.[1] ?? 'error') : undefined;
    options.onRequest({ service, action: action || '(no action)', ...(region ? { region } : {}), status, ...(errorCode ? { errorCode } : {}), ms: Date.now() - startedAt });
  };
  const body = await readBody(req);
  if (body === undefined) {
    writeXml(res, 413, encodeErrorXml({ status: 413, code: 'RequestEntityTooLarge', message: 'Request body too large.' }, 'none'));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  // Route 53 (REST-XML) shares the server: the bundle tests set AWS_ENDPOINT_URL_ROUTE_53 to the same URL.
  if (url.pathname.startsWith(ROUTE53_PATH_PREFIX) && 'route53Call' in sim) {
    const accessKeyId = accessKeyIdOf(req.headers.authorization, url.searchParams.get('X-Amz-Credential'));
    const accountId = accessKeyId === undefined ? undefined : options.accountForAccessKey?.(accessKeyId);
    const answer = await answerRoute53(sim as Ec2CallTarget & Route53CallTarget, req.method ?? 'GET', url, accountId, body);
    writeXml(res, answer.status, answer.body, answer.requestId, answer.headers);
    const action = answer.action ?? `${req.method ?? 'GET'} ${url.pathname}`;
    logRequest('Route 53', action, answer.status, answer.body, signingRegionOf(req.headers.authorization, null));
    return;
  }
  // Service Quotas (awsJson1_1) too: AWS_ENDPOINT_URL_SERVICE_QUOTAS points at the same URL in the bundle tests.
  const amzTarget = req.headers['x-amz-target'];
  if (typeof amzTarget === 'string' && amzTarget.startsWith(SERVICE_QUOTAS_TARGET_PREFIX) && 'serviceQuotasCall' in sim) {
    const accessKeyId = accessKeyIdOf(req.headers.authorization, null);
    const accountId = accessKeyId === undefined ? undefined : options.accountForAccessKey?.(accessKeyId);
    // Service Quotas is regional: an account's applied quotas are per Region (Service Quotas User Guide, "What is
    // Service Quotas?"), so a request signed for another region meets that region's quotas, as EC2 below.
    const region = signingRegionOf(req.headers.authorization, null);
    const regional = region !== undefined && options.simulatorForRegion ? await options.simulatorForRegion(region) : sim;
    const target = 'serviceQuotasCall' in regional ? regional : sim;
    const answer = await answerServiceQuotas(target as Ec2CallTarget & ServiceQuotasCallTarget, amzTarget, body, accountId);
    writeJsonAnswer(res, answer);
    logRequest('Service Quotas', amzTarget.slice(SERVICE_QUOTAS_TARGET_PREFIX.length), answer.status, answer.body, region);
    return;
  }
  // AWS Organizations (awsJson1_1) likewise: AWS_ENDPOINT_URL_ORGANIZATIONS points at the same URL in the bundle tests.
  if (typeof amzTarget === 'string' && amzTarget.startsWith(ORGANIZATIONS_TARGET_PREFIX) && 'organizationsCall' in sim) {
    const accessKeyId = accessKeyIdOf(req.headers.authorization, null);
    const accountId = accessKeyId === undefined ? undefined : options.accountForAccessKey?.(accessKeyId);
    const answer = await answerOrganizations(sim as Ec2CallTarget & OrganizationsCallTarget, amzTarget, body, accountId);
    writeJsonAnswer(res, answer);
    logRequest('Organizations', amzTarget.slice(ORGANIZATIONS_TARGET_PREFIX.length), answer.status, answer.body, signingRegionOf(req.headers.authorization, null));
    return;
  }
  // CloudFormation speaks the Query protocol too; the SDK signs its requests with the service name `cloudformation`.
  const presignedCredential = url.searchParams.get('X-Amz-Credential');
  // STS likewise, signed with the service name `sts`.
  if (sts && signingServiceOf(req.headers.authorization, presignedCredential) === 'sts') {
    const accessKeyId = accessKeyIdOf(req.headers.authorization, presignedCredential);
    // The caller as EC2 would see it; a stub target without an account acts as the simulator's default account.
    const callerAccountId = (accessKeyId === undefined ? undefined : options.accountForAccessKey?.(accessKeyId)) ?? sim.accountId ?? DEFAULT_ACCOUNT_ID;
    const answer = sts.answer(body, callerAccountId, accessKeyId);
    writeXml(res, answer.status, answer.body);
    logRequest('STS', answer.action, answer.status, answer.body, signingRegionOf(req.headers.authorization, presignedCredential));
    return;
  }
  if (options.cloudFormation && signingServiceOf(req.headers.authorization, presignedCredential) === 'cloudformation') {
    const answer = options.cloudFormation.answerQuery(body);
    writeXml(res, answer.statusCode, answer.xml);
    logRequest('CloudFormation', new URLSearchParams(body).get('Action') ?? '', answer.statusCode, answer.xml, signingRegionOf(req.headers.authorization, presignedCredential));
    return;
  }
  // The Query protocol allows parameters in the URL (GET) or the form body (POST); take both.
  const params = new URLSearchParams(url.search);
  for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
  const accessKeyId = accessKeyIdOf(req.headers.authorization, params.get('X-Amz-Credential'));
  const region = signingRegionOf(req.headers.authorization, params.get('X-Amz-Credential'));
  const target = region !== undefined && options.simulatorForRegion ? await options.simulatorForRegion(region) : sim;
  const answer = await answerQuery(target, { params, accessKeyId }, options.accountForAccessKey);
  writeXml(res, answer.status, answer.body, answer.requestId);
  logRequest('EC2', params.get('Action') ?? '', answer.status, answer.body, region);
}

async function receivePut(onPut: NonNullable<Ec2HttpServerOptions['onPut']>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  onPut({ path: new URL(req.url ?? '/', 'http://localhost').pathname, body: body ?? '' });
  res.writeHead(200, { 'content-length': 0 });
  res.end();
}

/** The whole body as text, or `undefined` once it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function writeXml(res: ServerResponse, status: number, body: string, requestId?: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/xml;charset=UTF-8',
    'content-length': Buffer.byteLength(body),
    ...(requestId ? { 'x-amzn-requestid': requestId } : {}),
  });
  res.end(body);
}
