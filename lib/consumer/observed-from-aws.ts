/**
 * AWS's answers, as plain shapes, turned into the consumer's observation: the pure half of the readers the wiring will
 * add (the other half, the calls, goes behind the ports). The shapes name only the fields read, so that no SDK type is
 * needed here; the SDK's outputs fit them.
 *
 * Pure: no AWS SDK.
 */
import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import { TAG_KEYS } from '../properties/spec';
import { tagsToRecord } from '../reconcile/ownership';
import type { ObservedHubZone, ObservedIngressRule, ObservedSpokeRouteTable, ObservedSpokeZone, RouteTarget } from './observation';
import { zoneNameOf } from './zones';

type SdkTags = readonly { Key?: string; Value?: string }[] | undefined;

/** A route as DescribeRouteTables gives it (EC2 API reference, `Route`). */
export interface RouteShape {
  readonly DestinationCidrBlock?: string;
  readonly DestinationIpv6CidrBlock?: string;
  readonly DestinationPrefixListId?: string;
  readonly GatewayId?: string;
  readonly TransitGatewayId?: string;
  readonly VpcPeeringConnectionId?: string;
  readonly CoreNetworkArn?: string;
  readonly NatGatewayId?: string;
  readonly EgressOnlyInternetGatewayId?: string;
  readonly CarrierGatewayId?: string;
  readonly State?: string;
}

/** A security-group rule as DescribeSecurityGroupRules gives it (EC2 API reference, `SecurityGroupRule`). */
export interface SecurityGroupRuleShape {
  readonly SecurityGroupRuleId?: string;
  readonly IsEgress?: boolean;
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly CidrIpv4?: string;
  readonly CidrIpv6?: string;
  readonly Tags?: SdkTags;
}

/**
 * Where a route leads (see {@link RouteTarget}). A `blackhole` route leads nowhere whatever its target (its target was
 * deleted); `GatewayId` holds `local`, an internet gateway (`igw-`) or a virtual private gateway (`vgw-`).
 *
 * @example
 * routeTargetOf({ DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-0a1b2c3d', State: 'active' }) // 'transit-gateway'
 */
export function routeTargetOf(route: RouteShape): RouteTarget {
  if (route.State === 'blackhole') return 'blackhole';
  if (route.TransitGatewayId) return 'transit-gateway';
  if (route.VpcPeeringConnectionId) return 'vpc-peering';
  if (route.CoreNetworkArn) return 'core-network';
  if (route.GatewayId === 'local') return 'local';
  if (route.GatewayId?.startsWith('igw-') || route.NatGatewayId || route.EgressOnlyInternetGatewayId || route.CarrierGatewayId) return 'internet';
  return 'other';
}

/** The spoke's route tables; routes to a prefix list are left out (a prefix list never names another VPC's block). */
export function toObservedRouteTables(tables: readonly { RouteTableId?: string; Routes?: readonly RouteShape[] }[]): ObservedSpokeRouteTable[] {
  return tables.map((table) => ({
    routeTableId: table.RouteTableId ?? '',
    routes: (table.Routes ?? []).flatMap((route) => {
      const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
      return destination === undefined ? [] : [{ destination, target: routeTargetOf(route) }];
    }),
  }));
}

/**
 * The group's ingress rules (egress rules left out). A rule for all protocols (`-1`) reports ports -1, kept as they
 * are: it is never a claim rule's shape.
 */
export function toObservedIngressRules(rules: readonly SecurityGroupRuleShape[]): ObservedIngressRule[] {
  return rules
    .filter((rule) => rule.IsEgress !== true && rule.SecurityGroupRuleId !== undefined)
    .map((rule) => ({
      ruleId: rule.SecurityGroupRuleId as string,
      protocol: rule.IpProtocol ?? '',
      fromPort: rule.FromPort ?? -1,
      toPort: rule.ToPort ?? -1,
      ...(rule.CidrIpv4 ?? rule.CidrIpv6 ? { cidr: (rule.CidrIpv4 ?? rule.CidrIpv6) as string } : {}),
      tags: tagsToRecord(rule.Tags),
    }));
}

