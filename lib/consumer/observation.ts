/**
 * What a consumer sees before it decides anything: the hub (its security group, rules and zones, read with the hub
 * account's credentials) and the spoke (its VPC, endpoints, zones and routes, read with the spoke account's). Plain
 * data, no SDK types, so that the checks (checks.ts) and the plan (plan.ts) are pure functions of it.
 *
 * Pure: no AWS SDK.
 */
import type { Tags } from '../reconcile/observed';

/** One ingress rule of the hub's security group (DescribeSecurityGroupRules), with its tags. */
export interface ObservedIngressRule {
  /** `sgr-…` */
  readonly ruleId: string;
  /** `tcp`, `udp`, `-1`… as EC2 reports it. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** The source: an IPv4 or IPv6 CIDR; undefined for a rule whose source is a group or a prefix list. */
  readonly cidr?: string;
  readonly tags: Tags;
}

/** One of the hub's private hosted zones, as the hub account reads it. */
export interface ObservedHubZone {
  /** Without the `/hostedzone/` prefix: `Z0123…`. */
  readonly zoneId: string;
  /** Lower-case, without the trailing dot: `logs.eu-west-1.amazonaws.com`. */
  readonly name: string;
  /** The zone's `vpce-provisioner:service` tag: the interface service it serves, as the hub's template named it. */
  readonly service: string;
  /** How many VPCs the zone is associated with now (GetHostedZone `VPCs`), the hub's own included. */
  readonly associatedVpcCount: number;
  /** The zone's `MAX_VPCS_ASSOCIATED_BY_ZONE` (GetHostedZoneLimit): read, never assumed. */
  readonly maxAssociatedVpcs: number;
  /** The VPCs authorised to associate and not yet de-authorised (ListVPCAssociationAuthorizations). */
  readonly authorisedVpcIds: readonly string[];
}

/** The hub, found by its ID: the security group tagged with it, and its zones. */
export interface ObservedHub {
  /** The hub's endpoints security group (tagged `vpce-provisioner:hub` = the hub ID). */
  readonly groupId: string;
  readonly groupTags: Tags;
  readonly ingressRules: readonly ObservedIngressRule[];
  /** The hub VPC's associated blocks: where a spoke's routes must lead. */
  readonly vpcIpv4Blocks: readonly string[];
  readonly vpcIpv6Blocks: readonly string[];
  /** Whether the hub's endpoints answer over IPv6 too: then the spoke's IPv6 blocks get rules as well. */
  readonly dualStack: boolean;
  /** The zones tagged with the hub's ID. */
  readonly zones: readonly ObservedHubZone[];
  /**
   * The full service names of the live interface endpoints behind the hub's group (DescribeVpcEndpoints): what the hub
   * serves, so that a zone gone from under it shows (vanished-zones.ts). Undefined when not read.
   */
  readonly endpointServiceNames?: readonly string[];
  /**
   * The hub account's inbound rules per security group (L-0EA8095F, counted separately for IPv4 and IPv6), as Service
   * Quotas gives it, or its default; undefined when not read (the check is then made at the default).
   */
  readonly inboundRulesQuota?: { readonly value: number; readonly applied: boolean };
}

/** An interface endpoint in the spoke with private DNS on: Route 53 refuses a zone of the same name beside it. */
export interface ObservedPrivateDnsEndpoint {
  readonly endpointId: string;
  /** The full service name. */
  readonly serviceName: string;
  /** The names its private DNS serves, as DescribeVpcEndpointServices gives them (`*.dkr.ecr.…` for a wildcard). */
  readonly privateDnsNames: readonly string[];
}

/** A private zone the spoke VPC is associated with, whoever owns it (ListHostedZonesByVPC). */
export interface ObservedSpokeZone {
  readonly zoneId: string;
  /** Lower-case, without the trailing dot. */
  readonly name: string;
}

/**
 * Where a route leads, as far as reaching another VPC is concerned: `internet` is an internet, egress-only internet, NAT
 * or carrier gateway (none leads to a private VPC); `other` is any target that might (a network interface, a Gateway
 * Load Balancer endpoint, a virtual private gateway): a missing route is only a note, so the doubt goes to the route.
 */
export type RouteTarget = 'transit-gateway' | 'vpc-peering' | 'core-network' | 'local' | 'internet' | 'blackhole' | 'other';

export interface ObservedRoute {
  /** The destination CIDR (IPv4 or IPv6); routes to a prefix list are left out. */
  readonly destination: string;
  readonly target: RouteTarget;
}

export interface ObservedSpokeRouteTable {
  readonly routeTableId: string;
  readonly routes: readonly ObservedRoute[];
}

/** The spoke VPC, as the spoke account reads it. */
export interface ObservedSpoke {
  readonly vpcId: string;
  readonly ipv4Blocks: readonly string[];
  readonly ipv6Blocks: readonly string[];
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
  readonly privateDnsEndpoints: readonly ObservedPrivateDnsEndpoint[];
  readonly associatedZones: readonly ObservedSpokeZone[];
  readonly routeTables: readonly ObservedSpokeRouteTable[];
}

/** Everything a consumer decides from. `hub` or `spoke` is undefined when it was not found. */
export interface ConsumerObservation {
  readonly hub?: ObservedHub;
  readonly spoke?: ObservedSpoke;
}
