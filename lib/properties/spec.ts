import type { AllowedConsumers } from '../centralised/hub-contract';

/**
 * The validated, typed form of the resource's properties: what the user declared.
 * `lib/properties/index.ts` builds it from the raw (all-string) ResourceProperties.
 */

export type IpAddressType = 'ipv4' | 'dualstack' | 'ipv6';
export type ExistingEndpointsMode = 'fail' | 'reuse';
export type S3GatewayPolicy = 'full' | 'ecr-layers-only';
/** `PrivateDns`: each endpoint's private DNS (per-VPC). `HostedZones`: a hub, private hosted zones instead. */
export type DnsMode = 'PrivateDns' | 'HostedZones';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface EndpointSpec {
  /** `vpc-` + 8 or 17 hex digits. */
  readonly vpcId: string;
  /** The application subnets, in the order given, without duplicates. */
  readonly subnetIds: readonly string[];
  /** As the user wrote them: short names (`ecr.dkr`) or full service names (`com.amazonaws.eu-west-1.ecr.dkr`). Deduplicated, order kept. */
  readonly interfaceServices: readonly string[];
  /** Short or full names of services that offer a Gateway endpoint (`s3`, `dynamodb`). May be empty. */
  readonly gatewayServices: readonly string[];
  /** Prefix length of each endpoint subnet (16–28). */
  readonly subnetPrefixLength: number;
  readonly privateDnsEnabled: boolean;
  /** Copied onto every created resource. Never `aws:` keys, never this provider's own tag keys. */
  readonly tags: readonly Tag[];
  /** Extra security groups the user attaches to every interface endpoint, besides the one this resource manages. */
  readonly securityGroupIds: readonly string[];
  /** An IPv4 CIDR inside the VPC that endpoint subnets must be carved from (optional). */
  readonly cidrRange?: string;
  readonly ipAddressType: IpAddressType;
  /** Carve endpoint subnets from this IPAM pool instead of locally (optional). */
  readonly ipv4IpamPoolId?: string;
  readonly existingEndpoints: ExistingEndpointsMode;
  /** Endpoint policy documents (JSON text) keyed by the service name exactly as written in the service lists. */
  readonly endpointPolicies: Readonly<Record<string, string>>;
  readonly s3GatewayPolicy: S3GatewayPolicy;
  /** `HostedZones` makes this resource a hub; `privateDnsEnabled` is then false (the zones replace private DNS). */
  readonly dnsMode: DnsMode;
  /** Who may consume the hub; `{ kind: 'accounts', accountIds: [] }` (the default) is the hub's own account only. */
  readonly allowedConsumers: AllowedConsumers;
}

export const DEFAULT_INTERFACE_SERVICES: readonly string[] = ['ecr.api', 'ecr.dkr', 'logs'];
export const DEFAULT_GATEWAY_SERVICES: readonly string[] = ['s3'];
export const DEFAULT_SUBNET_PREFIX_LENGTH = 28;
/** AWS reserves five addresses in every subnet (VPC User Guide, "Subnet CIDR blocks"). */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

/** Tag keys this provider writes; users may not set them. */
export const TAG_KEYS = {
  /** The physical resource ID of the custom resource that created the resource. */
  owner: 'vpce-provisioner:owner',
  stackId: 'vpce-provisioner:stack-id',
  logicalId: 'vpce-provisioner:logical-id',
  /** On endpoint subnets: the AZ ID the subnet serves. */
  azId: 'vpce-provisioner:az-id',
  /** On endpoints: the service as the user named it. */
  service: 'vpce-provisioner:service',
} as const;

export const OWN_TAG_PREFIX = 'vpce-provisioner:';
