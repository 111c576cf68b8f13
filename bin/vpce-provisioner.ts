/**
 * `vpce-provisioner plan`: previews what the custom resource would do to a VPC, without changing anything.
 *
 * This file is the command line only: arguments, wiring a real EC2Client (the SDK's default credential chain,
 * `--region`, `--endpoint-url`) behind the read-only guard, printing, exit codes. The preview itself is lib/preview.ts.
 *
 * Exit codes: 0 the resource would succeed, 1 it would fail (or AWS answered with an error), 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { systemClock, type Clock } from '../lib/clock';
import { describeError } from '../lib/ec2/errors';
import { PacedEc2Client, type Ec2Sender } from '../lib/ec2/paced-client';
import { ReadOnlyEc2Client } from '../lib/ec2/read-only-client';
import { DEFAULT_LOGICAL_ID, placeholderStackId, previewConvergence } from '../lib/preview';
import { formatPreview } from '../lib/preview-format';
import { parseStackArn } from '../lib/protocol/event';

export const USAGE = `Usage: vpce-provisioner plan --vpc vpc-… --subnets subnet-…,subnet-… [options]

Previews what the VpcEndpoints custom resource would do to the VPC on a Create (or, with
--old-properties, an Update), without changing anything: only Describe calls are sent.

Resource properties (the same rules and messages as the resource; lists are comma-separated):
  --vpc ID                     VpcId (required, here or in --properties)
  --subnets IDS                SubnetIds (required, here or in --properties)
  --interface-services NAMES   InterfaceServices (default ecr.api,ecr.dkr,logs; '' for none)
  --gateway-services NAMES     GatewayServices (default s3; '' for none)
  --prefix-length N            SubnetPrefixLength (default 28)
  --private-dns true|false     PrivateDnsEnabled (default true)
  --ip-address-type TYPE       IpAddressType: ipv4, dualstack or ipv6 (default ipv4)
  --ipam-pool ID               Ipv4IpamPoolId
  --cidr-range CIDR            CidrRange
  --existing-endpoints MODE    ExistingEndpoints: fail or reuse (default fail)
  --properties FILE            ResourceProperties as a JSON object (Tags, EndpointPolicies, …); flags override it

Which resource:
  --stack-id ARN               the stack's ID: preview that resource, seeing what it already owns
  --logical-id NAME            its logical ID (default ${DEFAULT_LOGICAL_ID})
  --old-properties FILE        the current ResourceProperties (JSON): preview an Update (needs --stack-id)
  Without --stack-id, a placeholder stack in account 000000000000 stands in: a first Create.

Where:
  --region REGION              default: the stack's region, else the SDK's (AWS_REGION, profile)
  --endpoint-url URL           send EC2 calls here (e.g. the simulator of npm run sim)

Output:
  --json                       one JSON object instead of text
  -h, --help                   this text

Exit codes: 0 would succeed, 1 would fail (or AWS answered with an error), 2 usage error.`;

/** Flags that carry a resource property, and the property each sets. */
const PROPERTY_FLAGS: Readonly<Record<string, string>> = {
  '--vpc': 'VpcId',
  '--subnets': 'SubnetIds',
  '--interface-services': 'InterfaceServices',
  '--gateway-services': 'GatewayServices',
  '--prefix-length': 'SubnetPrefixLength',
  '--private-dns': 'PrivateDnsEnabled',
  '--ip-address-type': 'IpAddressType',
  '--ipam-pool': 'Ipv4IpamPoolId',
  '--cidr-range': 'CidrRange',
  '--existing-endpoints': 'ExistingEndpoints',
};
const OTHER_VALUE_FLAGS = ['--properties', '--old-properties', '--stack-id', '--logical-id', '--region', '--endpoint-url'] as const;
const SWITCHES = ['--json', '--help', '-h'] as const;

/** The command line is malformed: the text says what to change. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What `plan` was asked, before any file is read or any client is made. */
export interface PlanArguments {
  /** ResourceProperties set by flags (as strings, as CloudFormation sends them). */
  readonly propertyFlags: Readonly<Record<string, string>>;
  readonly propertiesFile?: string;
  readonly oldPropertiesFile?: string;
  readonly stackId?: string;
  readonly logicalId: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly json: boolean;
  readonly help: boolean;
}

