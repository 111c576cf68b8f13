/**
 * The Route 53 face of the HTTP simulator: Route 53's REST-XML protocol for the one operation the provider calls,
 * ListHostedZonesByVPC (`GET /2013-04-01/hostedzonesbyvpc?vpcid=…&vpcregion=…`, Route 53 API reference). The bundle
 * tests point `AWS_ENDPOINT_URL_ROUTE_53` at the same server as `AWS_ENDPOINT_URL_EC2`.
 */
import { randomUUID } from 'node:crypto';
import { Ec2SimError } from '../errors';

const NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';
export const ROUTE53_PATH_PREFIX = '/2013-04-01/';

/** Whatever answers Route 53 calls (the simulator's route53Call). */
export interface Route53CallTarget {
  route53Call(action: string, input: Record<string, unknown>, caller?: { accountId?: string }): Promise<Record<string, unknown>>;
}

export interface Route53Answer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
}

/** Answers one Route 53 REST request. */
export async function answerRoute53(target: Route53CallTarget, method: string, url: URL, accountId: string | undefined): Promise<Route53Answer> {
  const requestId = randomUUID();
  if (method !== 'GET' || url.pathname !== `${ROUTE53_PATH_PREFIX}hostedzonesbyvpc`) {
    return errorAnswer(requestId, 400, 'InvalidInput', `The simulator answers only ListHostedZonesByVPC, not ${method} ${url.pathname}.`);
  }
  const input: Record<string, unknown> = {
    VPCId: url.searchParams.get('vpcid') ?? undefined,
    VPCRegion: url.searchParams.get('vpcregion') ?? undefined,
    MaxItems: url.searchParams.has('maxitems') ? Number(url.searchParams.get('maxitems')) : undefined,
    NextToken: url.searchParams.get('nexttoken') ?? undefined,
  };
  try {
    const output = await target.route53Call('ListHostedZonesByVPC', input, accountId === undefined ? {} : { accountId });
    const summaries = (output['HostedZoneSummaries'] as { HostedZoneId: string; Name: string; Owner: { OwningAccount?: string } }[])
      .map(
        (zone) =>
          `<HostedZoneSummary><HostedZoneId>${escape(zone.HostedZoneId)}</HostedZoneId><Name>${escape(zone.Name)}</Name><Owner><OwningAccount>${escape(zone.Owner.OwningAccount ?? '')}</OwningAccount></Owner></HostedZoneSummary>`,
      )
      .join('');
    const next = output['NextToken'] === undefined ? '' : `<NextToken>${escape(String(output['NextToken']))}</NextToken>`;
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListHostedZonesByVPCResponse xmlns="${NAMESPACE}"><HostedZoneSummaries>${summaries}</HostedZoneSummaries><MaxItems>${String(output['MaxItems'])}</MaxItems>${next}</ListHostedZonesByVPCResponse>`;
    return { status: 200, body, requestId };
  } catch (error) {
    if (!(error instanceof Ec2SimError)) throw error;
    return errorAnswer(requestId, error.statusCode, error.code, error.message);
  }
}

function errorAnswer(requestId: string, status: number, code: string, message: string): Route53Answer {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${escape(code)}</Code><Message>${escape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status, body, requestId };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
