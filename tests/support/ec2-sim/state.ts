/**
 * The simulator's stored world: plain records, keyed by id. Everything time-dependent (endpoint
 * states, lingering ENIs) is stored as timestamps and derived when read, so no timers are needed
 * and the clock can jump freely.
 */

/** Tags in insertion order, as EC2 returns them. */
export type TagMap = Map<string, string>;

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  /** Clock ms; drives the visibility delay. */
  readonly createdAt: number;
  readonly tags: TagMap;
}

export interface VpcRecord extends Owned {
  readonly cidrBlocks: Array<{ associationId: string; cidr: string }>;
  /** Up to five IPv6 blocks (aws-facts.md, "Subnets and CIDRs"). */
  readonly ipv6Blocks: Array<{ associationId: string; cidr: string }>;
  dnsSupport: boolean;
  dnsHostnames: boolean;
  readonly defaultGroupId: string;
  readonly mainRouteTableId: string;
  /** The account's default VPC (CreateDefaultVpc); absent for every other VPC. */
  readonly isDefault?: boolean;
}

export interface SubnetRecord extends Owned {
  readonly vpcId: string;
  readonly cidr: string;
  readonly ipv6Block?: { associationId: string; cidr: string };
  readonly zoneId: string;
  /** Accounts this subnet is shared with through RAM. */
  readonly sharedWith: Set<string>;
  /** Set when the CIDR came from an IPAM pool; released on delete. */
  readonly ipamPoolId?: string;
}

export interface RouteTableRecord extends Owned {
  readonly vpcId: string;
  readonly main: boolean;
  readonly mainAssociationId?: string;
  readonly subnetAssociations: Array<{ associationId: string; subnetId: string }>;
}

/** One rule of a security group, one source each (EC2 counts rules this way for the quota). */
export interface RuleRecord {
  readonly ruleId: string;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly source:
    | { kind: 'cidr'; cidr: string }
    | { kind: 'cidr6'; cidr: string }
    | { kind: 'group'; groupId: string; userId: string }
    | { kind: 'prefixList'; prefixListId: string };
  readonly description?: string;
  /**
   * A rule's own tags: AuthorizeSecurityGroupIngress takes TagSpecifications of type `security-group-rule`, and
   * DescribeSecurityGroupRules returns them (EC2 API reference, AuthorizeSecurityGroupIngress, SecurityGroupRule).
   */
  tags?: TagMap;
}

export interface SecurityGroupRecord extends Owned {
  readonly vpcId: string;
  readonly name: string;
  readonly description: string;
  readonly ingress: RuleRecord[];
  readonly egress: RuleRecord[];
  readonly isDefault: boolean;
}

/** GatewayLoadBalancer endpoints exist only as another party's, made by the world admin (world-admin.ts). */
export type EndpointType = 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
export type EndpointIpAddressType = 'ipv4' | 'dualstack' | 'ipv6';
export type DnsRecordIpType = EndpointIpAddressType | 'service-defined';

export interface EndpointRecord extends Owned {
  readonly type: EndpointType;
  readonly vpcId: string;
  readonly serviceName: string;
  policyDocument: string;
  routeTableIds: string[];
  subnetIds: string[];
  groupIds: string[];
  ipAddressType: EndpointIpAddressType;
  dnsRecordIpType: DnsRecordIpType;
  privateDnsEnabled: boolean;
  /** Private DNS answers only an inbound Resolver endpoint; in-VPC clients use the gateway (services offered as both types). */
  privateDnsOnlyForInboundResolverEndpoint: boolean;
  /** The endpoint is `pending` until then. */
  availableAt: number;
  /** Set by DeleteVpcEndpoints. */
  deleteRequestedAt?: number;
  /** Set by the endpointFate fault: the state it reaches instead of `available`. */
  fate?: 'failed' | 'rejected' | 'expired' | 'pendingAcceptance' | 'partial';
  /** EC2's reason for the fate, shown once the endpoint is in it (VpcEndpoint.LastError; faults.ts). */
  lastError?: { readonly code: string; readonly message: string };
  /** VpcEndpoint.FailureReason, shown once the endpoint is in its fate (faults.ts). */
  failureReason?: string;
}

export interface NetworkInterfaceRecord extends Owned {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly zoneId: string;
  /** The endpoint an endpoint ENI belongs to; absent for another party's ENI (`foreign`). */
  readonly endpointId?: string;
  /** An ENI nobody's endpoint made: an instance, a Lambda, a load balancer someone placed in the subnet. */
  readonly foreign?: {
    readonly interfaceType: string;
    readonly description: string;
    readonly groupIds: readonly string[];
    /** Set for requester-managed ENIs (a Lambda's, a load balancer's). */
    readonly requesterId?: string;
    readonly instanceId?: string;
  };
  readonly privateIp: string;
  readonly macAddress: string;
  /** Set when the ENI is on its way out: it still exists (and blocks DeleteSubnet) until then. */
  goneAt?: number;
}

