import { cidrContains, tryParseCidr } from '../cidr';
import type { Observation, ObservedEndpoint, ObservedHostedZone, ObservedService } from './observed';
import { isOwnedBy, type Owner } from './ownership';
import { shortServiceName } from './services';
import type { EndpointSpec, IpAddressType } from '../properties/spec';

/**
 * The state the spec asks for, worked out against what was observed (which AZs, route tables and CIDRs), before any
 * comparison with what exists. Pure.
 */
export interface DesiredInterfaceEndpoint {
  /** As the user wrote it. */
  readonly service: string;
  readonly shortName: string;
  readonly offering: ObservedService;
  /** The AZ IDs (among the endpoint AZs) in which the service is offered. */
  readonly azIds: readonly string[];
  /** Undefined means EC2's default (ipv4, A records). */
  readonly addressing?: EndpointAddressing;
  readonly policyDocument?: string;
  /**
   * PrivateDnsEnabled as sent to EC2: the spec's choice where the service has a private DNS name in the catalogue, off
   * where it has none (aws-facts, "Interface endpoints"; see servicesWithoutPrivateDns).
   */
  readonly privateDnsEnabled: boolean;
  /**
   * DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint, for a service offered as a gateway too (s3) with private DNS;
   * undefined for every other endpoint. See inboundResolverOnly.
   */
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
}

export interface DesiredGatewayEndpoint {
  readonly service: string;
  readonly shortName: string;
  readonly offering: ObservedService;
  readonly routeTableIds: readonly string[];
  readonly policyDocument?: string;
}

export interface DesiredState {
  /** The AZ IDs of the application subnets, sorted. */
  readonly appAzIds: readonly string[];
  /**
   * The AZ IDs that get an endpoint subnet: those of the application subnets in which at least one requested interface
   * service is offered. Gateway endpoints need no subnet, so a gateway-only resource carves none.
   */
  readonly azIds: readonly string[];
  /**
   * The VPC's IPv4 blocks that hold an application subnet, in the VPC's order: where endpoint subnets are carved first
   * (see carveEndpointBlocks). The VPC's other blocks are often EKS pod ranges or non-routable space.
   */
  readonly appIpv4Blocks: readonly string[];
  /** The application subnets' CIDRs (IPv4 and IPv6), admitted on TCP 443 by the managed group. Sorted, unique. */
  readonly ingressCidrs: readonly string[];
  readonly interfaceEndpoints: readonly DesiredInterfaceEndpoint[];
  readonly gatewayEndpoints: readonly DesiredGatewayEndpoint[];
  /** Foreign private-DNS endpoints left as they are and reported (ExistingEndpoints: reuse). */
  readonly reusedEndpoints: readonly { service: string; shortName: string; endpointId: string; dnsNames: readonly string[] }[];
  /**
   * Services left to a central endpoint because a private hosted zone for their DNS name is associated with the VPC
   * (ExistingEndpoints: reuse): no endpoint here, reported in Notes.
   */
  readonly centralisedServices: readonly { service: string; shortName: string; zone: ObservedHostedZone }[];
  /**
   * Interface services whose catalogue entry gives no private DNS name (DescribeVpcEndpointServices: no
   * `PrivateDnsName(s)`), asked for with PrivateDnsEnabled: their endpoints get private DNS off, reported in Notes.
   */
  readonly servicesWithoutPrivateDns: readonly string[];
  /** Route tables left alone because another gateway endpoint already serves the service there. */
  readonly skippedRouteTables: readonly { service: string; routeTableId: string; endpointId: string }[];
  /** Interface services not offered in some endpoint AZs, with those AZs. */
  readonly serviceAzGaps: readonly { service: string; missingAzIds: readonly string[] }[];
  /** Interface services that cannot use the requested IP address type and use another. */
  readonly ipTypeFallbacks: readonly { service: string; requested: IpAddressType; used: IpAddressType }[];
}

/** The minimal S3 policy that lets ECR pull image layers (aws-facts, "Gateway endpoints"). */
export function ecrLayersOnlyPolicy(partition: string, region: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEcrImageLayers',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`,
      },
    ],
  });
}

