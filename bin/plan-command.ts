/**
 * `vpce-provisioner plan`: previews what the custom resource would do to a VPC, without changing anything.
 *
 * The command only: the properties from flags and files, real EC2, Route 53 and Service Quotas clients (the SDK's
 * default credential chain, `--region`, `--endpoint-url`) each behind the read-only guard, exit codes. The preview itself is lib/preview/; the
 * command line is read in ./arguments.ts and printed in ./output.ts.
 *
 * Exit codes: 0 the resource would succeed, 1 it would fail (or AWS answered with an error), 2 usage error.
 */
import { PacedEc2Client } from '../lib/ec2/paced-client';
import { ReadOnlyClient, ReadOnlyEc2Client } from '../lib/ec2/read-only-client';
import { placeholderStackId, previewConvergence } from '../lib/preview';
import { parseStackArn } from '../lib/protocol/event';
import { parsePlanArguments, UsageError, type PlanArguments } from './arguments';
import { defaultCliDependencies, type CliDependencies } from './dependencies';
import { optional } from './optional';
import { writeAwsError, writePreview, writeUsage, writeUsageError, writeVersion } from './output';

/** Attempts per Describe call: enough to ride out throttling, few enough that an unreachable endpoint fails soon. */
const CLI_MAX_ATTEMPTS = 4;

/**
 * Runs the command line and returns the exit code: 0 the resource would succeed, 1 it would fail or AWS answered with
 * an error, 2 usage error. Never throws.
 */
export async function runCli(argv: readonly string[], dependencies: Partial<CliDependencies> = {}): Promise<number> {
  const deps: CliDependencies = { ...defaultCliDependencies, ...dependencies };
  let args: PlanArguments;
  let properties: Record<string, unknown>;
  let oldProperties: Record<string, unknown> | undefined;
  try {
    args = parsePlanArguments(argv);
    if (args.help) {
      writeUsage(deps);
      return 0;
    }
    if (args.version) {
      writeVersion(deps);
      return 0;
    }
    const fromFile = args.propertiesFile === undefined ? {} : readJsonObject(deps, '--properties', args.propertiesFile);
    const policies = args.endpointPoliciesFile === undefined ? {} : { EndpointPolicies: readJsonObject(deps, '--endpoint-policies', args.endpointPoliciesFile) };
    properties = { ...fromFile, ...args.propertyFlags, ...policies };
    // With a --properties file, what it lacks (or misspells) is the resource's to report, in its own words.
    const missing = [
      properties['VpcId'] === undefined ? '--vpc' : undefined,
      properties['SubnetIds'] === undefined ? '--subnets' : undefined,
    ].filter((flag) => flag !== undefined);
    if (missing.length > 0 && args.propertiesFile === undefined) throw new UsageError(`Missing ${missing.join(' and ')}.`);
    oldProperties = args.oldPropertiesFile === undefined ? undefined : readJsonObject(deps, '--old-properties', args.oldPropertiesFile);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeUsageError(deps, error);
    return 2;
  }

  const stack = args.stackId === undefined ? undefined : parseStackArn(args.stackId);
  const region = args.region ?? stack?.region ?? (await deps.defaultRegion());
  if (region === undefined) {
    deps.stderr('vpce-provisioner: no region: pass --region, or set AWS_REGION (or a region in your AWS profile).\n');
    return 2;
  }
  const where = { region, ...optional('endpointUrl', args.endpointUrl) };
  const client = deps.makeEc2(where);
  const route53 = deps.makeRoute53(where);
  const serviceQuotas = deps.makeServiceQuotas(where);
  try {
    // The guard is outermost: a refused command reaches neither EC2 nor the retrying layer.
    const ec2 = new ReadOnlyEc2Client(new PacedEc2Client(client, { clock: deps.clock, maxAttempts: CLI_MAX_ATTEMPTS }));
    // With --stack-id the preview checks against the stack's account; without, against the caller's when known.
    const accountId = stack ? undefined : await deps.callerAccountId(where);
    // The same reads a Create makes before writing; a denied one is reported in the preview, not assumed away.
    const readers = { route53: new ReadOnlyClient(route53, 'Route 53'), serviceQuotas: new ReadOnlyClient(serviceQuotas, 'Service Quotas') };
    const request = {
      properties,
      ...optional('oldProperties', oldProperties),
      stackId: args.stackId ?? placeholderStackId(region),
      logicalResourceId: args.logicalId,
      ...optional('accountId', accountId),
    };
    const preview = await previewConvergence(ec2, request, readers);
    writePreview(deps, preview, { json: args.json });
    return preview.wouldSucceed ? 0 : 1;
  } catch (error) {
    // AWS itself answered with an error (credentials, permissions, network): what it said, and nothing was changed.
    writeAwsError(deps, error, { json: args.json });
    return 1;
  } finally {
    client.destroy?.();
    route53.destroy?.();
    serviceQuotas.destroy?.();
  }
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
