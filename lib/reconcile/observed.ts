/**
 * What discovery saw of a VPC: plain data, no SDK types, so the checks and the planner are pure functions of it.
 */
import type { ObservedQuotas } from './quotas';

export type Tags = Readonly<Record<string, string>>;

export interface ObservedVpc {
  readonly vpcId: string;
  readonly ownerId: string;
  /** Associated IPv4 blocks (primary and secondary). */
  readonly ipv4Blocks: readonly string[];
  /** Associated IPv6 blocks (at most one /56 in practice). */
  readonly ipv6Blocks: readonly string[];
  /** Undefined when not asked (private DNS not requested). */
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

export interface ObservedSubnet {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly ipv6Cidrs: readonly string[];
  readonly azId: string;
  readonly azName: string;
  readonly ownerId: string;
  readonly availableIpAddressCount: number;
  readonly tags: Tags;
}

export interface ObservedRouteTable {
  readonly routeTableId: string;
  readonly isMain: boolean;
  /** Subnets explicitly associated with this table. */
  readonly subnetIds: readonly string[];
}

export type EndpointType = 'Interface' | 'Gateway';

export interface ObservedService {
  /** The full service name, e.g. `com.amazonaws.us-east-1.ecr.dkr`. */
  readonly serviceName: string;
  readonly type: EndpointType;
  /** AZ IDs (not names) in which the service is offered. */
  readonly azIds: readonly string[];
  readonly supportedIpAddressTypes: readonly string[];
  /** DescribeVpcEndpointServices' PrivateDnsName (or the first of PrivateDnsNames); absent when the service offers none. */
  readonly privateDnsName?: string;
  /** Every name of PrivateDnsNames (or PrivateDnsName alone), as reported: a hub names its zones after them. */
  readonly privateDnsNames?: readonly string[];
  /**
   * Gateway services: the AWS-managed prefix list of the service (`pl-63a5400a` for s3 in us-east-1), the destination
   * of the routes its gateway endpoints add; security-group egress rules name it. Undefined when not observed.
   */
  readonly prefixListId?: string;
  /** An interface offering whose service is offered as a Gateway endpoint too (s3): it takes PrivateDnsOnlyForInboundResolverEndpoint. */
  readonly offeredAsGateway?: boolean;
}

export interface ObservedEndpoint {
  readonly endpointId: string;
  readonly type: EndpointType;
  readonly serviceName: string;
  /** Lower-cased state (`available`, `pending`, `deleting`, `deleted`, `failed`, …). */
  readonly state: string;
  readonly subnetIds: readonly string[];
  readonly routeTableIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly privateDnsEnabled: boolean;
  /** DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint: private DNS answers only an inbound Resolver endpoint. */
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  readonly ipAddressType?: string;
  readonly dnsRecordIpType?: string;
  readonly policyDocument?: string;
  readonly dnsNames: readonly string[];
  /** DnsEntries with their Route 53 zone, in EC2's order: a hub's alias records point at the regional one. */
  readonly dnsEntries?: readonly { readonly dnsName: string; readonly hostedZoneId: string }[];
  readonly ownerId?: string;
  readonly tags: Tags;
  /** EC2's reason for a failed or partial endpoint (VpcEndpoint.LastError), when it gives one. */
  readonly lastError?: { readonly code?: string; readonly message?: string };
  /** VpcEndpoint.FailureReason, when EC2 gives one. */
  readonly failureReason?: string;
}

export interface IngressRule {
  /** IPv4 or IPv6 CIDR admitted on TCP 443. */
  readonly cidr: string;
}

export interface ObservedSecurityGroup {
  readonly groupId: string;
  readonly groupName: string;
  /** CIDRs admitted on TCP 443 (IPv4 and IPv6). Other rules are listed in `otherIngressRuleCount`. */
  readonly httpsIngressCidrs: readonly string[];
  readonly otherIngressRuleCount: number;
  readonly tags: Tags;
}

/** The pool named by Ipv4IpamPoolId, as DescribeIpamPools describes it. */
export interface ObservedIpamPool {
  readonly poolId: string;
  /** found; missing (InvalidIpamPoolId.NotFound); unchecked (DescribeIpamPools not permitted: EC2 decides on write). */
  readonly status: 'found' | 'missing' | 'unchecked';
  readonly addressFamily?: string;
  readonly locale?: string;
  /** A resource planning pool's source resource (a VPC); absent for a regional or top-level pool. */
  readonly sourceResource?: { readonly resourceId: string; readonly resourceType: string };
}

/** A Route 53 private hosted zone associated with the VPC. */
export interface ObservedHostedZone {
  readonly zoneId: string;
  /** Fully qualified, as Route 53 gives it (with the trailing dot). */
  readonly name: string;
  /** The owning account (or service). */
  readonly owner?: string;
}

/**
 * A read check that could not be made: the checks went on without it, as the resource does (the hosted zones unchecked,
 * the quotas at their defaults). The preview reports these, so that it never silently assumes.
 */
export interface SkippedRead {
  /** The IAM action the read needs. */
  readonly permission: 'route53:ListHostedZonesByVPC' | 'servicequotas:GetServiceQuota';
  /** true: AWS answered AccessDenied (the caller lacks the permission); false: the call failed otherwise. */
  readonly denied: boolean;
  /** What went unchecked or was assumed instead, in a sentence. */
  readonly consequence: string;
  /** The error AWS answered, as describeError words it. */
  readonly error: string;
}

/** Everything one discovery pass saw. */
export interface Observation {
  /** The account whose stack sent the event; resources owned by any other account are someone else's. */
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly vpc?: ObservedVpc;
  /** The application subnets that were found, in the order the spec lists them. */
  readonly appSubnets: readonly ObservedSubnet[];
  /** Requested subnet IDs that do not exist (or are not visible to this account). */
  readonly missingSubnetIds: readonly string[];
  /** Requested subnet IDs that exist but sit in another VPC, with that VPC. */
  readonly subnetsInOtherVpcs: readonly { subnetId: string; vpcId: string }[];
  /** Every subnet of the VPC (endpoint subnets included). */
  readonly vpcSubnets: readonly ObservedSubnet[];
  readonly routeTables: readonly ObservedRouteTable[];
  /** Offerings keyed by the name as the user wrote it; an interface and a gateway offering can share a name (s3). */
  readonly interfaceOfferings: ReadonlyMap<string, ObservedService>;
  readonly gatewayOfferings: ReadonlyMap<string, ObservedService>;
  /**
   * Requested names that match no service of the requested type, with the types the name does offer and, when the name
   * offers none, the nearest service name of the region (a likely typo), if any.
   */
  readonly unresolvedServices: readonly { requested: string; type: EndpointType; offeredTypes: readonly EndpointType[]; suggestion?: string }[];
  /** Endpoints in the VPC that are not gone (state other than deleted), owned or not. */
  readonly endpoints: readonly ObservedEndpoint[];
  /** The extra security groups the spec names (SecurityGroupIds) that exist, with their VPC. */
  readonly extraSecurityGroups: readonly { groupId: string; vpcId: string }[];
  /** Security groups carrying this resource's owner tag. */
  readonly ownedSecurityGroups: readonly ObservedSecurityGroup[];
  /** Private hosted zones associated with the VPC; undefined when not checked (no private DNS, or Route 53 not reachable). */
  readonly privateHostedZones?: readonly ObservedHostedZone[];
  /** The pool of Ipv4IpamPoolId, when one is given. */
  readonly ipamPool?: ObservedIpamPool;
  /** The VPC quotas that apply to the account; undefined means the defaults. */
  readonly quotas?: ObservedQuotas;
  /** The read checks that could not be made (Route 53 or Service Quotas refused or failed); absent when none. */
  readonly skippedReads?: readonly SkippedRead[];
}