export function desiredState(spec: EndpointSpec, observation: Observation, owner: Owner): DesiredState {
  const appAzIds = [...new Set(observation.appSubnets.map((subnet) => subnet.azId))].sort();
  const ingressCidrs = [...new Set(observation.appSubnets.flatMap((subnet) => [subnet.cidr, ...subnet.ipv6Cidrs]))]
    .filter((cidr) => cidr !== '')
    .sort();
  const foreign = observation.endpoints.filter((endpoint) => !isOwnedBy(endpoint.tags, owner));

  const interfaceEndpoints: DesiredInterfaceEndpoint[] = [];
  const reusedEndpoints: DesiredState['reusedEndpoints'][number][] = [];
  const centralisedServices: DesiredState['centralisedServices'][number][] = [];
  const serviceAzGaps: DesiredState['serviceAzGaps'][number][] = [];
  const ipTypeFallbacks: DesiredState['ipTypeFallbacks'][number][] = [];
  const servicesWithoutPrivateDns: string[] = [];
  for (const service of spec.interfaceServices) {
    const offering = observation.interfaceOfferings.get(service);
    if (!offering) continue;
    const shortName = shortServiceName(offering.serviceName, observation.region);
    // Private DNS is what the catalogue says it is: a service without a private DNS name cannot take it, and asking
    // would fail CreateVpcEndpoint (aws-facts, "Interface endpoints").
    const privateDnsEnabled = spec.privateDnsEnabled && offering.privateDnsName !== undefined;
    if (spec.privateDnsEnabled && !privateDnsEnabled) servicesWithoutPrivateDns.push(service);
    const existing = privateDnsEnabled ? conflictingPrivateDnsEndpoint(foreign, offering) : undefined;
    if (existing && spec.existingEndpoints === 'reuse') {
      reusedEndpoints.push({ service, shortName, endpointId: existing.endpointId, dnsNames: existing.dnsNames });
      continue;
    }
    const zone = privateDnsEnabled ? conflictingHostedZone(observation, offering, owner) : undefined;
    if (zone && spec.existingEndpoints === 'reuse') {
      centralisedServices.push({ service, shortName, zone });
      continue;
    }
    const offeredAzIds = appAzIds.filter((azId) => offering.azIds.includes(azId));
    const missingAzIds = appAzIds.filter((azId) => !offering.azIds.includes(azId));
    if (missingAzIds.length > 0) serviceAzGaps.push({ service, missingAzIds });
    const addressing = chooseAddressing(spec.ipAddressType, offering);
    if (spec.ipAddressType !== 'ipv4' && addressing?.ipAddressType === 'ipv4') {
      ipTypeFallbacks.push({ service, requested: spec.ipAddressType, used: 'ipv4' });
    }
    interfaceEndpoints.push({
      service,
      shortName,
      offering,
      azIds: offeredAzIds,
      addressing: spec.ipAddressType === 'ipv4' ? undefined : addressing,
      policyDocument: spec.endpointPolicies[service],
      privateDnsEnabled,
    });
  }

  const appRouteTables = routeTablesOfAppSubnets(observation);
  const gatewayEndpoints: DesiredGatewayEndpoint[] = [];
  const skippedRouteTables: DesiredState['skippedRouteTables'][number][] = [];
  for (const service of spec.gatewayServices) {
    const offering = observation.gatewayOfferings.get(service);
    if (!offering) continue;
    const routeTableIds: string[] = [];
    for (const routeTableId of appRouteTables) {
      // Only one gateway endpoint per service per route table (aws-facts): another one's table is left alone.
      const other = foreign.find(
        (endpoint) => endpoint.type === 'Gateway' && endpoint.serviceName === offering.serviceName && endpoint.routeTableIds.includes(routeTableId),
      );
      if (other) skippedRouteTables.push({ service, routeTableId, endpointId: other.endpointId });
      else routeTableIds.push(routeTableId);
    }
    const shortName = shortServiceName(offering.serviceName, observation.region);
    const policyDocument =
      spec.endpointPolicies[service] ??
      (shortName === 's3' && spec.s3GatewayPolicy === 'ecr-layers-only' ? ecrLayersOnlyPolicy(observation.partition, observation.region) : undefined);
    gatewayEndpoints.push({ service, shortName, offering, routeTableIds, policyDocument });
  }

  const azIds = [...new Set(interfaceEndpoints.flatMap((endpoint) => endpoint.azIds))].sort();
  return {
    appAzIds,
    azIds,
    appIpv4Blocks: appIpv4Blocks(observation),
    ingressCidrs,
    interfaceEndpoints: withInboundResolverOnly(spec, interfaceEndpoints, gatewayEndpoints),
    gatewayEndpoints,
    reusedEndpoints,
    centralisedServices,
    servicesWithoutPrivateDns,
    skippedRouteTables,
    serviceAzGaps,
    ipTypeFallbacks,
  };
}

/**
 * With private DNS, EC2 defaults PrivateDnsOnlyForInboundResolverEndpoint to true for a service offered as both types
 * (s3), and true needs a gateway endpoint for the service in the VPC (aws-facts, "Interface endpoints"). It is true when
 * this resource keeps its own gateway endpoint for the service (in-VPC traffic then takes the free gateway), false
 * otherwise: another team's gateway may go at any time, and EC2 would refuse its owner the deletion while our interface
 * endpoint depended on it.
 */
function withInboundResolverOnly(
  spec: EndpointSpec,
  interfaceEndpoints: readonly DesiredInterfaceEndpoint[],
  gatewayEndpoints: readonly DesiredGatewayEndpoint[],
): DesiredInterfaceEndpoint[] {
  return interfaceEndpoints.map((endpoint) => {
    if (!endpoint.privateDnsEnabled || endpoint.offering.offeredAsGateway !== true) return endpoint;
    const ownGateway = gatewayEndpoints.some((gateway) => gateway.offering.serviceName === endpoint.offering.serviceName && gateway.routeTableIds.length > 0);
    return { ...endpoint, privateDnsOnlyForInboundResolverEndpoint: ownGateway };
  });
}

