/**
 * `vpce-provisioner plan`: previews what the custom resource would do to a VPC, without changing anything.
 *
 * The command only: the properties from flags and files, real EC2, Route 53 and Service Quotas clients (the SDK's
 * default credential chain or `--profile`, `--region`, `--endpoint-url`) each behind the read-only guard, the account
 * check, the cost estimate's prices, exit codes (./exit-codes.ts). The preview itself is lib/preview/; the command line
 * is read in ./arguments.ts and printed in ./output.ts. A consumer's preview (--consumer) is ./consumer-command.ts.
 */
import { PacedEc2Client } from '../lib/ec2/paced-client';
import { ReadOnlyClient, ReadOnlyEc2Client } from '../lib/ec2/read-only-client';
import { estimateCost, type CostEstimate } from '../lib/pricing/estimate';
import { readLivePrices } from '../lib/pricing/price-list';
import { PRICE_TABLE, type RegionPrices } from '../lib/pricing/price-table';
import { placeholderStackId, previewConvergence } from '../lib/preview';
import type { PlanPreview } from '../lib/preview/types';
import { parseStackArn } from '../lib/protocol/event';
import { describeError } from '../lib/ec2/errors';
import { parsePlanArguments, UsageError, type PlanArguments } from './arguments';
import { runConsumerPlan } from './consumer-command';
import { defaultCliDependencies, type CliDependencies } from './dependencies';
import { EXIT_CODES, exitCodeFor } from './exit-codes';
import { optional } from './optional';
import { regionProblem } from './regions';
import { writeAwsFailure, writeFailure, writePreview, writeUsage, writeVersion } from './output';

/** Where --pricing live goes (the Price List Query API of the aws partition). */
const PRICE_LIST_HOST = 'api.pricing.us-east-1.amazonaws.com';

/** Attempts per Describe call: enough to ride out throttling, few enough that an unreachable endpoint fails soon. */
const CLI_MAX_ATTEMPTS = 4;

/**
 * Runs the command line and returns the exit code (./exit-codes.ts): 0 the resource would succeed (2 with
 * --detailed-exitcode when it would change something), 3 it would fail, 1 no preview could be made, 64 usage error.
 * Never throws.
 */
