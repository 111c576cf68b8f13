/**
 * The Lambda entry point: wires the real AWS clients to the lifecycle logic in lib/, and nothing else.
 * It honours the standard SDK environment (AWS_REGION, credentials, AWS_ENDPOINT_URL_EC2, …).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { AccountAccess } from '../lib/accounts';
import { systemClock } from '../lib/clock';
import { handleCustomResourceEvent } from '../lib/lifecycle';

let accounts: AccountAccess | undefined;
let lambda: LambdaClient | undefined;

export async function handler(event: unknown, context: Context): Promise<void> {
  accounts ??= new AccountAccess({
    // arn:<partition>:lambda:<region>:<account>:function:<name>
    ownAccountId: context.invokedFunctionArn.split(':')[4] ?? '',
    spokeRoleName: process.env['SPOKE_ROLE_NAME'] || undefined,
    externalId: process.env['SPOKE_EXTERNAL_ID'] || undefined,
    sts: new STSClient({}),
    // Retries are PacedEc2Client's job (paced to EC2's buckets, with jitter); the SDK's own would multiply them.
    makeEc2: (region, credentials) => new EC2Client({ region, credentials, maxAttempts: 1 }),
    clock: systemClock,
  });
  await handleCustomResourceEvent(event, context, {
    ec2For: (accountId, region, partition) => accounts!.ec2For(accountId, region, partition),
    clock: systemClock,
    continueLater: async (next) => {
      lambda ??= new LambdaClient({});
      await lambda.send(new InvokeCommand({ FunctionName: context.invokedFunctionArn, InvocationType: 'Event', Payload: JSON.stringify(next) }));
    },
  });
}