/**
 * A Route 53 private hosted zone associated with the VPC and named after the service's private DNS name: EC2 then refuses
 * private DNS with "conflicting DNS domain" (aws-facts, "Interface endpoints"). Not a conflict for a service whose own
 * endpoint already has private DNS on (it holds the name; nothing is asked of EC2 again). Only a zone of exactly that
 * name counts: whether a zone for a parent domain (`us-east-1.amazonaws.com`) conflicts is undocumented, and refusing a
 * valid Create (or leaving a service without an endpoint under `reuse`) on a guess is worse than letting EC2 decide; if
 * EC2 does refuse, its answer is recognised as the same conflict (isPrivateDnsConflict).
 */
export function conflictingHostedZone(observation: Observation, offering: ObservedService, owner: Owner): ObservedHostedZone | undefined {
  if (offering.privateDnsName === undefined || observation.privateHostedZones === undefined) return undefined;
  const holdsName = observation.endpoints.some(
    (endpoint) => isOwnedBy(endpoint.tags, owner) && endpoint.type === 'Interface' && endpoint.serviceName === offering.serviceName && endpoint.privateDnsEnabled,
  );
  if (holdsName) return undefined;
  const domain = `${offering.privateDnsName.replace(/^\*\./, '')}.`.toLowerCase();
  return observation.privateHostedZones.find((zone) => (zone.name.endsWith('.') ? zone.name : `${zone.name}.`).toLowerCase() === domain);
}

/** A foreign endpoint that holds the service's private DNS name in this VPC: only one may (aws-facts). */
export function conflictingPrivateDnsEndpoint(foreign: readonly ObservedEndpoint[], offering: ObservedService): ObservedEndpoint | undefined {
  return foreign.find(
    (endpoint) =>
      endpoint.type === 'Interface' && endpoint.serviceName === offering.serviceName && endpoint.privateDnsEnabled && endpoint.state !== 'deleting',
  );
}

/** How an interface endpoint is addressed: its network interfaces' IP type and the DNS records it publishes. */
export interface EndpointAddressing {
  readonly ipAddressType: 'ipv4' | 'dualstack';
  readonly dnsRecordIpType: 'ipv4' | 'dualstack' | 'ipv6';
}

/**
 * The addressing an interface endpoint can use. EC2 lists a service's `SupportedIpAddressTypes` as `ipv4` and, where
 * it takes IPv6, `ipv6`. `dualstack` gives the endpoint both and publishes A and AAAA records; `ipv6` does the same but
 * publishes AAAA records only, for IPv6-only clients (endpoint ENIs of IpAddressType `ipv6` would need IPv6-only
 * subnets, and dual-stack endpoint subnets keep an IPv4 fallback open). A service without IPv6 falls back to ipv4
 * under `dualstack` (reported) and cannot be served under `ipv6`: undefined, a preflight failure.
 */
export function chooseAddressing(requested: IpAddressType, offering: ObservedService): EndpointAddressing | undefined {
  const takesIpv6 = offering.supportedIpAddressTypes.includes('ipv6');
  if (requested === 'ipv4') return { ipAddressType: 'ipv4', dnsRecordIpType: 'ipv4' };
  if (!takesIpv6) return requested === 'dualstack' ? { ipAddressType: 'ipv4', dnsRecordIpType: 'ipv4' } : undefined;
  return { ipAddressType: 'dualstack', dnsRecordIpType: requested === 'ipv6' ? 'ipv6' : 'dualstack' };
}

/** The VPC's IPv4 blocks that contain at least one application subnet's IPv4 CIDR, in the VPC's order. */
export function appIpv4Blocks(observation: Observation): string[] {
  const appCidrs = observation.appSubnets.flatMap((subnet) => {
    const cidr = tryParseCidr(subnet.cidr);
    return cidr?.version === 4 ? [cidr] : [];
  });
  return (observation.vpc?.ipv4Blocks ?? []).filter((text) => {
    const block = tryParseCidr(text);
    return block !== undefined && appCidrs.some((cidr) => cidrContains(block, cidr));
  });
}

/** The route table of each app subnet: its explicit association, else the VPC's main table (aws-facts). Sorted, unique. */
export function routeTablesOfAppSubnets(observation: Observation): string[] {
  const main = observation.routeTables.find((table) => table.isMain);
  const tables = new Set<string>();
  for (const subnet of observation.appSubnets) {
    const explicit = observation.routeTables.find((table) => table.subnetIds.includes(subnet.subnetId));
    const table = explicit ?? main;
    if (table) tables.add(table.routeTableId);
  }
  return [...tables].sort();
}
