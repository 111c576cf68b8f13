import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import { servicesWithoutZoneNames } from '../centralised/zone-names';
import { chooseAddressing, conflictingHostedZone, conflictingPrivateDnsEndpoint, type DesiredState } from './desired';
import type { Observation, ObservedHostedZone, ObservedIpamPool } from './observed';
import { isOwnedBy, type Owner } from './ownership';
import { DEFAULT_QUOTAS, describeQuota, howToRaise, VPC_QUOTAS } from './quotas';
import type { EndpointSpec } from '../properties/spec';

/** Interface endpoints per VPC: the default quota (aws-facts, quotas); the applied one is read (lib/service-quotas.ts). */
export const INTERFACE_ENDPOINTS_PER_VPC = VPC_QUOTAS.interfaceEndpointsPerVpc.defaultValue;
/** Subnets per VPC: the default quota. */
export const SUBNETS_PER_VPC = VPC_QUOTAS.subnetsPerVpc.defaultValue;
/** Inbound rules per security group, for IPv4 and for IPv6 each: the default quota. */
export const INGRESS_RULES_PER_GROUP = VPC_QUOTAS.rulesPerSecurityGroup.defaultValue;

/**
 * Every reason the VPC cannot take the requested endpoints, found before anything is written. Each is a sentence that
 * names the resource and says what to do. Empty when the VPC is ready. Pure.
 */
