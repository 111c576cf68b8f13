/**
 * The properties of `Custom::VpcEndpoints`, typed, with the provider's defaults and documentation, and their
 * encoding into the template. Mirrors the provider's property specification (`lib/properties`): the names are
 * `KNOWN_PROPERTIES` in camelCase, the defaults and choices are the provider's, and `test/drift.test.ts` fails
 * when either side changes without the other.
 */
import { Token, Tokenization } from 'aws-cdk-lib';
import { PolicyDocument } from 'aws-cdk-lib/aws-iam';

/** The choices of `IpAddressType`. */
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack', 'ipv6'] as const;
/** The choices of `ExistingEndpoints`. */
export const EXISTING_ENDPOINTS_MODES = ['fail', 'reuse'] as const;
/** The choices of `S3GatewayPolicy`. */
export const S3_GATEWAY_POLICIES = ['full', 'ecr-layers-only'] as const;

/** How endpoints are addressed (the provider's `IpAddressType`). */
export type IpAddressType = (typeof IP_ADDRESS_TYPES)[number];
/** What to do when another team's private-DNS endpoint already serves a requested service. */
export type ExistingEndpointsMode = (typeof EXISTING_ENDPOINTS_MODES)[number];
/** The S3 gateway endpoint's policy: AWS's full-access default, or the minimal policy for ECR layer pulls. */
export type S3GatewayPolicy = (typeof S3_GATEWAY_POLICIES)[number];

/** The interface services requested when `interfaceServices` is not given. */
export const DEFAULT_INTERFACE_SERVICES = ['ecr.api', 'ecr.dkr', 'logs'] as const;
/** The gateway services requested when `gatewayServices` is not given. */
export const DEFAULT_GATEWAY_SERVICES = ['s3'] as const;
/** The endpoint subnets' prefix length when `subnetPrefixLength` is not given. */
export const DEFAULT_SUBNET_PREFIX_LENGTH = 28;

/** One of {@link DEFAULT_INTERFACE_SERVICES}. */
export type DefaultInterfaceService = (typeof DEFAULT_INTERFACE_SERVICES)[number];
/** One of {@link DEFAULT_GATEWAY_SERVICES}. */
export type DefaultGatewayService = (typeof DEFAULT_GATEWAY_SERVICES)[number];

/** A tag copied onto every resource the provider creates. */
export interface Tag {
  /** The tag's key: no `aws:` or `vpce-provisioner:` prefix. */
  readonly key: string;
  /** The tag's value, copied as given. */
  readonly value: string;
}

/** An endpoint policy: an IAM policy document, or its JSON as a plain object. */
export type EndpointPolicy = PolicyDocument | { readonly [key: string]: unknown };

/**
 * The resource's own properties (CloudFormation's `ServiceToken` and `ServiceTimeout` are not among them). Every
 * name is the property's name in camelCase; a property left out is left out of the template, and the provider
 * applies the default written here.
 *
 * @typeParam I the interface service names, inferred from `interfaceServices` (its default when not given)
 * @typeParam G the gateway service names, inferred from `gatewayServices` (its default when not given)
 */
export interface VpcEndpointsProperties<I extends string = DefaultInterfaceService, G extends string = DefaultGatewayService> {
  /** `VpcId`: the VPC to add endpoints to, `vpc-` + 8 or 17 lower-case hex digits. Changing it replaces the resource. */
  readonly vpcId: string;
  /** `SubnetIds`: the application subnets, at least one, no repeats; endpoint subnets go in their AZs. */
  readonly subnetIds: readonly string[];
  /**
   * `InterfaceServices`: short names (`ecr.dkr`), resolved against the region's catalogue, or full names
   * (`com.amazonaws.<region>.ecr.dkr`). No repeats; at most 50; `[]` means gateway endpoints only.
   *
   * @default ['ecr.api', 'ecr.dkr', 'logs']
   */
  readonly interfaceServices?: readonly I[];
  /**
   * `GatewayServices`: `s3`, `dynamodb` (short or full names). May be empty.
   *
   * @default ['s3']
   */
  readonly gatewayServices?: readonly G[];
  /**
   * `SubnetPrefixLength`: prefix length of each endpoint subnet, 16–28, and large enough for one address per
   * interface endpoint plus AWS's 5 reserved (a /28 has 11 usable).
   *
   * @default 28
   */
  readonly subnetPrefixLength?: number;
  /**
   * `PrivateDnsEnabled`: private DNS on the interface endpoints. Needs the VPC's `enableDnsSupport` and
   * `enableDnsHostnames`.
   *
   * @default true
   */
  readonly privateDnsEnabled?: boolean;
  /**
   * `Tags`: copied onto everything created. No `aws:` or `vpce-provisioner:` keys; at most 40; a `Name` tag
   * overrides the readable name.
   *
   * @default - none
   */
  readonly tags?: readonly Tag[];
  /**
   * `SecurityGroupIds`: up to 4 extra security groups attached to every interface endpoint, besides the managed one.
   *
   * @default - none
   */
  readonly securityGroupIds?: readonly string[];
  /**
   * `CidrRange`: an IPv4 CIDR inside the VPC to carve the endpoint subnets from. Not with `ipv4IpamPoolId`.
   *
   * @default - anywhere free in the VPC's IPv4 blocks
   */
  readonly cidrRange?: string;
  /**
   * `IpAddressType`: `ipv4`, `dualstack` or `ipv6`.
   *
   * @default 'ipv4'
   */
  readonly ipAddressType?: IpAddressType;
  /**
   * `Ipv4IpamPoolId`: take the endpoint subnets' blocks from this Amazon VPC IPAM pool instead of carving locally.
   * Not with `cidrRange`.
   *
   * @default - carved locally
   */
  readonly ipv4IpamPoolId?: string;
  /**
   * `ExistingEndpoints`: what to do when another team's private-DNS endpoint already serves a requested service:
   * `fail`, or `reuse` it (left untouched, reported).
   *
   * @default 'fail'
   */
  readonly existingEndpoints?: ExistingEndpointsMode;
  /**
   * `EndpointPolicies`: service name (exactly as written in `interfaceServices` or `gatewayServices`) → endpoint
   * policy, applied on create and kept in step. Rendered as objects, as a YAML template would write them. (The
   * keys are checked against the service lists, never inferred from them: `NoInfer` needs TypeScript 5.4.)
   *
   * @default - AWS's default full-access policy on every endpoint
   */
  readonly endpointPolicies?: { readonly [S in NoInfer<I | G>]?: EndpointPolicy };
  /**
   * `S3GatewayPolicy`: `full`, or `ecr-layers-only` — the minimal policy for ECR layer pulls, which stops every
   * other S3 access from the subnets whose route tables the gateway endpoint is on.
   *
   * @default 'full'
   */
  readonly s3GatewayPolicy?: S3GatewayPolicy;
  /**
   * `DnsMode`: `PrivateDns` (each endpoint's private DNS answers in this VPC), or `HostedZones`: the resource becomes a
   * hub for centralised endpoints (private DNS off, one Route 53 private hosted zone per service name; other VPCs use it
   * through a `Custom::VpcEndpointConsumer`).
   *
   * @default 'PrivateDns'
   */
  readonly dnsMode?: 'PrivateDns' | 'HostedZones';
  /**
   * `AllowedConsumers`: with `HostedZones` only, who may consume the hub: 12-digit account IDs, or `'Organization'`
   * (every account the provider serves).
   *
   * @default - the hub's own account only
   */
  readonly allowedConsumers?: readonly string[] | 'Organization';
}

