/**
 * The command line of `vpce-provisioner plan`, read into {@link PlanArguments}: its shape only. Property values are
 * parseProperties' to judge, so that the preview fails with the resource's own messages.
 */
import { DEFAULT_LOGICAL_ID } from '../lib/preview';
import { DEFAULT_CONSUMER_LOGICAL_ID } from '../lib/preview/consumer';
import { nearestName } from '../lib/properties/nearest-name';
import { parseStackArn } from '../lib/protocol/event';
import { optional } from './optional';
import { regionProblem } from './regions';

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
  '--tags': 'Tags',
  '--security-groups': 'SecurityGroupIds',
  '--s3-gateway-policy': 'S3GatewayPolicy',
  '--dns-mode': 'DnsMode',
  '--allowed-consumers': 'AllowedConsumers',
  // A consumer's (--consumer): its hub and the hub's services it uses.
  '--hub-id': 'HubId',
  '--services': 'Services',
};
/** Flags that only a consumer's preview takes: without --consumer they are refused, naming it. */
const CONSUMER_ONLY_FLAGS = ['--hub-id', '--services', '--hub-profile'] as const;
const OTHER_VALUE_FLAGS = [
  '--properties', '--old-properties', '--endpoint-policies', '--stack-id', '--logical-id', '--region', '--profile', '--endpoint-url',
  '--gb-per-month', '--pricing', '--hub-profile',
] as const;
const SWITCHES = ['--json', '--detailed-exitcode', '--help', '-h', '--version', '--consumer'] as const;
const ALL_FLAGS: readonly string[] = [...Object.keys(PROPERTY_FLAGS), ...OTHER_VALUE_FLAGS, ...SWITCHES];