export function preflightProblems(spec: EndpointSpec, observation: Observation, desired: DesiredState, owner: Owner): string[] {
  const problems: string[] = [];
  const { vpc, accountId, region } = observation;
  // Back from a hub to per-VPC private DNS: the zones must go before EC2 takes private DNS again, and consumers may hold
  // the hub; not handled yet, so refused before any write.
  if (spec.dnsMode !== 'HostedZones' && observation.ownedSecurityGroups.some((group) => group.tags[HUB_TAG_KEYS.hub] !== undefined)) {
    problems.push(
      'DnsMode: this resource is a hub (DnsMode "HostedZones"), and changing it back to "PrivateDns" is not available yet. ' +
        'Keep DnsMode "HostedZones", or replace the resource (delete it, then create it with "PrivateDns").',
    );
  }
  if (spec.dnsMode === 'HostedZones') {
    problems.push(
      ...servicesWithoutZoneNames(
        desired.interfaceEndpoints.map((endpoint) => ({ service: endpoint.service, privateDnsNames: endpoint.offering.privateDnsNames ?? [endpoint.offering.privateDnsName ?? ''] })),
      ),
    );
  }
  if (!vpc) {
    return [`VPC ${spec.vpcId} does not exist in account ${accountId} in ${region}. Check VpcId: the stack and the VPC must be in the same account and region.`];
  }
  if (vpc.ownerId !== accountId) {
    problems.push(
      `VPC ${vpc.vpcId} belongs to account ${vpc.ownerId} and is shared with account ${accountId} (AWS RAM); only the owner can add subnets to it. Deploy this resource in account ${vpc.ownerId}.`,
    );
  }
  for (const subnetId of observation.missingSubnetIds) {
    problems.push(`SubnetIds: subnet ${subnetId} does not exist in account ${accountId} in ${region}.`);
  }
  for (const { subnetId, vpcId } of observation.subnetsInOtherVpcs) {
    problems.push(`SubnetIds: subnet ${subnetId} is in ${vpcId}, not in ${vpc.vpcId}. List only subnets of the VPC.`);
  }
  for (const subnet of observation.appSubnets) {
    if (subnet.ownerId !== accountId && vpc.ownerId === accountId) {
      problems.push(`SubnetIds: subnet ${subnet.subnetId} belongs to account ${subnet.ownerId} (shared through AWS RAM); only its owner can place endpoints for it.`);
    }
  }

  // Every endpoint ENI takes the managed group and each extra one: L-2AFB9258 (5 by default, adjustable to 16).
  const groupsPerInterface = (observation.quotas ?? DEFAULT_QUOTAS).securityGroupsPerInterface;
  if (spec.securityGroupIds.length > 0 && spec.securityGroupIds.length + 1 > groupsPerInterface.value) {
    problems.push(
      `SecurityGroupIds lists ${spec.securityGroupIds.length} security groups; with the group this resource manages each endpoint takes ${spec.securityGroupIds.length + 1}, and ${describeQuota(observation.quotas ?? DEFAULT_QUOTAS, 'securityGroupsPerInterface', 'security groups per network interface')}. List at most ${groupsPerInterface.value - 1}, or ${howToRaise('securityGroupsPerInterface')}.`,
    );
  }
  for (const groupId of spec.securityGroupIds) {
    const group = observation.extraSecurityGroups.find((candidate) => candidate.groupId === groupId);
    if (!group) problems.push(`SecurityGroupIds: security group ${groupId} does not exist in account ${accountId} in ${region}.`);
    else if (group.vpcId !== vpc.vpcId) problems.push(`SecurityGroupIds: security group ${groupId} is in ${group.vpcId}, not in ${vpc.vpcId}. List only groups of the VPC.`);
  }

  if (desired.interfaceEndpoints.some((endpoint) => endpoint.privateDnsEnabled)) {
    const off = [
      vpc.enableDnsSupport === false ? 'enableDnsSupport' : undefined,
      vpc.enableDnsHostnames === false ? 'enableDnsHostnames' : undefined,
    ].filter((name) => name !== undefined);
    if (off.length > 0) {
      problems.push(
        `VPC ${vpc.vpcId} has ${off.join(' and ')} turned off; private DNS for interface endpoints needs enableDnsSupport and enableDnsHostnames both on. Ask the VPC's owner to turn ${off.length === 1 ? 'it' : 'them'} on, or set PrivateDnsEnabled to false.`,
      );
    }
  }

  for (const { requested, type, offeredTypes, suggestion } of observation.unresolvedServices) {
    const property = type === 'Interface' ? 'InterfaceServices' : 'GatewayServices';
    if (offeredTypes.length === 0) {
      const hint = suggestion === undefined ? `Check the name (for example "ecr.dkr" or "com.amazonaws.${region}.ecr.dkr").` : `Did you mean "${suggestion}"?`;
      problems.push(`${property}: "${requested}" is not an endpoint service in ${region}. ${hint}`);
    } else {
      const other = offeredTypes[0] === 'Interface' ? 'InterfaceServices' : 'GatewayServices';
      problems.push(`${property}: "${requested}" offers no ${type} endpoint in ${region} (it offers ${offeredTypes.join(' and ')}). Move it to ${other}.`);
    }
  }

  if (observation.appSubnets.length > 0) {
    for (const endpoint of desired.interfaceEndpoints) {
      if (endpoint.azIds.length === 0) {
        problems.push(
          `InterfaceServices: "${endpoint.service}" is not offered in any AZ of the application subnets (${desired.appAzIds.join(', ')}); it is offered in ${endpoint.offering.azIds.join(', ') || 'no AZ'}.`,
        );
      }
    }
  }

  if (spec.privateDnsEnabled && spec.existingEndpoints === 'fail') {
    const foreign = observation.endpoints.filter((endpoint) => !isOwnedBy(endpoint.tags, owner));
    for (const service of spec.interfaceServices) {
      const offering = observation.interfaceOfferings.get(service);
      const conflict = offering && conflictingPrivateDnsEndpoint(foreign, offering);
      if (conflict) {
        problems.push(
          `InterfaceServices: endpoint ${conflict.endpointId}, not created by this resource, already serves ${offering.serviceName} with private DNS in ${vpc.vpcId}; only one may. Remove "${service}" from InterfaceServices, set ExistingEndpoints to reuse, or set PrivateDnsEnabled to false.`,
        );
      }
    }
  }

  if (spec.privateDnsEnabled && spec.existingEndpoints === 'fail') {
    for (const service of spec.interfaceServices) {
      const offering = observation.interfaceOfferings.get(service);
      const zone = offering && conflictingHostedZone(observation, offering, owner);
      if (zone) problems.push(privateDnsConflictReason(service, vpc.vpcId, zone));
    }
  }

  problems.push(...gatewayDependencyProblems(observation, desired, owner));

  if (spec.ipAddressType !== 'ipv4') {
    if (vpc.ipv6Blocks.length === 0) {
      problems.push(`IpAddressType is ${spec.ipAddressType} but VPC ${vpc.vpcId} has no IPv6 CIDR block. Associate an IPv6 block with the VPC, or set IpAddressType to ipv4.`);
    }
    for (const service of spec.interfaceServices) {
      const offering = observation.interfaceOfferings.get(service);
      if (offering && chooseAddressing(spec.ipAddressType, offering) === undefined) {
        problems.push(`InterfaceServices: "${service}" supports no IPv6 (only ${offering.supportedIpAddressTypes.join(', ')}), so IPv6-only clients cannot reach it. Remove it, or set IpAddressType to dualstack (it then falls back to ipv4) or ipv4.`);
      }
    }
  }
  if (spec.cidrRange !== undefined && spec.ipv4IpamPoolId !== undefined) {
    problems.push('CidrRange and Ipv4IpamPoolId cannot be combined.');
  }
  if (observation.ipamPool) problems.push(...ipamPoolProblems(observation.ipamPool, vpc.vpcId, accountId, region));

  const quotas = observation.quotas ?? DEFAULT_QUOTAS;
  const ownedInterfaceEndpoints = observation.endpoints.filter((endpoint) => endpoint.type === 'Interface' && isOwnedBy(endpoint.tags, owner)).length;
  const otherInterfaceEndpoints = observation.endpoints.filter((endpoint) => endpoint.type === 'Interface').length - ownedInterfaceEndpoints;
  if (otherInterfaceEndpoints + desired.interfaceEndpoints.length > quotas.interfaceEndpointsPerVpc.value) {
    problems.push(
      `VPC ${vpc.vpcId} already has ${otherInterfaceEndpoints} interface endpoints of others; ${desired.interfaceEndpoints.length} more would exceed ${describeQuota(quotas, 'interfaceEndpointsPerVpc', 'per VPC')}. Request fewer InterfaceServices, or ${howToRaise('interfaceEndpointsPerVpc')}.`,
    );
  }
  const ownedSubnets = observation.vpcSubnets.filter((subnet) => isOwnedBy(subnet.tags, owner));
  const newSubnets = desired.azIds.filter((azId) => !ownedSubnets.some((subnet) => subnet.azId === azId)).length;
  if (observation.vpcSubnets.length + newSubnets > quotas.subnetsPerVpc.value) {
    problems.push(
      `VPC ${vpc.vpcId} has ${observation.vpcSubnets.length} subnets; ${newSubnets} endpoint subnets more would exceed ${describeQuota(quotas, 'subnetsPerVpc', 'per VPC')}. ${capitalised(howToRaise('subnetsPerVpc'))}, or list application subnets in fewer AZs.`,
    );
  }
  if (desired.interfaceEndpoints.length > 0) {
    // The rule quota counts IPv4 and IPv6 rules separately (aws-facts, "Security groups").
    const ipv6 = desired.ingressCidrs.filter((cidr) => cidr.includes(':')).length;
    const ipv4 = desired.ingressCidrs.length - ipv6;
    const limit = quotas.rulesPerSecurityGroup.value;
    for (const [family, count] of [['IPv4', ipv4], ['IPv6', ipv6]] as const) {
      if (count <= limit) continue;
      problems.push(
        `The application subnets have ${count} ${family} CIDR blocks; the endpoints' security group admits each with one rule, and ${describeQuota(quotas, 'rulesPerSecurityGroup', `${family} rules per group`)}. List fewer SubnetIds, or ${howToRaise('rulesPerSecurityGroup')}.`,
      );
    }
  }
  for (const subnet of ownedSubnets) {
    if (!desired.azIds.includes(subnet.azId)) continue;
    if (spec.ipAddressType !== 'ipv4' && subnet.ipv6Cidrs.length === 0) {
      problems.push(
        `Endpoint subnet ${subnet.subnetId} (${subnet.azId}) was created without an IPv6 range, and IpAddressType ${spec.ipAddressType} needs one; existing endpoint subnets are not re-addressed in place. Replace the resource (a new logical ID) to switch it to ${spec.ipAddressType}, or keep IpAddressType ipv4.`,
      );
    }
    const endpointsHere = desired.interfaceEndpoints.filter((endpoint) => endpoint.azIds.includes(subnet.azId));
    const alreadyHere = observation.endpoints.filter(
      (endpoint) => endpoint.type === 'Interface' && isOwnedBy(endpoint.tags, owner) && endpoint.subnetIds.includes(subnet.subnetId),
    ).length;
    const needed = endpointsHere.length - alreadyHere;
    if (needed > subnet.availableIpAddressCount) {
      problems.push(
        `Endpoint subnet ${subnet.subnetId} (${subnet.cidr}, ${subnet.azId}) has ${subnet.availableIpAddressCount} free addresses but ${needed} more endpoints need one each. Existing endpoint subnets keep their size; request fewer InterfaceServices, or replace the resource (a new logical ID) with a smaller SubnetPrefixLength.`,
      );
    }
  }
  return problems;
}

