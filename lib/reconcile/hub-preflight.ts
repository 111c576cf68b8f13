/**
 * The checks before any write that only a hub (DnsMode "HostedZones") needs. Pure.
 */
import { servicesWithoutZoneNames } from '../centralised/zone-names';
import type { DesiredState } from './desired';
import { conflictingPrivateDnsEndpoint } from './desired';
import type { Observation } from './observed';
import { isOwnedBy, type Owner } from './ownership';

/**
 * Every reason the VPC cannot be a hub for the desired services: a service without a private DNS name (no zone can be
 * named for it); another endpoint with private DNS on for a service in the VPC (Route 53 refuses a private zone of that
 * name in the VPC: ConflictingDomainExists, API reference CreateHostedZone); the VPC's DNS attributes off (a private
 * zone answers only in a VPC with enableDnsSupport and enableDnsHostnames on, Route 53 Developer Guide, "Working with
 * private hosted zones").
 */
export function hubPreflightProblems(observation: Observation, desired: DesiredState, owner: Owner): string[] {
  const problems = servicesWithoutZoneNames(
    desired.interfaceEndpoints.map((endpoint) => ({ service: endpoint.service, privateDnsNames: endpoint.offering.privateDnsNames ?? [endpoint.offering.privateDnsName ?? ''] })),
  );
  const foreign = observation.endpoints.filter((endpoint) => !isOwnedBy(endpoint.tags, owner));
  for (const endpoint of desired.interfaceEndpoints) {
    const holder = conflictingPrivateDnsEndpoint(foreign, endpoint.offering);
    if (holder === undefined) continue;
    problems.push(
      `InterfaceServices: "${endpoint.service}" already has an endpoint with private DNS on in this VPC (${holder.endpointId}), so Route 53 refuses a hub zone of its name (ConflictingDomainExists). ` +
        'Remove the service from this hub, or turn that endpoint\'s private DNS off (or delete it) first.',
    );
  }
  const vpc = observation.vpc;
  const off = [vpc?.enableDnsSupport === false ? 'enableDnsSupport' : undefined, vpc?.enableDnsHostnames === false ? 'enableDnsHostnames' : undefined].filter(
    (name) => name !== undefined,
  );
  if (vpc && desired.interfaceEndpoints.length > 0 && off.length > 0) {
    problems.push(
      `VPC ${vpc.vpcId} has ${off.join(' and ')} turned off; a hub's private hosted zones answer only in a VPC with enableDnsSupport and enableDnsHostnames both on. Ask the VPC's owner to turn ${off.length === 1 ? 'it' : 'them'} on.`,
    );
  }
  return problems;
}
