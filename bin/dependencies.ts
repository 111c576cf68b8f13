/**
 * What the CLI touches outside itself — the AWS SDK clients, files, the terminal, the clock — and the real ones.
 * Tests replace any of it; this is the only file of the CLI that imports the SDK.
 */
import { readFileSync } from 'node:fs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { systemClock, type Clock } from '../lib/clock';
import type { Ec2Sender } from '../lib/ec2/paced-client';
import type { ReadPriceList } from '../lib/pricing/price-list';

/** Where the clients send their calls, and whose credentials sign them. */
export interface ClientOptions {
  readonly region: string;
  readonly endpointUrl?: string;
  /** A named profile of the shared config and credentials files; the SDK's default chain without it. */
  readonly profile?: string;
}

/** What the CLI touches outside itself; tests replace any of it. */
export interface CliDependencies {
  /** The EC2 client to read through. It is wrapped in PacedEc2Client and ReadOnlyEc2Client here, whatever it is. */
  readonly makeEc2: (options: ClientOptions) => Ec2Sender & { destroy?: () => void };
  /**
   * Route 53 and Service Quotas, for the read checks a Create makes before writing (the private hosted zones of the VPC,
   * the applied VPC quotas). Each is wrapped in ReadOnlyClient here, whatever it is.
   */
  readonly makeRoute53: (options: ClientOptions) => Ec2Sender & { destroy?: () => void };
  readonly makeServiceQuotas: (options: ClientOptions) => Ec2Sender & { destroy?: () => void };
  /** The region when neither --region nor --stack-id names one (AWS_REGION, or the profile's). */
  readonly defaultRegion: (options: { profile?: string }) => Promise<string | undefined>;
  /**
   * The account of the credentials (sts:GetCallerIdentity): the account the checks assume without --stack-id, and with
   * it, compared with the stack's. Undefined: not asked (through --endpoint-url), so the VPC owner's is assumed.
   */
  readonly callerAccountId: (options: ClientOptions) => Promise<string | undefined>;
  /**
   * `--pricing live`: one pricing:GetProducts call of the AWS Price List Query API (us-east-1). Throws what AWS
   * answers (AccessDenied without the permission).
   */
  readonly makePriceListReader: (options: { profile?: string }) => { read: ReadPriceList; destroy: () => void };
  readonly readFile: (path: string) => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly clock: Clock;
}

export const defaultCliDependencies: CliDependencies = {
  // Retries are PacedEc2Client's job, as in the Lambda; the SDK's own would multiply them.
  makeEc2: ({ region, endpointUrl, profile }) => new EC2Client({ region, maxAttempts: 1, ...where(endpointUrl, profile) }),
  // --endpoint-url points all three at one place: the simulator answers EC2, Route 53 and Service Quotas on one port.
  // These two keep the SDK's own retries, as in the Lambda (handler/index.ts).
  makeRoute53: ({ region, endpointUrl, profile }) => new Route53Client({ region, ...where(endpointUrl, profile) }),
  makeServiceQuotas: ({ region, endpointUrl, profile }) => new ServiceQuotasClient({ region, ...where(endpointUrl, profile) }),
  defaultRegion: async ({ profile }) => {
    const client = new EC2Client(where(undefined, profile));
    try {
      return await client.config.region();
    } catch {
      return undefined;
    } finally {
      client.destroy();
    }
  },
  callerAccountId: async ({ region, endpointUrl, profile }) => {
    // With EC2 sent elsewhere (the simulator), STS would go to AWS with whatever credentials serve the simulator.
    if (endpointUrl !== undefined || process.env['AWS_ENDPOINT_URL_EC2'] || process.env['AWS_ENDPOINT_URL']) return undefined;
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({ region, ...where(undefined, profile) });
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Account;
    } finally {
      sts.destroy();
    }
  },
  makePriceListReader: ({ profile }) => {
    // The Price List Query API answers in us-east-1 (also eu-central-1, ap-south-1) for the aws partition.
    // Two attempts: the estimate falls back to the table, so a slow or unreachable Price List should not hold the preview.
    const client = new PricingClient({ region: 'us-east-1', maxAttempts: 2, ...where(undefined, profile) });
    return {
      read: async ({ serviceCode, filters, nextToken }) => {
        const answer = await client.send(
          new GetProductsCommand({
            ServiceCode: serviceCode,
            Filters: filters.map((filter) => ({ Type: filter.type, Field: filter.field, Value: filter.value })),
            FormatVersion: 'aws_v1',
            MaxResults: 100,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
        );
        return { priceList: (answer.PriceList ?? []).map(String), ...(answer.NextToken ? { nextToken: answer.NextToken } : {}) };
      },
      destroy: () => client.destroy(),
    };
  },
  readFile: (path) => readFileSync(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  clock: systemClock,
};

/** The endpoint and profile options of an SDK client, when set. */
function where(endpointUrl: string | undefined, profile: string | undefined): { endpoint?: string; profile?: string } {
  return { ...(endpointUrl ? { endpoint: endpointUrl } : {}), ...(profile ? { profile } : {}) };
}
