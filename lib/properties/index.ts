/**
 * The resource properties contract: CloudFormation's raw ResourceProperties (every scalar a string)
 * in, a validated {@link EndpointSpec} out, or one {@link InvalidPropertiesError} that lists every
 * problem at once, so that a user fixes the template in one round trip instead of one per deploy.
 *
 * Pure: no I/O, no AWS SDK. Each property has its reader in `lib/properties/`; this module wires
 * them, applies defaults and checks the rules that span several properties.
 */
import { InvalidPropertiesError } from '../errors';
import { describeValue } from './describe-value';
import { readAllowedConsumers, readDnsMode } from './dns-mode';
import { readEndpointPolicies } from './endpoint-policies';
import { nearestName } from './nearest-name';
import { isAbsent, isPlainObject, readBoolean, readChoice, type Parsed, type Report } from './readers';
import { RESOURCE_ID_FORMATS, readResourceId, readResourceIdList } from './resource-ids';
import { readGatewayServices, readInterfaceServices } from './service-lists';
import { isS3, readServiceName, type ServiceName } from './service-names';
import { checkRangeHoldsSubnet, checkRoomForEndpoints, readCidrRange, readSubnetPrefixLength } from './subnet-sizing';
import { readTags } from './tags';
import {
  DEFAULT_GATEWAY_SERVICES,
  DEFAULT_INTERFACE_SERVICES,
  DEFAULT_SUBNET_PREFIX_LENGTH,
  type EndpointSpec,
  type ExistingEndpointsMode,
  type IpAddressType,
  type S3GatewayPolicy,
  type DnsMode,
} from './spec';
import type { AllowedConsumers } from '../centralised/hub-contract';

/** Every property name the resource accepts, in the order the documentation lists them. */
export const KNOWN_PROPERTIES: readonly string[] = Object.freeze([
  'VpcId',
  'SubnetIds',
  'InterfaceServices',
  'GatewayServices',
  'SubnetPrefixLength',
  'PrivateDnsEnabled',
  'Tags',
  'SecurityGroupIds',
  'CidrRange',
  'IpAddressType',
  'Ipv4IpamPoolId',
  'ExistingEndpoints',
  'EndpointPolicies',
  'S3GatewayPolicy',
  'DnsMode',
  'AllowedConsumers',
]);

/**
 * Properties of the provider's other resource type, named as such rather than as unknown: the type name, exactly as
 * `lib/consumer/resource-type.ts` dispatches on it (kept here as text so that the properties do not import the consumer).
 */
const PROPERTIES_OF_OTHER_TYPES: Readonly<Record<string, string>> = Object.freeze({ HubId: 'Custom::VpcEndpointConsumer' });

/** Properties CloudFormation itself puts in ResourceProperties: accepted and ignored. */
export const CLOUDFORMATION_PROPERTIES: readonly string[] = Object.freeze(['ServiceToken', 'ServiceTimeout']);

/**
 * At most this many extra security groups: a network interface takes at most 16 (L-2AFB9258, 5 by default, adjustable
 * to 16), and one is the managed group. The account's applied quota is checked before any write (reconcile/preflight.ts).
 */
export const MAX_EXTRA_SECURITY_GROUPS = 15;

const IP_ADDRESS_TYPES: readonly IpAddressType[] = ['ipv4', 'dualstack', 'ipv6'];
const EXISTING_ENDPOINTS_MODES: readonly ExistingEndpointsMode[] = ['fail', 'reuse'];
const S3_GATEWAY_POLICIES: readonly S3GatewayPolicy[] = ['full', 'ecr-layers-only'];

/**
 * Raw ResourceProperties → validated spec.
 *
 * Accepts what CloudFormation sends (strings, lists of strings, objects with string leaves) and what
 * other callers send (real booleans and numbers). Blank strings count as "not given"; scalars and
 * list items are trimmed; lists may be given as one comma-separated string.
 *
 * @throws InvalidPropertiesError listing every problem, each naming the property and the value received.
 * @example
 * parseProperties({ ServiceToken: 'arn:…', VpcId: 'vpc-0123abcd', SubnetIds: ['subnet-0123abcd'], SubnetPrefixLength: '27' })
 * // => { vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd'], interfaceServices: ['ecr.api', 'ecr.dkr', 'logs'],
 * //      gatewayServices: ['s3'], subnetPrefixLength: 27, privateDnsEnabled: true, … }
 */
