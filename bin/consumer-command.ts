/**
 * `vpce-provisioner plan --consumer`: previews a `Custom::VpcEndpointConsumer` without changing anything. The spoke is
 * read with the caller's credentials (--profile), the hub's group and zones with the hub account's (--hub-profile, or
 * the same credentials when the hub is in the caller's account); every client behind the read-only guard. The preview
 * itself is lib/preview/consumer.ts; its reads are the consumer's own (lib/consumer-aws/aws-ports.ts).
 */
import { parseHubId } from '../lib/centralised/hub-contract';
import { AwsHubAccountPort, AwsSpokeAccountPort } from '../lib/consumer-aws/aws-ports';
import { PacedEc2Client, type Ec2Sender } from '../lib/ec2/paced-client';
import { ReadOnlyClient, ReadOnlyEc2Client } from '../lib/ec2/read-only-client';
import { placeholderStackId } from '../lib/preview';
import { previewConsumer } from '../lib/preview/consumer';
import { readVpcOwner } from '../lib/preview/vpc-owner';
import { parseStackArn } from '../lib/protocol/event';
import type { PlanArguments } from './arguments';
import type { CliDependencies, ClientOptions } from './dependencies';
import { EXIT_CODES, exitCodeFor } from './exit-codes';
import { optional } from './optional';
import { writeAwsFailure, writeConsumerPreview, writeFailure } from './output';

/** Attempts per Describe call, as the endpoints preview makes them (./plan-command.ts). */
const CLI_MAX_ATTEMPTS = 4;

/** What the command line gave, once read and checked (./plan-command.ts does that for both resource types). */
export interface ConsumerPlanInput {
  readonly args: PlanArguments;
  readonly properties: Record<string, unknown>;
  readonly oldProperties?: Record<string, unknown>;
  readonly region: string;
  readonly json: boolean;
}

/** The clients of one account, as the CLI made them (to destroy afterwards) and as the reads go through them. */
interface AccountReaders {
  readonly made: readonly ({ destroy?: () => void } | undefined)[];
  readonly ec2: Ec2Sender;
  readonly route53: Ec2Sender;
  readonly serviceQuotas: Ec2Sender;
}

/**
 * Runs the consumer's preview and returns the exit code (./exit-codes.ts): 0 or 2 it would succeed, 3 it would fail,
 * 1 no preview could be made (AWS answered an error, or credentials of the wrong account). Never throws.
 */
export async function runConsumerPlan(deps: CliDependencies, input: ConsumerPlanInput): Promise<number> {
  const { args, region, json } = input;
  const stack = args.stackId === undefined ? undefined : parseStackArn(args.stackId);
  const spokeWhere: ClientOptions = { region, ...optional('endpointUrl', args.endpointUrl), ...optional('profile', args.profile) };
  const hubWhere: ClientOptions = args.hubProfile === undefined ? spokeWhere : { ...spokeWhere, profile: args.hubProfile };
  // The hub's account, when HubId reads as a hub's ID; a malformed one is the properties' to report.
  const hubRef = typeof input.properties['HubId'] === 'string' ? parseHubId(input.properties['HubId'].trim()) : undefined;
  const spoke = readersFor(deps, spokeWhere);
  const hub = args.hubProfile === undefined ? spoke : readersFor(deps, hubWhere);
  let callerAccountId: string | undefined;
  const fail = (name: string, message: string, hint: string) => {
    writeFailure(deps, { json, exitCode: EXIT_CODES.couldNotPreview, region, ...optional('callerAccountId', callerAccountId), error: { kind: 'account', name, message, hint } });
    return EXIT_CODES.couldNotPreview;
  };
  try {
    callerAccountId = await deps.callerAccountId(spokeWhere);
    if (stack && callerAccountId !== undefined && callerAccountId !== stack.accountId) {
      return fail(
        'AccountMismatch',
        `Your credentials are for account ${callerAccountId}, but the stack is in account ${stack.accountId}: the preview would read the wrong spoke account.`,
        `Use credentials of account ${stack.accountId} (--profile or AWS_PROFILE), or check --stack-id.`,
      );
    }
    // The hub's group and zones are read with the hub account's credentials, as the resource reads them; another
    // account's would find no hub, and the preview would report a missing hub that exists.
    const hubCallerAccountId = args.hubProfile === undefined ? callerAccountId : await deps.callerAccountId(hubWhere);
    if (hubRef && hubCallerAccountId !== undefined && hubCallerAccountId !== hubRef.accountId) {
      return fail(
        'HubAccountMismatch',
        `The hub is in account ${hubRef.accountId}, and the credentials that would read it are for account ${hubCallerAccountId}.`,
        args.hubProfile === undefined
          ? `Pass --hub-profile with a profile of account ${hubRef.accountId} (reads only: ec2:Describe*, route53:Get*/List*, servicequotas:GetServiceQuota).`
          : `Check --hub-profile ${args.hubProfile}: it must be a profile of account ${hubRef.accountId}.`,
      );
    }
    const preview = await previewConsumer(
      {
        properties: input.properties,
        ...optional('oldProperties', input.oldProperties),
        stackId: args.stackId ?? placeholderStackId(region),
        logicalResourceId: args.logicalId,
        ...optional('accountId', stack ? undefined : callerAccountId),
      },
      {
        hub: new AwsHubAccountPort({ ec2: hub.ec2, route53: hub.route53, serviceQuotas: hub.serviceQuotas }),
        spoke: {
          observeSpoke: (vpcId) => new AwsSpokeAccountPort({ ec2: spoke.ec2, route53: spoke.route53 }, region).observeSpoke(vpcId),
          ownerOf: (vpcId) => readVpcOwner(spoke.ec2, vpcId),
        },
      },
    );
    const exitCode = exitCodeFor(preview, args.detailedExitCode);
    writeConsumerPreview(deps, { preview, ...optional('callerAccountId', callerAccountId), json, exitCode });
    return exitCode;
  } catch (error) {
    return writeAwsFailure(deps, { json, error, where: spokeWhere, ...optional('callerAccountId', callerAccountId) });
  } finally {
    for (const client of new Set([...spoke.made, ...hub.made])) client?.destroy?.();
  }
}

/** One account's EC2, Route 53 and Service Quotas, each behind the read-only guard (outermost, as for the endpoints). */
function readersFor(deps: CliDependencies, where: ClientOptions): AccountReaders {
  const ec2 = deps.makeEc2(where);
  const route53 = deps.makeRoute53(where);
  const serviceQuotas = deps.makeServiceQuotas(where);
  return {
    made: [ec2, route53, serviceQuotas],
    ec2: new ReadOnlyEc2Client(new PacedEc2Client(ec2, { clock: deps.clock, maxAttempts: CLI_MAX_ATTEMPTS })),
    route53: new ReadOnlyClient(route53, 'Route 53'),
    serviceQuotas: new ReadOnlyClient(serviceQuotas, 'Service Quotas'),
  };
}