/**
 * Reads `plan` and its flags (`--flag value` or `--flag=value`). Checks the shape of the command line only; property
 * values are parseProperties' to judge, so that the preview fails with the resource's own messages.
 *
 * @throws UsageError for an unknown command or flag, a flag without its value, a repeated flag, or a malformed
 *   --stack-id, --region or --endpoint-url.
 * @example
 * parsePlanArguments(['plan', '--vpc', 'vpc-0a1b2c3d', '--subnets=subnet-0a1b2c3d', '--json'])
 * // { propertyFlags: { VpcId: 'vpc-0a1b2c3d', SubnetIds: 'subnet-0a1b2c3d' }, logicalId: 'VpcEndpoints', json: true, help: false }
 */
export function parsePlanArguments(argv: readonly string[]): PlanArguments {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return { propertyFlags: {}, logicalId: DEFAULT_LOGICAL_ID, json: false, help: true };
  if (command === undefined) throw new UsageError('No command given.');
  if (command !== 'plan') throw new UsageError(`Unknown command ${JSON.stringify(command)}; the only command is "plan".`);

  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let index = 0; index < rest.length; index++) {
    const token = rest[index] as string;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = equals >= 0 ? token.slice(0, equals) : token;
    if ((SWITCHES as readonly string[]).includes(flag)) {
      if (equals >= 0) throw new UsageError(`${flag} takes no value.`);
      switches.add(flag === '-h' ? '--help' : flag);
      continue;
    }
    if (!(flag in PROPERTY_FLAGS) && !(OTHER_VALUE_FLAGS as readonly string[]).includes(flag)) {
      throw new UsageError(flag.startsWith('-') ? `Unknown option ${flag}.` : `Unexpected argument ${JSON.stringify(token)}.`);
    }
    let value: string | undefined;
    if (equals >= 0) value = token.slice(equals + 1);
    else {
      const next = rest[index + 1];
      // A flag right after a flag means the value was forgotten; '' is a value (an empty list).
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        index++;
      }
    }
    if (value === undefined) throw new UsageError(`${flag} needs a value.`);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice.`);
    values.set(flag, value);
  }
  if (switches.has('--help')) return { propertyFlags: {}, logicalId: DEFAULT_LOGICAL_ID, json: false, help: true };

  const propertyFlags: Record<string, string> = {};
  for (const [flag, property] of Object.entries(PROPERTY_FLAGS)) {
    const value = values.get(flag);
    if (value !== undefined) propertyFlags[property] = value;
  }
  const stackId = values.get('--stack-id');
  const stack = stackId === undefined ? undefined : parseStackArn(stackId.trim());
  if (stackId !== undefined && !stack) {
    throw new UsageError(`--stack-id must be a CloudFormation stack ARN (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID); got ${JSON.stringify(stackId)}.`);
  }
  const region = values.get('--region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region must be a region such as us-east-1; got ${JSON.stringify(region)}.`);
  if (region !== undefined && stack && stack.region !== region) {
    throw new UsageError(`--region ${region} differs from the region of --stack-id (${stack.region}); the resource works in its stack's region.`);
  }
  const endpointUrl = values.get('--endpoint-url');
  if (endpointUrl !== undefined && !isHttpUrl(endpointUrl)) throw new UsageError(`--endpoint-url must be an http(s) URL; got ${JSON.stringify(endpointUrl)}.`);
  const logicalId = values.get('--logical-id') ?? DEFAULT_LOGICAL_ID;
  if (!/^[A-Za-z0-9]+$/.test(logicalId)) throw new UsageError(`--logical-id must be alphanumeric, as CloudFormation logical IDs are; got ${JSON.stringify(logicalId)}.`);
  const oldPropertiesFile = values.get('--old-properties');
  if (oldPropertiesFile !== undefined && stack === undefined) {
    throw new UsageError('--old-properties previews an Update of an existing resource: give its --stack-id (and --logical-id) too.');
  }
  return {
    propertyFlags,
    ...optional('propertiesFile', values.get('--properties')),
    ...optional('oldPropertiesFile', oldPropertiesFile),
    ...optional('stackId', stackId?.trim()),
    logicalId,
    ...optional('region', region),
    ...optional('endpointUrl', endpointUrl),
    json: switches.has('--json'),
    help: false,
  };
}

