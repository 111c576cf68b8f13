/**
 * The Lambda entry point: wires the real AWS clients to the lifecycle logic in lib/, and nothing else.
 * It honours the standard SDK environment (AWS_REGION, credentials, AWS_ENDPOINT_URL, …).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { Context } from 'aws-lambda';
import { AccountAccess, type TemporaryCredentials } from '../lib/accounts';
import { systemClock } from '../lib/clock';
import type { Ec2Sender } from '../lib/ec2/paced-client';
import { handleCustomResourceEvent } from '../lib/lifecycle';

let accounts: AccountAccess | undefined;

/**
 * A client built on first use. STS (member accounts) and Lambda (continuations) are needed by few invocations, so their
 * SDK modules are evaluated only then: a shorter cold start for the rest.
 */
function lazyClient(load: () => Promise<Ec2Sender>): Ec2Sender {
  let client: Promise<Ec2Sender> | undefined;
  return {
    send: async (command) => {
      client ??= load();
      return (await client).send(command);
    },
  };
}

const sts = lazyClient(async () => new (await import('../lib/aws/sts')).STSClient({}));
/** Route 53 is asked only when private DNS is requested; its SDK module is evaluated on the first such call. */
const makeRoute53 = (region: string, credentials?: TemporaryCredentials) =>
  lazyClient(async () => new (await import('../lib/aws/route53')).Route53Client({ region, credentials }));
/** Service Quotas (the applied VPC quotas), likewise evaluated on first use. */
const makeServiceQuotas = (region: string, credentials?: TemporaryCredentials) =>
  lazyClient(async () => new (await import('../lib/aws/service-quotas')).ServiceQuotasClient({ region, credentials }));
/**
 * AWS Organizations with the function's own role (a consumer admitted by OU), one client per partition's Region asked:
 * the SDK sends every Region's calls to the partition's global endpoint. Evaluated on first use, like Route 53.
 */
const organizationsClients = new Map<string, Ec2Sender>();
const organizationsIn = (region: string): Ec2Sender => {
  let client = organizationsClients.get(region);
  if (!client) {
    client = lazyClient(async () => new (await import('../lib/aws/organizations')).OrganizationsClient({ region, maxAttempts: 1 }));
    organizationsClients.set(region, client);
  }
  return client;
};
const lambda = lazyClient(async () => new (await import('../lib/aws/lambda')).LambdaClient({}));

/** CloudFormation for the stack check: its SDK module is loaded on the first call (lib/protocol/stack-check.ts loads it first). */
function makeCloudFormation(region: string, credentials?: TemporaryCredentials): Ec2Sender {
  return lazyClient(async () => new (await import('../lib/aws/cloudformation')).CloudFormationClient({ region, credentials, maxAttempts: 1 }));
}

export async function handler(event: unknown, context: Context): Promise<void> {
  // arn:<partition>:lambda:<region>:<account>:function:<name>
  const ownAccountId = context.invokedFunctionArn.split(':')[4] ?? '';
  accounts ??= new AccountAccess({
    ownAccountId,
    spokeRoleName: process.env['SPOKE_ROLE_NAME'] || undefined,
    externalId: process.env['SPOKE_EXTERNAL_ID'] || undefined,
    sts,
    // Retries are PacedEc2Client's job (paced to EC2's buckets, with jitter); the SDK's own would multiply them.
    makeEc2: (region, credentials) => new EC2Client({ region, credentials, maxAttempts: 1 }),
    makeCloudFormation,
    makeRoute53,
    makeServiceQuotas,
    clock: systemClock,
  });
  await handleCustomResourceEvent(event, context, {
    ec2For: (accountId, region, partition) => (accounts as AccountAccess).ec2For(accountId, region, partition),
    stackCheck: {
      cloudFormationFor: (accountId, region, partition) => (accounts as AccountAccess).cloudFormationFor(accountId, region, partition),
      // Only the template's explicit 'false' turns the check off, and only for stacks of the function's own account.
      uncheckedAccountId: process.env['VERIFY_OWN_ACCOUNT_STACKS'] === 'false' ? ownAccountId : undefined,
    },
    route53For: (accountId, region, partition) => (accounts as AccountAccess).serviceFor('route53', accountId, region, partition),
    serviceQuotasFor: (accountId, region, partition) => (accounts as AccountAccess).serviceFor('serviceQuotas', accountId, region, partition),
    organizationsFor: async (region) => ({ client: organizationsIn(region), callerAccountId: ownAccountId }),
    clock: systemClock,
    // sam local invoke: the simulator on the container's host also receives the answer (empty, as deployed: nothing).
    localEndpointUrl: process.env['AWS_ENDPOINT_URL'] || undefined,
    continueLater: async (next) => {
      const { InvokeCommand } = await import('../lib/aws/lambda');
      await lambda.send(new InvokeCommand({ FunctionName: context.invokedFunctionArn, InvocationType: 'Event', Payload: JSON.stringify(next) }));
    },
  });
}
