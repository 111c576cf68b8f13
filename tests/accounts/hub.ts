/**
 * A hub provider serving several accounts, for the hub-and-spoke tests: one EC2 simulator per region (each holding
 * every account's resources), an STS stand-in whose credentials name the account of the role they were issued for,
 * and the lifecycle handler wired through one long-lived {@link AccountAccess}, exactly as handler/index.ts wires it
 * in a warm Lambda container.
 */
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput, type ServiceInputTypes, type ServiceOutputTypes, type STSClientResolvedConfig } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { AccountAccess, type TemporaryCredentials } from '../../lib/accounts';
import { handleCustomResourceEvent } from '../../lib/lifecycle';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { CloudFormationDriver, type RecordedResponse } from '../support/cfn-driver';
import { Ec2Simulator, VirtualClock, WorldBuilder } from '../support/ec2-sim';
import { fakeContext } from '../support/lambda-context';
import { seededRandom } from '../support/scenario';

/** The account the hub provider runs in (the simulator's default account). */
export const HUB_ACCOUNT = '123456789012';
/** A member account with the spoke role deployed. */
export const SPOKE_ACCOUNT = '222233334444';
/** Another member account. */
export const OTHER_ACCOUNT = '555566667777';
export const SPOKE_ROLE_NAME = 'vpce-provisioner-spoke';
export const EXTERNAL_ID = 'o-a1b2c3d4e5-vpce';
/** The lifetime the stand-in STS gives assumed credentials (the provider asks for one hour). */
export const SESSION_MS = 3_600_000;

const SIMULATED_REGIONS = ['us-east-1', 'eu-west-1'] as const;
const ACCESS_KEY_PREFIX = 'ASIASIM';

export interface HubOptions {
  /** SPOKE_ROLE_NAME of the function; `undefined` = not configured (serves the hub's own account only). */
  spokeRoleName?: string | undefined;
  externalId?: string | undefined;
  /** The template's VerifyOwnAccountStacks: 'false' skips the stack check for the hub's own account. Default on. */
  verifyOwnAccountStacks?: boolean;
}

/** One EC2 client the provider built, and whose credentials it carried. */
export interface Ec2ClientBuild {
  region: string;
  /** The account the credentials belong to; the hub's for the function's own role. */
  accountId: string;
  assumed: boolean;
}

export interface Hub {
  readonly clock: VirtualClock;
  readonly cfn: CloudFormationDriver;
  /** AssumeRole and friends; tests may override its answers (`sts.on(AssumeRoleCommand).rejects(...)`). */
  readonly sts: AwsStub<ServiceInputTypes, ServiceOutputTypes, STSClientResolvedConfig>;
  readonly access: AccountAccess;
  /** Every EC2 client the provider built, in order. */
  readonly ec2Builds: Ec2ClientBuild[];
  readonly logs: string[];
  /** The simulator of a region (us-east-1 or eu-west-1). */
  sim(region?: string): Ec2Simulator;
  /** Runs the handler with a fresh Lambda context of the hub's function and returns the answer it PUT. */
  invoke(event: CustomResourceEvent): Promise<RecordedResponse | undefined>;
  /** The inputs of every AssumeRole call so far. */
  assumeRoleCalls(): AssumeRoleCommandInput[];
  close(): Promise<void>;
}

/** The account an access key issued by the stand-in STS belongs to. */
function accountOfAccessKey(accessKeyId: string): string {
  const account = accessKeyId.slice(ACCESS_KEY_PREFIX.length);
  if (!accessKeyId.startsWith(ACCESS_KEY_PREFIX) || !/^\d{12}$/.test(account)) throw new Error(`not an access key of the stand-in STS: ${accessKeyId}`);
  return account;
}

/** The account in a role ARN (`arn:<partition>:iam::<account>:role/<name>`). */
export function accountOfRoleArn(roleArn: string | undefined): string {
  const account = /^arn:[a-z-]+:iam::(\d{12}):role\/.+$/.exec(roleArn ?? '')?.[1];
  if (account === undefined) throw new Error(`not a role ARN: ${roleArn}`);
  return account;
}

/**
 * Answers AssumeRole as STS does for a role that trusts the caller: temporary credentials of the role's account,
 * valid for DurationSeconds (default one hour) from the current (virtual) time.
 */
export function grantingAssumeRole(clock: VirtualClock) {
  return (input: AssumeRoleCommandInput) => ({
    Credentials: {
      AccessKeyId: `${ACCESS_KEY_PREFIX}${accountOfRoleArn(input.RoleArn)}`,
      SecretAccessKey: 'secret',
      SessionToken: `token-${clock.now()}`,
      Expiration: new Date(clock.now() + (input.DurationSeconds ?? 3600) * 1000),
    },
    AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:vpce-provisioner', Arn: `${input.RoleArn}/vpce-provisioner` },
  });
}