/**
 * Only a resource planning pool whose source resource is this VPC can give its subnets their blocks (aws-facts, "IPAM"):
 * any other pool would fail at CreateSubnet, after other writes.
 */
function ipamPoolProblems(pool: ObservedIpamPool, vpcId: string, accountId: string, region: string): string[] {
  const property = `Ipv4IpamPoolId ${pool.poolId}`;
  const instead = `Create a resource planning pool with ${vpcId} as its source resource (IPAM console: "Plan IP space within a VPC"; CreateIpamPool with SourceResource ResourceType=vpc, ResourceId=${vpcId}), provision it with CIDRs from the VPC, and name that pool; or leave Ipv4IpamPoolId out to carve endpoint subnets from the VPC.`;
  if (pool.status === 'missing') {
    return [`${property} does not exist in account ${accountId} in ${region}, or is not shared with it. Check the pool ID. ${instead}`];
  }
  if (pool.status === 'unchecked') return [];
  if (pool.addressFamily !== undefined && pool.addressFamily !== 'ipv4') {
    return [`${property} is an ${pool.addressFamily} pool; endpoint subnets take their IPv4 block from an IPv4 pool. ${instead}`];
  }
  const source = pool.sourceResource;
  if (source === undefined) {
    const kind = pool.locale !== undefined && pool.locale !== 'None' ? `a regional pool (locale ${pool.locale})` : 'a top-level pool (no locale)';
    return [`${property} is ${kind}, not a resource planning pool: subnets can only be allocated from a resource planning pool with ${vpcId} as its source resource. ${instead}`];
  }
  if (source.resourceType !== 'vpc' || source.resourceId !== vpcId) {
    return [`${property} is a resource planning pool of ${source.resourceId}, not of ${vpcId}. ${instead}`];
  }
  return [];
}