export function parseProperties(raw: unknown): EndpointSpec {
  if (!isPlainObject(raw)) {
    throw new InvalidPropertiesError([`The resource properties must be an object; got ${describeValue(raw)}.`]);
  }
  const problems: string[] = [];
  const report: Report = (problem) => problems.push(problem);
  const given = (property: string): unknown => (Object.hasOwn(raw, property) ? raw[property] : undefined);

  // Unknown names first: a misspelt property also shows up below as a missing one, and this explains it.
  reportUnknownProperties(Object.keys(raw), report);

  const vpcId = required(readResourceId('VpcId', given('VpcId'), RESOURCE_ID_FORMATS.vpc, report), () =>
    report(`VpcId is required: the ID of the VPC to add endpoints to; got ${describeValue(given('VpcId'))}.`),
  );
  const subnetIds = required(
    readResourceIdList('SubnetIds', given('SubnetIds'), RESOURCE_ID_FORMATS.subnet, report, 'reject'),
    () => report(`SubnetIds is required: at least one application subnet ID; got ${describeValue(given('SubnetIds'))}.`),
    (ids) => ids.length > 0,
  );
  const interfaceServices = withDefault(readInterfaceServices('InterfaceServices', given('InterfaceServices'), report), () =>
    defaultServiceNames(DEFAULT_INTERFACE_SERVICES),
  );
  const gatewayServices = withDefault(readGatewayServices('GatewayServices', given('GatewayServices'), report), () =>
    defaultServiceNames(DEFAULT_GATEWAY_SERVICES),
  );
  const subnetPrefixLength = withDefault(
    readSubnetPrefixLength('SubnetPrefixLength', given('SubnetPrefixLength'), report),
    () => DEFAULT_SUBNET_PREFIX_LENGTH,
  );
  const privateDnsEnabled = withDefault(readBoolean('PrivateDnsEnabled', given('PrivateDnsEnabled'), report), () => true);
  const tags = withDefault(readTags('Tags', given('Tags'), report), () => []);
  const securityGroupIds = withDefault(
    readResourceIdList('SecurityGroupIds', given('SecurityGroupIds'), RESOURCE_ID_FORMATS.securityGroup, report, 'drop'),
    () => [],
  );
  const cidrRange = readCidrRange('CidrRange', given('CidrRange'), report);
  const ipAddressType = withDefault(readChoice('IpAddressType', given('IpAddressType'), IP_ADDRESS_TYPES, report), () => 'ipv4' as const);
  const ipv4IpamPoolId = readResourceId('Ipv4IpamPoolId', given('Ipv4IpamPoolId'), RESOURCE_ID_FORMATS.ipamPool, report);
  const existingEndpoints = withDefault(
    readChoice('ExistingEndpoints', given('ExistingEndpoints'), EXISTING_ENDPOINTS_MODES, report),
    () => 'fail' as const,
  );
  const gatewayNames = gatewayServices.ok ? gatewayServices.value.map((name) => name.written) : [];
  const endpointPolicies = withDefault(readEndpointPolicies('EndpointPolicies', given('EndpointPolicies'), gatewayNames, report), () => ({}));
  const s3GatewayPolicy = withDefault(
    readChoice('S3GatewayPolicy', given('S3GatewayPolicy'), S3_GATEWAY_POLICIES, report),
    () => 'full' as const,
  );

  const dnsMode = withDefault(readDnsMode('DnsMode', given('DnsMode'), report), () => 'PrivateDns' as const);
  const allowedConsumers = withDefault(
    readAllowedConsumers('AllowedConsumers', given('AllowedConsumers'), report),
    (): AllowedConsumers => ({ kind: 'accounts', accountIds: [] }),
  );
  if (dnsMode.ok) checkDnsModeCompanions(dnsMode.value, given, report);

  if (securityGroupIds.ok && securityGroupIds.value.length > MAX_EXTRA_SECURITY_GROUPS) {
    report(
      `SecurityGroupIds lists ${securityGroupIds.value.length} security groups; at most ${MAX_EXTRA_SECURITY_GROUPS} are allowed ` +
        `(a network interface takes at most 16 even with its quota L-2AFB9258 raised, and one is the group this resource manages): got ${describeValue(given('SecurityGroupIds'))}.`,
    );
  }
  if (subnetPrefixLength.ok && interfaceServices.ok) {
    const prefixGiven = !isAbsent(given('SubnetPrefixLength'));
    checkRoomForEndpoints('SubnetPrefixLength', subnetPrefixLength.value, prefixGiven, interfaceServices.value.length, report);
  }
  if (cidrRange.ok && cidrRange.value !== undefined && subnetPrefixLength.ok) {
    checkRangeHoldsSubnet('CidrRange', cidrRange.value, subnetPrefixLength.value, report);
  }
  if (!isAbsent(given('CidrRange')) && !isAbsent(given('Ipv4IpamPoolId'))) {
    report(
      `Ipv4IpamPoolId ${describeValue(given('Ipv4IpamPoolId'))} cannot be combined with CidrRange ${describeValue(given('CidrRange'))}: ` +
        'endpoint subnets are carved either from an IPAM pool or from a range of the VPC; give one of them.',
    );
  }
  if (endpointPolicies.ok && interfaceServices.ok && gatewayServices.ok) {
    checkPoliciesNameListedServices(endpointPolicies.value, [...interfaceServices.value, ...gatewayServices.value], report);
  }
  if (s3GatewayPolicy.ok && s3GatewayPolicy.value === 'ecr-layers-only' && gatewayServices.ok) {
    checkEcrLayersOnlyPolicy(gatewayServices.value, endpointPolicies, report);
  }

  if (problems.length > 0) throw new InvalidPropertiesError(problems);
  // Every reader reported a problem when it returned INVALID, so with no problems every value is valid.
  return {
    vpcId: validValue(vpcId),
    subnetIds: validValue(subnetIds),
    interfaceServices: validValue(interfaceServices).map((name) => name.written),
    gatewayServices: validValue(gatewayServices).map((name) => name.written),
    subnetPrefixLength: validValue(subnetPrefixLength),
    // The hub's zones replace private DNS (an explicit "true" with HostedZones was reported above).
    privateDnsEnabled: validValue(dnsMode) === 'HostedZones' ? false : validValue(privateDnsEnabled),
    tags: validValue(tags),
    securityGroupIds: validValue(securityGroupIds),
    ...optional('cidrRange', validValue(cidrRange)?.text),
    ipAddressType: validValue(ipAddressType),
    ...optional('ipv4IpamPoolId', validValue(ipv4IpamPoolId)),
    existingEndpoints: validValue(existingEndpoints),
    endpointPolicies: validValue(endpointPolicies),
    s3GatewayPolicy: validValue(s3GatewayPolicy),
    dnsMode: validValue(dnsMode),
    allowedConsumers: validValue(allowedConsumers),
  };
}