export async function runCli(argv: readonly string[], dependencies: Partial<CliDependencies> = {}): Promise<number> {
  const deps: CliDependencies = { ...defaultCliDependencies, ...dependencies };
  // Known before the arguments are read, so that even a usage error answers --json with the one document.
  const json = argv.includes('--json');
  let args: PlanArguments;
  let properties: Record<string, unknown>;
  let oldProperties: Record<string, unknown> | undefined;
  let region: string;
  try {
    args = parsePlanArguments(argv);
    if (args.help) {
      writeUsage(deps);
      return EXIT_CODES.succeeded;
    }
    if (args.version) {
      writeVersion(deps);
      return EXIT_CODES.succeeded;
    }
    const fromFile = args.propertiesFile === undefined ? {} : readJsonObject(deps, '--properties', args.propertiesFile);
    const policies = args.endpointPoliciesFile === undefined ? {} : { EndpointPolicies: readJsonObject(deps, '--endpoint-policies', args.endpointPoliciesFile) };
    properties = { ...fromFile, ...args.propertyFlags, ...policies };
    // With a --properties file, what it lacks (or misspells) is the resource's to report, in its own words.
    const missing = [
      properties['VpcId'] === undefined ? '--vpc' : undefined,
      args.consumer ? undefined : properties['SubnetIds'] === undefined ? '--subnets' : undefined,
      args.consumer && properties['HubId'] === undefined ? '--hub-id' : undefined,
    ].filter((flag) => flag !== undefined);
    if (missing.length > 0 && args.propertiesFile === undefined) throw new UsageError(`Missing ${missing.join(' and ')}.`);
    oldProperties = args.oldPropertiesFile === undefined ? undefined : readJsonObject(deps, '--old-properties', args.oldPropertiesFile);
    const stackRegion = args.stackId === undefined ? undefined : parseStackArn(args.stackId)?.region;
    const found = args.region ?? stackRegion ?? (await deps.defaultRegion({ ...optional('profile', args.profile) }));
    if (found === undefined) throw new UsageError('No region: pass --region, or set AWS_REGION (or a region in your AWS profile).');
    // A region from AWS_REGION or the profile is checked as --region is.
    const notARegion = regionProblem(found);
    if (notARegion !== undefined) throw new UsageError(`The region from AWS_REGION or your profile: ${notARegion}`);
    region = found;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeFailure(deps, { json, exitCode: EXIT_CODES.usage, error: { kind: 'usage', name: error.name, message: error.message, hint: null } });
    return EXIT_CODES.usage;
  }

  if (args.consumer) return runConsumerPlan(deps, { args, properties, ...optional('oldProperties', oldProperties), region, json });
  const stack = args.stackId === undefined ? undefined : parseStackArn(args.stackId);
  const where = { region, ...optional('endpointUrl', args.endpointUrl), ...optional('profile', args.profile) };
  const client = deps.makeEc2(where);
  const route53 = deps.makeRoute53(where);
  const serviceQuotas = deps.makeServiceQuotas(where);
  let callerAccountId: string | undefined;
  try {
    // The guard is outermost: a refused command reaches neither EC2 nor the retrying layer.
    const ec2 = new ReadOnlyEc2Client(new PacedEc2Client(client, { clock: deps.clock, maxAttempts: CLI_MAX_ATTEMPTS }));
    callerAccountId = await deps.callerAccountId(where);
    // The resource reads the stack's account with the stack's credentials; another account's credentials would see
    // another account's VPCs (or none), and every finding would be about the wrong account.
    if (stack && callerAccountId !== undefined && callerAccountId !== stack.accountId) {
      const message = `Your credentials are for account ${callerAccountId}, but the stack is in account ${stack.accountId}: the preview would read the wrong account.`;
      const hint = `Use credentials of account ${stack.accountId} (--profile or AWS_PROFILE), or check --stack-id.`;
      writeFailure(deps, { json, exitCode: EXIT_CODES.couldNotPreview, region, callerAccountId, error: { kind: 'account', name: 'AccountMismatch', message, hint } });
      return EXIT_CODES.couldNotPreview;
    }
    // The same reads a Create makes before writing; a denied one is reported in the preview, not assumed away.
    const readers = { route53: new ReadOnlyClient(route53, 'Route 53'), serviceQuotas: new ReadOnlyClient(serviceQuotas, 'Service Quotas') };
    const request = {
      properties,
      ...optional('oldProperties', oldProperties),
      stackId: args.stackId ?? placeholderStackId(region),
      logicalResourceId: args.logicalId,
      ...optional('accountId', stack ? undefined : callerAccountId),
    };
    const preview = await previewConvergence(ec2, request, readers);
    const cost = preview.wouldSucceed ? await costOf(deps, preview, args) : undefined;
    const exitCode = exitCodeFor(preview, args.detailedExitCode);
    writePreview(deps, { preview, ...optional('cost', cost), ...optional('callerAccountId', callerAccountId), json, exitCode });
    return exitCode;
  } catch (error) {
    return writeAwsFailure(deps, { json, error, where: where, ...optional('callerAccountId', callerAccountId) });
  } finally {
    client.destroy?.();
    route53.destroy?.();
    serviceQuotas.destroy?.();
  }
}

/**
 * The monthly estimate, from the dated table or (--pricing live) the AWS Price List; when the Price List cannot be
 * read, the table stands in and the estimate says why. Live prices exist for the aws partition only.
 */
async function costOf(deps: CliDependencies, preview: Extract<PlanPreview, { wouldSucceed: true }>, args: PlanArguments): Promise<CostEstimate> {
  let prices: RegionPrices | undefined = PRICE_TABLE.regions[preview.region];
  let source: CostEstimate['source'] = { kind: 'table', asOf: PRICE_TABLE.asOf, fallbackReason: null };
  if (args.pricing === 'live') {
    const partition = parseStackArn(preview.stackId)?.partition ?? 'aws';
    if (partition !== 'aws') {
      source = { ...source, fallbackReason: `the Price List Query API serves the aws partition only, not ${partition}` };
    } else {
      const reader = deps.makePriceListReader({ ...optional('profile', args.profile) });
      try {
        const live = await readLivePrices(preview.region, reader.read);
        prices = live.prices;
        source = { kind: 'live', asOf: live.asOf || new Date(deps.clock.now()).toISOString().slice(0, 10), fallbackReason: null };
      } catch (error) {
        // The Price List has one place (us-east-1), so the usual hints (--region, --endpoint-url) would mislead.
        source = { ...source, fallbackReason: `${describeError(error)} (live prices need pricing:GetProducts and a route to ${PRICE_LIST_HOST})` };
      } finally {
        reader.destroy();
      }
    }
  }
  return estimateCost({ region: preview.region, prices, source, interfaceEndpointAzs: preview.interfaceEndpointAzs, ...optional('hostedZones', preview.hub?.hostedZones), ...optional('gbPerMonth', args.gbPerMonth) });
}

function readJsonObject(deps: CliDependencies, flag: string, path: string): Record<string, unknown> {
  let text: string;
  try {
    text = deps.readFile(path);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag}: ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${flag}: ${path} must hold a JSON object${flag === '--endpoint-policies' ? ' (service name → policy document)' : ' of ResourceProperties'}.`);
  }
  return parsed as Record<string, unknown>;
}