/** The resource's property names, in the provider's documented order, keyed by their camelCase prop. */
export const PROPERTY_NAMES: { readonly [P in keyof Required<VpcEndpointsProperties>]: string } = {
  vpcId: 'VpcId',
  subnetIds: 'SubnetIds',
  interfaceServices: 'InterfaceServices',
  gatewayServices: 'GatewayServices',
  subnetPrefixLength: 'SubnetPrefixLength',
  privateDnsEnabled: 'PrivateDnsEnabled',
  tags: 'Tags',
  securityGroupIds: 'SecurityGroupIds',
  cidrRange: 'CidrRange',
  ipAddressType: 'IpAddressType',
  ipv4IpamPoolId: 'Ipv4IpamPoolId',
  existingEndpoints: 'ExistingEndpoints',
  endpointPolicies: 'EndpointPolicies',
  s3GatewayPolicy: 'S3GatewayPolicy',
  dnsMode: 'DnsMode',
  allowedConsumers: 'AllowedConsumers',
};

/**
 * The props as CloudFormation properties, in the documented order, leaving out what was not given. Numbers and
 * booleans become the strings CloudFormation would send anyway (`"27"`, `"false"`), tags become `{Key, Value}`,
 * policy documents stay objects; tokens pass through to be resolved at synth.
 *
 * @example
 * renderProperties({ vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd'], subnetPrefixLength: 27 })
 * // => { VpcId: 'vpc-0123abcd', SubnetIds: ['subnet-0123abcd'], SubnetPrefixLength: '27' }
 */
export function renderProperties(props: VpcEndpointsProperties<string, string>): Record<string, unknown> {
  const values: { readonly [P in keyof Required<VpcEndpointsProperties>]: unknown } = {
    vpcId: props.vpcId,
    subnetIds: props.subnetIds,
    interfaceServices: props.interfaceServices,
    gatewayServices: props.gatewayServices,
    subnetPrefixLength: props.subnetPrefixLength === undefined ? undefined : Tokenization.stringifyNumber(props.subnetPrefixLength),
    privateDnsEnabled: props.privateDnsEnabled === undefined ? undefined : String(props.privateDnsEnabled),
    tags: props.tags?.map((tag) => ({ Key: tag.key, Value: tag.value })),
    securityGroupIds: props.securityGroupIds,
    cidrRange: props.cidrRange,
    ipAddressType: props.ipAddressType,
    ipv4IpamPoolId: props.ipv4IpamPoolId,
    existingEndpoints: props.existingEndpoints,
    endpointPolicies: props.endpointPolicies === undefined ? undefined : renderPolicies(props.endpointPolicies),
    s3GatewayPolicy: props.s3GatewayPolicy,
    dnsMode: props.dnsMode,
    allowedConsumers: props.allowedConsumers,
  };
  const rendered: Record<string, unknown> = {};
  for (const [prop, name] of Object.entries(PROPERTY_NAMES)) {
    const value = values[prop as keyof typeof values];
    if (value !== undefined) rendered[name] = value;
  }
  return rendered;
}

function renderPolicies(policies: { readonly [service: string]: EndpointPolicy | undefined }): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [service, policy] of Object.entries(policies)) {
    if (policy === undefined) continue;
    // An empty PolicyDocument resolves to nothing; EC2 would get no policy where the props name one.
    if (policy instanceof PolicyDocument && policy.isEmpty) {
      throw new Error(`endpointPolicies[${JSON.stringify(service)}] is an empty policy document; give at least one statement, or leave the service out.`);
    }
    rendered[service] = policy;
  }
  return rendered;
}

/** Whether a value is (or holds, for a list) an unresolved token: its content is known only at deploy time. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value) || (Array.isArray(value) && value.some((item) => Token.isUnresolved(item)));
}