/** What the CLI touches outside itself; tests replace any of it. */
export interface CliDependencies {
  /** The EC2 client to read through. It is wrapped in PacedEc2Client and ReadOnlyEc2Client here, whatever it is. */
  readonly makeEc2: (options: { region: string; endpointUrl?: string }) => Ec2Sender & { destroy?: () => void };
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

/** Attempts per Describe call: enough to ride out throttling, few enough that an unreachable endpoint fails soon. */
const CLI_MAX_ATTEMPTS = 4;

export const defaultCliDependencies: CliDependencies = {
  // Retries are PacedEc2Client's job, as in the Lambda; the SDK's own would multiply them.
  makeEc2: ({ region, endpointUrl }) => new EC2Client({ region, maxAttempts: 1, ...(endpointUrl ? { endpoint: endpointUrl } : {}) }),
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
      deps.stdout(`${USAGE}\n`);
      return 0;
    }
    const fromFile = args.propertiesFile === undefined ? {} : readJsonObject(deps, '--properties', args.propertiesFile);
    properties = { ...fromFile, ...args.propertyFlags };
    const missing = [
      properties['VpcId'] === undefined ? '--vpc' : undefined,
      properties['SubnetIds'] === undefined ? '--subnets' : undefined,
    ].filter((flag) => flag !== undefined);
    if (missing.length > 0) throw new UsageError(`Missing ${missing.join(' and ')}.`);
    oldProperties = args.oldPropertiesFile === undefined ? undefined : readJsonObject(deps, '--old-properties', args.oldPropertiesFile);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.stderr(`vpce-provisioner: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }

  const stack = args.stackId === undefined ? undefined : parseStackArn(args.stackId);
  const region = args.region ?? stack?.region ?? (await deps.defaultRegion());
  if (region === undefined) {
    deps.stderr('vpce-provisioner: no region: pass --region, or set AWS_REGION (or a region in your AWS profile).\n');
    return 2;
  }
  const client = deps.makeEc2({ region, ...optional('endpointUrl', args.endpointUrl) });
  try {
    // The guard is outermost: a refused command reaches neither EC2 nor the retrying layer.
    const ec2 = new ReadOnlyEc2Client(new PacedEc2Client(client, { clock: deps.clock, maxAttempts: CLI_MAX_ATTEMPTS }));
    // With --stack-id the preview checks against the stack's account; without, against the caller's when known.
    const accountId = stack ? undefined : await deps.callerAccountId({ region, ...optional('endpointUrl', args.endpointUrl) });
    const preview = await previewConvergence(ec2, {
      properties,
      ...optional('oldProperties', oldProperties),
      stackId: args.stackId ?? placeholderStackId(region),
      logicalResourceId: args.logicalId,
      ...optional('accountId', accountId),
    });
    deps.stdout(args.json ? `${JSON.stringify(preview, null, 2)}\n` : formatPreview(preview));
    return preview.wouldSucceed ? 0 : 1;
  } catch (error) {
    // AWS itself answered with an error (credentials, permissions, network): what it said, and nothing was changed.
    if (args.json) deps.stdout(`${JSON.stringify({ error: errorFields(error) }, null, 2)}\n`);
    deps.stderr(`vpce-provisioner: ${describeError(error)}\n`);
    return 1;
  } finally {
    client.destroy?.();
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
    throw new UsageError(`${flag}: ${path} must hold a JSON object of ResourceProperties.`);
  }
  return parsed as Record<string, unknown>;
}

function errorFields(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`vpce-provisioner: unexpected error: ${describeError(error)}\n`);
      process.exitCode = 1;
    },
  );
}