export interface IpamPoolRecord {
  readonly id: string;
  readonly ownerId: string;
  /** A resource planning pool's source VPC (DescribeIpamPools → SourceResource); undefined for a regional pool. */
  readonly sourceVpcId?: string;
  readonly cidrs: string[];
  /** Taken blocks; `resourceId` is the subnet for allocations CreateSubnet made. */
  readonly allocations: Array<{ cidr: string; resourceId?: string }>;
}

/** One VPC a zone is associated with. */
export interface ZoneVpc {
  readonly vpcId: string;
  readonly region: string;
}

/**
 * A Route 53 resource record set as the SDK shapes it (`ResourceRecordSet`), its name fully qualified, lower case,
 * with the trailing dot (Route 53 Developer Guide, "DNS domain name format").
 */
export interface RecordSetRecord {
  readonly Name: string;
  readonly Type: string;
  readonly SetIdentifier?: string;
  readonly TTL?: number;
  readonly ResourceRecords?: readonly { readonly Value: string }[];
  readonly AliasTarget?: { readonly HostedZoneId: string; readonly DNSName: string; readonly EvaluateTargetHealth: boolean };
}

/** A Route 53 hosted zone (private unless `privateZone` is false) and the VPCs it is associated with (possibly across accounts). */
export interface HostedZoneRecord {
  /** `Z` + upper-case letters and digits, as Route 53 issues them. */
  readonly id: string;
  readonly ownerId: string;
  /** Fully qualified, with the trailing dot Route 53 answers with (`dkr.ecr.us-east-1.amazonaws.com.`). */
  readonly name: string;
  /** Mutable: AssociateVPCWithHostedZone and DisassociateVPCFromHostedZone change it. */
  readonly vpcs: ZoneVpc[];
  readonly privateZone: boolean;
  /** Absent for zones made by `sim.admin.createPrivateHostedZone` without one. */
  readonly callerReference?: string;
  readonly comment?: string;
  /** Clock ms. */
  readonly createdAt: number;
  /** SOA and NS first, as Route 53 creates them; kept in Route 53's listing order (route53/record-sets.ts). */
  recordSets: RecordSetRecord[];
  readonly tags: TagMap;
  /** The last change submitted for the zone (its records or its VPCs), for PriorRequestNotComplete. */
  lastChangeId?: string;
}

/** A Route 53 change (`ChangeInfo`): `PENDING` until `insyncAt` on the simulator's clock. */
export interface Route53ChangeRecord {
  /** `C` + upper-case letters and digits. */
  readonly id: string;
  /** The account of the zone the change belongs to: only it may read the change with GetChange. */
  readonly ownerId: string;
  readonly submittedAt: number;
  readonly insyncAt: number;
  readonly comment?: string;
}

/** A pending cross-account authorisation (CreateVPCAssociationAuthorization), keyed in SimState by zone and VPC. */
export interface VpcAssociationAuthorizationRecord {
  readonly hostedZoneId: string;
  readonly vpc: ZoneVpc;
  /** Clock ms; the authorisation is usable by AssociateVPCWithHostedZone only after the propagation delay. */
  readonly createdAt: number;
}

/** What a client token refers to, per account (EC2 remembers tokens long after the resource is gone). */
export interface ClientTokenRecord {
  readonly endpointId: string;
  readonly fingerprint: string;
}

/** Every record of one simulator. */
export class SimState {
  readonly vpcs = new Map<string, VpcRecord>();
  readonly subnets = new Map<string, SubnetRecord>();
  readonly routeTables = new Map<string, RouteTableRecord>();
  readonly securityGroups = new Map<string, SecurityGroupRecord>();
  /** Includes deleted endpoints, kept for client-token replays after they stop being listed. */
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly networkInterfaces = new Map<string, NetworkInterfaceRecord>();
  readonly ipamPools = new Map<string, IpamPoolRecord>();
  /** Applied (raised) VPC quotas per account; absent ones have their default (./quotas.ts). */
  readonly quotas = new Map<string, Partial<Record<'interfaceEndpointsPerVpc' | 'subnetsPerVpc' | 'rulesPerSecurityGroup' | 'securityGroupsPerInterface', number>>>();
  /** `${accountId}\n${quota}` of quotas with no applied value: GetServiceQuota answers them NoSuchResourceException. */
  readonly quotasWithoutAppliedValue = new Set<string>();
  /** Route 53 private hosted zones (the simulator's Route 53 piece, tests/support/ec2-sim/route53.ts). */
  readonly hostedZones = new Map<string, HostedZoneRecord>();
  /** Route 53 changes by id (without the `/change/` prefix). */
  readonly route53Changes = new Map<string, Route53ChangeRecord>();
  /** CreateHostedZone caller references already used, per account: `${accountId}\n${callerReference}` → zone id. */
  readonly hostedZoneCallerReferences = new Map<string, string>();
  /** Key: `${hostedZoneId}\n${region}\n${vpcId}`. */
  readonly vpcAssociationAuthorizations = new Map<string, VpcAssociationAuthorizationRecord>();
  /** Key: `${accountId}\n${clientToken}`. */
  readonly clientTokens = new Map<string, ClientTokenRecord>();
  /** Next /56 handed out by AmazonProvidedIpv6CidrBlock. */
  nextIpv6Block = 0;
}