/** Reports each property name that is neither ours nor CloudFormation's, with the nearest known name. */
function reportUnknownProperties(names: readonly string[], report: Report): void {
  for (const name of names) {
    if (KNOWN_PROPERTIES.includes(name) || CLOUDFORMATION_PROPERTIES.includes(name)) continue;
    const otherType = PROPERTIES_OF_OTHER_TYPES[name];
    if (otherType !== undefined) {
      report(`${name} is a property of ${otherType}, not of this resource type; to consume a hub, set the resource's Type to ${otherType}.`);
      continue;
    }
    report(unknownPropertyProblem(name, KNOWN_PROPERTIES));
  }
}

/**
 * The problem with a property name the resource type does not know, with the nearest of its names.
 *
 * @example
 * unknownPropertyProblem('VPCId', KNOWN_PROPERTIES) // 'Unknown property "VPCId". Did you mean `VpcId`? Property names are case-sensitive.'
 */
export function unknownPropertyProblem(name: string, knownNames: readonly string[]): string {
  const suggestion = nearestName(name, knownNames);
  const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
  return (
    `Unknown property ${describeValue(name)}.` +
    (suggestion === undefined ? '' : ` Did you mean \`${suggestion}\`?`) +
    (caseOnly ? ' Property names are case-sensitive.' : '')
  );
}

/**
 * The properties that only make sense in one DNS mode: `AllowedConsumers` names a hub's consumers, so it needs
 * `HostedZones`; `PrivateDnsEnabled: true` asks for what the hub's zones replace, so it contradicts `HostedZones`.
 */
