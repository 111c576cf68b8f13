import type { Observation, ObservedEndpoint, ObservedService } from './observed';
import { isOwnedBy, type Owner } from './ownership';
import { shortServiceName } from './services';
import type { EndpointSpec, IpAddressType } from './spec';

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
  /** Undefined means EC2's default (ipv4). */
  readonly ipAddressType?: IpAddressType;
  readonly policyDocument?: string;
}

export interface DesiredGatewayEndpoint {
  readonly service: string;
  readonly shortName: string;
  readonly offering: ObservedService;
  readonly routeTableIds: readonly string[];
  readonly policyDocument?: string;
}

export interface DesiredState {
  /** One endpoint subnet per AZ ID of the application subnets, sorted. */
  readonly azIds: readonly string[];
  /** The application subnets' CIDRs (IPv4 and IPv6), admitted on TCP 443 by the managed group. Sorted, unique. */
  readonly ingressCidrs: readonly string[];
  readonly interfaceEndpoints: readonly DesiredInterfaceEndpoint[];
  readonly gatewayEndpoints: readonly DesiredGatewayEndpoint[];
  /** Foreign private-DNS endpoints left as they are and reported (ExistingEndpoints: reuse). */
  readonly reusedEndpoints: readonly { service: string; shortName: string; endpointId: string; dnsNames: readonly string[] }[];
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
  const azIds = [...new Set(observation.appSubnets.map((subnet) => subnet.azId))].sort();
  const ingressCidrs = [...new Set(observation.appSubnets.flatMap((subnet) => [subnet.cidr, ...subnet.ipv6Cidrs]))]
    .filter((cidr) => cidr !== '')
    .sort();
  const foreign = observation.endpoints.filter((endpoint) => !isOwnedBy(endpoint.tags, owner));

  const interfaceEndpoints: DesiredInterfaceEndpoint[] = [];
  const reusedEndpoints: DesiredState['reusedEndpoints'][number][] = [];
  const serviceAzGaps: DesiredState['serviceAzGaps'][number][] = [];
  const ipTypeFallbacks: DesiredState['ipTypeFallbacks'][number][] = [];
  for (const service of spec.interfaceServices) {
    const offering = observation.interfaceOfferings.get(service);
    if (!offering) continue;
    const shortName = shortServiceName(offering.serviceName, observation.region);
    const existing = spec.privateDnsEnabled ? conflictingPrivateDnsEndpoint(foreign, offering) : undefined;
    if (existing && spec.existingEndpoints === 'reuse') {
      reusedEndpoints.push({ service, shortName, endpointId: existing.endpointId, dnsNames: existing.dnsNames });
      continue;
    }
    const offeredAzIds = azIds.filter((azId) => offering.azIds.includes(azId));
    const missingAzIds = azIds.filter((azId) => !offering.azIds.includes(azId));
    if (missingAzIds.length > 0) serviceAzGaps.push({ service, missingAzIds });
    const ipAddressType = chooseIpAddressType(spec.ipAddressType, offering);
    if (ipAddressType !== undefined && ipAddressType !== spec.ipAddressType) {
      ipTypeFallbacks.push({ service, requested: spec.ipAddressType, used: ipAddressType });
    }
    interfaceEndpoints.push({
      service,
      shortName,
      offering,
      azIds: offeredAzIds,
      ipAddressType: spec.ipAddressType === 'ipv4' ? undefined : ipAddressType,
      policyDocument: spec.endpointPolicies[service],
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

  return { azIds, ingressCidrs, interfaceEndpoints, gatewayEndpoints, reusedEndpoints, skippedRouteTables, serviceAzGaps, ipTypeFallbacks };
}

/** A foreign endpoint that holds the service's private DNS name in this VPC: only one may (aws-facts). */
export function conflictingPrivateDnsEndpoint(foreign: readonly ObservedEndpoint[], offering: ObservedService): ObservedEndpoint | undefined {
  return foreign.find(
    (endpoint) =>
      endpoint.type === 'Interface' && endpoint.serviceName === offering.serviceName && endpoint.privateDnsEnabled && endpoint.state !== 'deleting',
  );
}

/**
 * The IP address type an interface endpoint can use: the requested one when the service supports it, else the closest
 * that still gives clients IPv6 (ipv6 → dualstack). Undefined when the service supports no IPv6 at all while IPv6 was
 * asked for: a preflight failure, not a silent downgrade.
 */
export function chooseIpAddressType(requested: IpAddressType, offering: ObservedService): IpAddressType | undefined {
  const supported = offering.supportedIpAddressTypes;
  if (requested === 'ipv4') return 'ipv4';
  if (supported.includes(requested)) return requested;
  if (requested === 'ipv6' && supported.includes('dualstack')) return 'dualstack';
  return undefined;
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
