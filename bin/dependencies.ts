/**
 * What the CLI touches outside itself — the AWS SDK clients, files, the terminal, the clock — and the real ones.
 * Tests replace any of it; this is the only file of the CLI that imports the SDK.
 */
import { readFileSync } from 'node:fs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { systemClock, type Clock } from '../lib/clock';
import type { Ec2Sender } from '../lib/ec2/paced-client';

/** What the CLI touches outside itself; tests replace any of it. */
export interface CliDependencies {
  /** The EC2 client to read through. It is wrapped in PacedEc2Client and ReadOnlyEc2Client here, whatever it is. */
  readonly makeEc2: (options: { region: string; endpointUrl?: string }) => Ec2Sender & { destroy?: () => void };
  /**
   * Route 53 and Service Quotas, for the read checks a Create makes before writing (the private hosted zones of the VPC,
   * the applied VPC quotas). Each is wrapped in ReadOnlyClient here, whatever it is.
   */
  readonly makeRoute53: (options: { region: string; endpointUrl?: string }) => Ec2Sender & { destroy?: () => void };
  readonly makeServiceQuotas: (options: { region: string; endpointUrl?: string }) => Ec2Sender & { destroy?: () => void };
  /** The region when neither --region nor --stack-id names one. */
  readonly defaultRegion: () => Promise<string | undefined>;
  /**
   * The account of the credentials, for the checks of a Create preview without --stack-id (a VPC shared from another
   * account cannot take endpoints). Undefined: assume the VPC owner's account.
   */
  readonly callerAccountId: (options: { region: string; endpointUrl?: string }) => Promise<string | undefined>;
  readonly readFile: (path: string) => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly clock: Clock;
}

export const defaultCliDependencies: CliDependencies = {
  // Retries are PacedEc2Client's job, as in the Lambda; the SDK's own would multiply them.
  makeEc2: ({ region, endpointUrl }) => new EC2Client({ region, maxAttempts: 1, ...(endpointUrl ? { endpoint: endpointUrl } : {}) }),
  // --endpoint-url points all three at one place: the simulator answers EC2, Route 53 and Service Quotas on one port.
  // These two keep the SDK's own retries, as in the Lambda (handler/index.ts).
  makeRoute53: ({ region, endpointUrl }) => new Route53Client({ region, ...(endpointUrl ? { endpoint: endpointUrl } : {}) }),
  makeServiceQuotas: ({ region, endpointUrl }) => new ServiceQuotasClient({ region, ...(endpointUrl ? { endpoint: endpointUrl } : {}) }),
  defaultRegion: async () => {
    const client = new EC2Client({});
    try {
      return await client.config.region();
    } catch {
      return undefined;
    } finally {
      client.destroy();
    }
  },
  callerAccountId: async ({ region, endpointUrl }) => {
    // With EC2 sent elsewhere (the simulator), STS would go to AWS with whatever credentials serve the simulator.
    if (endpointUrl !== undefined || process.env['AWS_ENDPOINT_URL_EC2'] || process.env['AWS_ENDPOINT_URL']) return undefined;
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({ region });
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Account;
    } finally {
      sts.destroy();
    }
  },
  readFile: (path) => readFileSync(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  clock: systemClock,
};
