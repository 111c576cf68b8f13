/** Notes for the `Notes` output and the plan preview: what a person should know about a convergence. Pure. */
import { cidrContains, parseCidr } from '../cidr';
import type { DesiredState } from './desired';
import type { ObservedSubnet } from './observed';
import type { EndpointSpec } from '../properties/spec';
import { compareText } from '../compare-text';

/**
 * What a person should know about a convergence, as the `Notes` output words it: services missing from some AZs, IP
 * type fallbacks, route tables left alone, reused endpoints and their unapplied policies, endpoint subnets kept from
 * before a SubnetPrefixLength or CidrRange change, endpoint subnets carved outside the application subnets' blocks.
 * Pure; a preview can report the same notes.
 *
 * @param carved the newly carved blocks by AZ ID (the plan's `carved`).
 * @example
 * convergenceNotes(spec, plan.desired, [...plan.keptSubnets.values()], plan.carved)
 * // ['ecs-telemetry is not offered in use1-az3; its endpoint serves the other AZs']
 */
export function convergenceNotes(
  spec: EndpointSpec,
  desired: DesiredState,
  keptSubnets: readonly ObservedSubnet[],
  carved: ReadonlyMap<string, { cidr?: string }> = new Map(),
): string[] {
  return [...describeNotes(desired), ...keptSubnetNotes(spec, keptSubnets), ...outsideAppBlockNotes(spec, desired, carved), ...unappliedPolicyNotes(spec, desired)];
}

/**
 * Endpoint subnets go into the blocks holding the application subnets while those have room; one carved elsewhere (a
 * secondary block that may be meant for pods or be unroutable from elsewhere) is worth a look, so it is said.
 */
function outsideAppBlockNotes(spec: EndpointSpec, desired: DesiredState, carved: ReadonlyMap<string, { cidr?: string }>): string[] {
  if (spec.cidrRange !== undefined || desired.appIpv4Blocks.length === 0) return [];
  const appBlocks = desired.appIpv4Blocks.map(parseCidr);
  const outside = [...carved]
    .filter((entry): entry is [string, { cidr: string }] => entry[1].cidr !== undefined)
    .filter(([, block]) => !appBlocks.some((app) => cidrContains(app, parseCidr(block.cidr))))
    .sort(([a], [b]) => compareText(a, b));
  if (outside.length === 0) return [];
  const list = outside.map(([azId, block]) => `${block.cidr} (${azId})`).join(', ');
  return [
    `${list} carved outside the application subnets' CIDR blocks (${desired.appIpv4Blocks.join(', ')}), which have no free /${spec.subnetPrefixLength} left; set CidrRange to choose the range`,
  ];
}

function describeNotes(desired: DesiredState): string[] {
  return [
    ...desired.serviceAzGaps.map((gap) => `${gap.service} is not offered in ${gap.missingAzIds.join(', ')}; its endpoint serves the other AZs`),
    ...desired.ipTypeFallbacks.map((fallback) => `${fallback.service} does not support ${fallback.requested}; it uses ${fallback.used}`),
    ...desired.skippedRouteTables.map((skip) => `${skip.routeTableId} already has ${skip.service} through ${skip.endpointId}; left alone`),
    ...desired.reusedEndpoints.map((reused) => `${reused.service} is served by the existing endpoint ${reused.endpointId}; reused, not managed`),
    ...desired.servicesWithoutPrivateDns.map(
      (service) => `${service} offers no private DNS name, so its endpoint has private DNS off; clients must use the endpoint's own DNS name (DnsName output)`,
    ),
    ...desired.centralisedServices.map(
      (central) => `${central.service} is served through the private hosted zone ${central.zone.zoneId} (${central.zone.name}) associated with the VPC; no endpoint created`,
    ),
    ...desired.interfaceEndpoints.flatMap((endpoint) => {
      if (endpoint.privateDnsOnlyForInboundResolverEndpoint === undefined) return [];
      return endpoint.privateDnsOnlyForInboundResolverEndpoint
        ? [`${endpoint.service}: in-VPC traffic uses the gateway endpoint; the interface endpoint's private DNS serves only clients of an inbound Resolver endpoint (on premises, peered networks)`]
        : [`${endpoint.service}: in-VPC traffic uses the interface endpoint (this resource has no ${endpoint.shortName} gateway endpoint; add it to GatewayServices to send in-VPC traffic through the free gateway)`];
    }),
  ];
}

/**
 * An endpoint subnet under live endpoints is never re-carved (that would interrupt them), so one made before
 * SubnetPrefixLength or CidrRange changed keeps its block. Said so, since the Update otherwise reads as fully applied.
 */
function keptSubnetNotes(spec: EndpointSpec, kept: readonly ObservedSubnet[]): string[] {
  const sorted = [...kept].sort((a, b) => (a.azId < b.azId ? -1 : a.azId > b.azId ? 1 : 0));
  const otherSize = sorted.filter((subnet) => parseCidr(subnet.cidr).prefixLength !== spec.subnetPrefixLength);
  const range = spec.cidrRange === undefined ? undefined : parseCidr(spec.cidrRange);
  const outside = range === undefined ? [] : sorted.filter((subnet) => !cidrContains(range, parseCidr(subnet.cidr)));
  const why = 'since re-carving would interrupt their endpoints (replace the resource to re-carve)';
  const list = (subnets: readonly ObservedSubnet[]) => subnets.map((subnet) => `${subnet.subnetId} (${subnet.cidr})`).join(', ');
  return [
    ...(otherSize.length > 0 ? [`SubnetPrefixLength ${spec.subnetPrefixLength} applies to new endpoint subnets; ${list(otherSize)} keep their size, ${why}`] : []),
    ...(outside.length > 0 ? [`CidrRange ${spec.cidrRange} applies to new endpoint subnets; ${list(outside)} stay where they are, ${why}`] : []),
  ];
}

/**
 * A reused endpoint is another team's and is never modified, so a policy given for its service is not applied (until
 * this resource serves the service itself). A policy silently not in force would be worse than one refused: say so.
 */
function unappliedPolicyNotes(spec: EndpointSpec, desired: DesiredState): string[] {
  return desired.reusedEndpoints
    .filter((reused) => spec.endpointPolicies[reused.service] !== undefined)
    .map((reused) => `EndpointPolicies["${reused.service}"] is not applied: ${reused.endpointId} is reused, not managed`);
}