/** A zone ID without the `/hostedzone/` prefix Route 53 puts on `HostedZone.Id`. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}

/** The zones ListHostedZonesByVPC reports for the spoke. */
export function toObservedSpokeZones(summaries: readonly { HostedZoneId?: string; Name?: string }[]): ObservedSpokeZone[] {
  return summaries.flatMap((summary) =>
    summary.HostedZoneId && summary.Name ? [{ zoneId: bareZoneId(summary.HostedZoneId), name: zoneNameOf(summary.Name) }] : [],
  );
}

/** What the hub account reads of one of its zones: GetHostedZone, its tags, its limit and its authorisations. */
export interface HubZoneReading {
  readonly hostedZone: { readonly Id?: string; readonly Name?: string };
  /** GetHostedZone `VPCs`. */
  readonly vpcs: readonly { VPCId?: string }[];
  /** ListTagsForResource `ResourceTagSet.Tags`. */
  readonly tags: SdkTags;
  /** GetHostedZoneLimit `MAX_VPCS_ASSOCIATED_BY_ZONE` `Limit.Value`. */
  readonly maxAssociatedVpcs: number;
  /** ListVPCAssociationAuthorizations `VPCs`. */
  readonly authorisations: readonly { VPCId?: string }[];
}

/**
 * One of the hub's zones, or undefined when its tags do not make it this hub's zone for a service (another hub's, or
 * one whose tags were edited): a consumer associates only with zones the hub tagged as its own.
 */
export function toObservedHubZone(reading: HubZoneReading, hubId: string): ObservedHubZone | undefined {
  const tags = tagsToRecord(reading.tags);
  const service = tags[TAG_KEYS.service];
  if (tags[HUB_TAG_KEYS.hub] !== hubId || service === undefined || !reading.hostedZone.Id || !reading.hostedZone.Name) return undefined;
  return {
    zoneId: bareZoneId(reading.hostedZone.Id),
    name: zoneNameOf(reading.hostedZone.Name),
    service,
    associatedVpcCount: reading.vpcs.length,
    maxAssociatedVpcs: reading.maxAssociatedVpcs,
    authorisedVpcIds: reading.authorisations.flatMap((vpc) => (vpc.VPCId ? [vpc.VPCId] : [])),
  };
}

/** An endpoint as DescribeVpcEndpoints gives it (EC2 API reference, `VpcEndpoint`), reduced to what the hub's reading needs. */
export interface HubEndpointShape {
  readonly VpcEndpointType?: string;
  readonly ServiceName?: string;
  readonly State?: string;
  readonly IpAddressType?: string;
  readonly Groups?: readonly { GroupId?: string }[];
}

/** States in which an endpoint no longer serves (EC2 API reference, `VpcEndpoint.State`). */
const GONE_ENDPOINT_STATES: readonly string[] = ['deleting', 'deleted', 'failed', 'rejected', 'expired'];

/**
 * What the hub's endpoints tell a consumer: whether one behind the hub's group answers over IPv6 (IpAddressType
 * dualstack or ipv6), and the services of the live interface endpoints behind it, each once.
 *
 * @example
 * hubEndpointsReading([{ VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-1.logs', State: 'available', Groups: [{ GroupId: 'sg-1' }] }], 'sg-1')
 * // => { dualStack: false, serviceNames: ['com.amazonaws.eu-west-1.logs'] }
 */
export function hubEndpointsReading(endpoints: readonly HubEndpointShape[], groupId: string): { dualStack: boolean; serviceNames: string[] } {
  const behindGroup = endpoints.filter((endpoint) => (endpoint.Groups ?? []).some((group) => group.GroupId === groupId));
  const live = behindGroup.filter((endpoint) => endpoint.VpcEndpointType === 'Interface' && !GONE_ENDPOINT_STATES.includes((endpoint.State ?? '').toLowerCase()));
  return {
    dualStack: behindGroup.some((endpoint) => ['dualstack', 'ipv6'].includes((endpoint.IpAddressType ?? '').toLowerCase())),
    serviceNames: [...new Set(live.flatMap((endpoint) => (endpoint.ServiceName ? [endpoint.ServiceName] : [])))],
  };
}