function checkDnsModeCompanions(mode: DnsMode, given: (property: string) => unknown, report: Report): void {
  if (mode !== 'HostedZones' && !isAbsent(given('AllowedConsumers'))) {
    report(
      `AllowedConsumers ${describeValue(given('AllowedConsumers'))} needs DnsMode "HostedZones": it names who may consume a hub's hosted zones, ` +
        `and DnsMode is ${isAbsent(given('DnsMode')) ? 'not given (so "PrivateDns")' : describeValue(given('DnsMode'))}.`,
    );
  }
  const privateDns = given('PrivateDnsEnabled');
  const explicitlyOn = privateDns === true || (typeof privateDns === 'string' && privateDns.trim().toLowerCase() === 'true');
  if (mode === 'HostedZones' && explicitlyOn) {
    report(
      `PrivateDnsEnabled ${describeValue(privateDns)} cannot be combined with DnsMode "HostedZones": the hub's hosted zones replace ` +
        'private DNS (the endpoints are created with it off); leave PrivateDnsEnabled out or set it to "false".',
    );
  }
}

/** Each EndpointPolicies key must be a service name exactly as written in one of the service lists. */
function checkPoliciesNameListedServices(
  policies: Readonly<Record<string, string>>,
  services: readonly ServiceName[],
  report: Report,
): void {
  const listed = services.map((name) => name.written);
  for (const key of Object.keys(policies)) {
    if (listed.includes(key)) continue;
    report(
      `EndpointPolicies has a policy for ${describeValue(key)}, which is not in InterfaceServices or GatewayServices; ` +
        `keys must match a listed service exactly as written (listed: ${describeValue(listed)}).`,
    );
  }
}

/** `ecr-layers-only` replaces the S3 gateway's policy, so it needs that gateway and no other policy for it. */
function checkEcrLayersOnlyPolicy(
  gatewayServices: readonly ServiceName[],
  endpointPolicies: Parsed<Readonly<Record<string, string>>>,
  report: Report,
): void {
  const s3Gateway = gatewayServices.find(isS3);
  if (s3Gateway === undefined) {
    report('S3GatewayPolicy "ecr-layers-only" needs "s3" in GatewayServices; it restricts the S3 gateway endpoint, and none is listed.');
    return;
  }
  if (endpointPolicies.ok && Object.hasOwn(endpointPolicies.value, s3Gateway.written)) {
    report(
      `S3GatewayPolicy "ecr-layers-only" cannot be combined with EndpointPolicies[${describeValue(s3Gateway.written)}]: ` +
        'both set the S3 gateway endpoint policy; keep one.',
    );
  }
}

/**
 * A required property: "not given" (or, per `isPresent`, given but empty) is reported through
 * `reportMissing` and becomes INVALID.
 */
function required<T>(
  parsed: Parsed<T | undefined>,
  reportMissing: () => void,
  isPresent: (value: T) => boolean = () => true,
): Parsed<T> {
  if (!parsed.ok) return parsed;
  if (parsed.value !== undefined && isPresent(parsed.value)) return { ok: true, value: parsed.value };
  reportMissing();
  return { ok: false };
}

/** Replaces "not given" with the default, keeping INVALID as it is. */
function withDefault<T>(parsed: Parsed<T | undefined>, fallback: () => T): Parsed<T> {
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value === undefined ? fallback() : parsed.value };
}

function defaultServiceNames(names: readonly string[]): readonly ServiceName[] {
  return names.map((written) => {
    const reading = readServiceName(written);
    if ('problem' in reading) throw new Error(`Default service name "${written}" is invalid: ${reading.problem}`);
    return reading.name;
  });
}

/** The value of a result that is known to be valid (no problem was reported). */
function validValue<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error('parseProperties reached a value that had a problem but no problem was reported');
  return parsed.value;
}

/** `{ [key]: value }` when the value is set, `{}` otherwise: optional spec fields are left out, not undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/**
 * The tag keys of the previous properties (OldResourceProperties on Update), read leniently: a rollback may carry an
 * older or invalid property shape, and all that matters is which user tags to remove.
 */
export function previousTagKeys(oldProperties: unknown): string[] {
  const tags = (oldProperties as { Tags?: unknown } | undefined)?.Tags;
  if (!Array.isArray(tags)) return [];
  return tags.flatMap((tag: unknown) =>
    typeof tag === 'object' && tag !== null && typeof (tag as { Key?: unknown }).Key === 'string' ? [(tag as { Key: string }).Key] : [],
  );
}