/** The command line is malformed: the text says what to change. Exit code 64 (EXIT_CODES.usage). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What `plan` was asked, before any file is read or any client is made. */
export interface PlanArguments {
  /** ResourceProperties set by flags (as strings, as CloudFormation sends them; Tags as CloudFormation's Key/Value list). */
  readonly propertyFlags: Readonly<Record<string, unknown>>;
  readonly propertiesFile?: string;
  /** A JSON object of EndpointPolicies (service name → policy document). */
  readonly endpointPoliciesFile?: string;
  readonly oldPropertiesFile?: string;
  readonly stackId?: string;
  readonly logicalId: string;
  readonly region?: string;
  /** A named profile of the shared AWS config and credentials files, for every call (a consumer's: the spoke's). */
  readonly profile?: string;
  /** Preview a `Custom::VpcEndpointConsumer` (VpcId, HubId, Services…) instead of the endpoints resource. */
  readonly consumer: boolean;
  /** A consumer's: the profile whose credentials read the hub's group and zones (default: the same as the spoke's). */
  readonly hubProfile?: string;
  readonly endpointUrl?: string;
  /** Traffic through the interface endpoints, for the cost estimate's data processing and its NAT comparison. */
  readonly gbPerMonth?: number;
  /** Where the cost estimate's prices come from: the repository's dated table (default) or the AWS Price List. */
  readonly pricing: 'table' | 'live';
  readonly json: boolean;
  /** Exit 2 when the plan has changes (as `terraform plan -detailed-exitcode`); without it, 0. */
  readonly detailedExitCode: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/**
 * Reads `plan` and its flags (`--flag value` or `--flag=value`). Checks the shape of the command line only; property
 * values are parseProperties' to judge, so that the preview fails with the resource's own messages.
 *
 * @throws UsageError for an unknown command or flag, a flag without its value, a repeated flag, a malformed
 *   --stack-id, --endpoint-url, --profile, --gb-per-month or --pricing, or a --region that is no AWS Region.
 * @example
 * parsePlanArguments(['plan', '--vpc', 'vpc-0a1b2c3d', '--subnets=subnet-0a1b2c3d', '--json'])
 * // { propertyFlags: { VpcId: 'vpc-0a1b2c3d', SubnetIds: 'subnet-0a1b2c3d' }, logicalId: 'VpcEndpoints', pricing: 'table', json: true, detailedExitCode: false, help: false, version: false }
 */
export function parsePlanArguments(argv: readonly string[]): PlanArguments {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return { ...NOTHING_ASKED, help: true };
  if (command === '--version') return { ...NOTHING_ASKED, version: true };
  if (command === undefined) throw new UsageError('No command given.');
  if (command.startsWith('-')) throw new UsageError(`No command given. The command comes first: vpce-provisioner plan ${argv.join(' ')}`);
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
      if (!flag.startsWith('-')) throw new UsageError(`Unexpected argument ${JSON.stringify(token)}.`);
      const suggestion = nearestName(flag, ALL_FLAGS);
      throw new UsageError(`Unknown option ${flag}.${suggestion === undefined ? '' : ` Did you mean ${suggestion}?`}`);
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
  if (switches.has('--help')) return { ...NOTHING_ASKED, help: true };
  if (switches.has('--version')) return { ...NOTHING_ASKED, version: true };

  const propertyFlags: Record<string, unknown> = {};
  for (const [flag, property] of Object.entries(PROPERTY_FLAGS)) {
    const value = values.get(flag);
    if (value !== undefined) propertyFlags[property] = flag === '--tags' ? parseTags(value) : value;
  }
  const stackId = values.get('--stack-id');
  const stack = stackId === undefined ? undefined : parseStackArn(stackId.trim());
  if (stackId !== undefined && !stack) {
    throw new UsageError(`--stack-id must be a CloudFormation stack ARN (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID); got ${JSON.stringify(stackId)}.`);
  }
  const stackRegionProblem = stack ? regionProblem(stack.region) : undefined;
  if (stackRegionProblem !== undefined) throw new UsageError(`--stack-id names a Region that does not exist: ${stackRegionProblem}`);
  const region = values.get('--region');
  const notARegion = region === undefined ? undefined : regionProblem(region);
  if (notARegion !== undefined) throw new UsageError(`--region: ${notARegion}`);
  if (region !== undefined && stack && stack.region !== region) {
    throw new UsageError(`--region ${region} differs from the region of --stack-id (${stack.region}); the resource works in its stack's region.`);
  }
  const endpointUrl = values.get('--endpoint-url');
  if (endpointUrl !== undefined && !isHttpUrl(endpointUrl)) throw new UsageError(`--endpoint-url must be an http(s) URL; got ${JSON.stringify(endpointUrl)}.`);
  const consumer = switches.has('--consumer');
  const consumersOnly = CONSUMER_ONLY_FLAGS.filter((flag) => values.has(flag));
  if (!consumer && consumersOnly.length > 0) {
    throw new UsageError(`${consumersOnly.join(' and ')} ${consumersOnly.length === 1 ? 'is' : 'are'} for a consumer (Custom::VpcEndpointConsumer): add --consumer.`);
  }
  const logicalId = values.get('--logical-id') ?? (consumer ? DEFAULT_CONSUMER_LOGICAL_ID : DEFAULT_LOGICAL_ID);
  if (!/^[A-Za-z0-9]+$/.test(logicalId)) throw new UsageError(`--logical-id must be alphanumeric, as CloudFormation logical IDs are; got ${JSON.stringify(logicalId)}.`);
  const profile = values.get('--profile');
  if (profile !== undefined && !/^[\w.@+=,-]+$/.test(profile)) throw new UsageError(`--profile must name a profile of your AWS config; got ${JSON.stringify(profile)}.`);
  const hubProfile = values.get('--hub-profile');
  if (hubProfile !== undefined && !/^[\w.@+=,-]+$/.test(hubProfile)) throw new UsageError(`--hub-profile must name a profile of your AWS config; got ${JSON.stringify(hubProfile)}.`);
  if (consumer && values.has('--endpoint-policies')) throw new UsageError('--endpoint-policies is for the endpoints resource: a consumer uses the hub’s endpoints and their policies.');
  const gbText = values.get('--gb-per-month');
  const gbPerMonth = gbText === undefined ? undefined : Number(gbText);
  if (gbPerMonth !== undefined && (gbText?.trim() === '' || !Number.isFinite(gbPerMonth) || gbPerMonth < 0)) {
    throw new UsageError(`--gb-per-month must be a number of GB, 0 or more; got ${JSON.stringify(gbText)}.`);
  }
  const pricing = values.get('--pricing') ?? 'table';
  if (pricing !== 'table' && pricing !== 'live') throw new UsageError(`--pricing must be table or live; got ${JSON.stringify(pricing)}.`);
  const oldPropertiesFile = values.get('--old-properties');
  if (oldPropertiesFile !== undefined && stack === undefined) {
    throw new UsageError('--old-properties previews an Update of an existing resource: give its --stack-id (and --logical-id) too.');
  }
  return {
    propertyFlags,
    ...optional('propertiesFile', values.get('--properties')),
    ...optional('endpointPoliciesFile', values.get('--endpoint-policies')),
    ...optional('oldPropertiesFile', oldPropertiesFile),
    ...optional('stackId', stackId?.trim()),
    logicalId,
    ...optional('region', region),
    ...optional('profile', profile),
    consumer,
    ...optional('hubProfile', hubProfile),
    ...optional('endpointUrl', endpointUrl),
    ...optional('gbPerMonth', gbPerMonth),
    pricing,
    json: switches.has('--json'),
    detailedExitCode: switches.has('--detailed-exitcode'),
    help: false,
    version: false,
  };
}

/** What --help and --version return: no command to run. */
const NOTHING_ASKED: PlanArguments = { propertyFlags: {}, logicalId: DEFAULT_LOGICAL_ID, consumer: false, pricing: 'table', json: false, detailedExitCode: false, help: false, version: false };

/**
 * `--tags team=payments,env=prod` as CloudFormation sends Tags: a list of Key/Value objects. A value may hold `=` (the
 * first one splits); keys and values are the resource's to judge. '' is no tags.
 */
function parseTags(text: string): { Key: string; Value: string }[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) throw new UsageError(`--tags takes KEY=VALUE pairs, comma-separated; got ${JSON.stringify(pair)}.`);
      return { Key: pair.slice(0, equals).trim(), Value: pair.slice(equals + 1).trim() };
    });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