/**
 * Why a service cannot have private DNS in the VPC because a Route 53 private hosted zone holds its name, and the
 * choices. Without the zone (Route 53 not asked, EC2 refused) the reason names both possible holders.
 */
export function privateDnsConflictReason(service: string, vpcId: string, zone?: ObservedHostedZone): string {
  const holder = zone
    ? `the Route 53 private hosted zone ${zone.zoneId} (${zone.name}${zone.owner ? `, owned by ${zone.owner}` : ''}) is associated with ${vpcId}, as when endpoints are centralised in a shared-services VPC`
    : `EC2 reports a conflicting DNS domain in ${vpcId}: a Route 53 private hosted zone for the service's name is associated with the VPC (endpoints centralised in a shared-services VPC), or another endpoint holds it`;
  return `InterfaceServices: "${service}" cannot get private DNS: ${holder}. Set PrivateDnsEnabled to false, set ExistingEndpoints to reuse to leave "${service}" to the central endpoint (reported in Notes), or remove it from InterfaceServices.`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** EC2's own refusal at a quota (a race, or a quota that could not be read), as a reason naming the quota. */
export function quotaExceededReason(quota: keyof typeof VPC_QUOTAS, what: string, error: string): string {
  return `${what}: ${error}. The account is at its quota "${VPC_QUOTAS[quota].name}"; ${howToRaise(quota)}, or ask for less.`;
}

/**
 * EC2 refuses to delete the last gateway endpoint of a service while an interface endpoint of it has
 * PrivateDnsOnlyForInboundResolverEndpoint true (aws-facts; cloudposse/terraform-aws-vpc #153). This resource turns the
 * option off on its own interface endpoints first (plan.ts), but another team's is not ours to change: removing the
 * gateway under it would fail after other writes, so it is refused here, naming that endpoint.
 */
function gatewayDependencyProblems(observation: Observation, desired: DesiredState, owner: Owner): string[] {
  const live = observation.endpoints.filter((endpoint) => ['pending', 'available'].includes(endpoint.state));
  const kept = new Set(desired.gatewayEndpoints.filter((wanted) => wanted.routeTableIds.length > 0).map((wanted) => wanted.offering.serviceName));
  const problems: string[] = [];
  for (const gateway of live.filter((endpoint) => endpoint.type === 'Gateway' && isOwnedBy(endpoint.tags, owner) && !kept.has(endpoint.serviceName))) {
    const anotherGateway = live.some((other) => other.type === 'Gateway' && other.serviceName === gateway.serviceName && !isOwnedBy(other.tags, owner));
    if (anotherGateway) continue;
    const dependent = live.find(
      (other) =>
        other.type === 'Interface' &&
        other.serviceName === gateway.serviceName &&
        !isOwnedBy(other.tags, owner) &&
        other.privateDnsEnabled &&
        other.privateDnsOnlyForInboundResolverEndpoint === true,
    );
    if (dependent) {
      problems.push(
        `GatewayServices: the ${gateway.serviceName} gateway endpoint ${gateway.endpointId} cannot be removed: endpoint ${dependent.endpointId}, not created by this resource, has PrivateDnsOnlyForInboundResolverEndpoint set to true and relies on it, and EC2 refuses to delete the VPC's last gateway endpoint for the service while it does. Keep the service in GatewayServices, or ask that endpoint's owner to turn the option off first.`,
      );
    }
  }
  return problems;
}