export async function startHub(options: HubOptions = { spokeRoleName: SPOKE_ROLE_NAME, externalId: EXTERNAL_ID }): Promise<Hub> {
  const clock = new VirtualClock();
  const sims = new Map(SIMULATED_REGIONS.map((region) => [region as string, new Ec2Simulator({ clock, region, accountId: HUB_ACCOUNT })]));
  const cfn = await CloudFormationDriver.start();
  const stsClient = new STSClient({ region: 'us-east-1' });
  const sts = mockClient(stsClient);
  sts.on(AssumeRoleCommand).callsFake(grantingAssumeRole(clock));
  const ec2Builds: Ec2ClientBuild[] = [];
  const logs: string[] = [];
  const sim = (region = 'us-east-1'): Ec2Simulator => {
    const found = sims.get(region);
    if (!found) throw new Error(`no simulator for ${region}`);
    return found;
  };
  const access = new AccountAccess({
    ownAccountId: HUB_ACCOUNT,
    spokeRoleName: options.spokeRoleName,
    externalId: options.externalId,
    sts: stsClient,
    makeEc2: (region: string, credentials?: TemporaryCredentials) => {
      const accountId = credentials ? accountOfAccessKey(credentials.accessKeyId) : HUB_ACCOUNT;
      ec2Builds.push({ region, accountId, assumed: credentials !== undefined });
      return sim(region).client({ accountId });
    },
    // CloudFormation through the same credentials as EC2: the stand-in sees the stacks of the credentials' account only.
    makeCloudFormation: (_region: string, credentials?: TemporaryCredentials) => cfn.stacks.client(credentials ? accountOfAccessKey(credentials.accessKeyId) : HUB_ACCOUNT),
    clock,
  });
  const random = seededRandom();
  const handler = (event: CustomResourceEvent, context: Context) =>
    handleCustomResourceEvent(event, context, {
      ec2For: (accountId, region, partition) => access.ec2For(accountId, region, partition),
      stackCheck: {
        cloudFormationFor: (accountId, region, partition) => access.cloudFormationFor(accountId, region, partition),
        uncheckedAccountId: options.verifyOwnAccountStacks === false ? HUB_ACCOUNT : undefined,
      },
      clock,
      logSink: (line) => logs.push(line),
      random,
    });
  return {
    clock,
    cfn,
    sts,
    access,
    ec2Builds,
    logs,
    sim,
    invoke: (event) =>
      cfn.invoke(handler, event, fakeContext({ clock, invokedFunctionArn: `arn:aws:lambda:us-east-1:${HUB_ACCOUNT}:function:vpce-hub-provider` })),
    assumeRoleCalls: () => sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input),
    close: async () => {
      sts.restore();
      await cfn.close();
    },
  };
}

/** A member account's own application VPC: two app subnets in two AZs, DNS on, built by that account. */
export async function buildAccountVpc(sim: Ec2Simulator, accountId: string, cidrBase = '10.1') {
  const [az1, az2] = sim.zones.ids as [string, string];
  const world = await new WorldBuilder(sim)
    .vpc('vpc', { cidr: `${cidrBase}.0.0/16`, owner: accountId, dnsSupport: true, dnsHostnames: true })
    .subnet('app-a', { vpc: 'vpc', cidr: `${cidrBase}.0.0/20`, azId: az1, owner: accountId })
    .subnet('app-b', { vpc: 'vpc', cidr: `${cidrBase}.16.0/20`, azId: az2, owner: accountId })
    .build();
  return { world, vpcId: world.id('vpc'), appSubnetIds: [world.id('app-a'), world.id('app-b')] };
}

/** What carries a physical ID's owner tag, as `accountId` sees it. */
export async function ownedAs(sim: Ec2Simulator, accountId: string, physicalId: string) {
  const filters = [{ Name: 'tag:vpce-provisioner:owner', Values: [physicalId] }];
  const caller = { accountId };
  const [subnets, endpoints, groups] = await Promise.all([
    sim.call('DescribeSubnets', { Filters: filters }, caller),
    sim.call('DescribeVpcEndpoints', { Filters: filters }, caller),
    sim.call('DescribeSecurityGroups', { Filters: filters }, caller),
  ]);
  const liveEndpoints = ((endpoints.VpcEndpoints ?? []) as { State?: string; OwnerId?: string }[]).filter(
    (endpoint) => (endpoint.State ?? '').toLowerCase() !== 'deleted',
  );
  return {
    subnets: (subnets.Subnets ?? []) as { SubnetId: string; OwnerId?: string; VpcId?: string }[],
    endpoints: liveEndpoints,
    groups: (groups.SecurityGroups ?? []) as { GroupId: string; OwnerId?: string }[],
  };
}
