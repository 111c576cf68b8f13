/**
 * The checks CreateVpcEndpoint and ModifyVpcEndpoint share, each modelled on a documented EC2
 * behaviour (aws-facts.md, "Interface endpoints" and "Gateway endpoints").
 */
import { prefixListId, type EndpointServiceDefinition } from '../catalogue';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrorCode, simErrors } from '../errors';
import { appliedQuota } from '../quotas';
import { conflictingHostedZone } from '../route53';
import { checkPolicyDocument } from './policy-document';
import type { DnsRecordIpType, EndpointIpAddressType, EndpointRecord, RouteTableRecord, SecurityGroupRecord, SubnetRecord, VpcRecord } from '../state';

/** Endpoint policies are at most 20,480 characters (aws-facts.md, "Interface endpoints"). */
export const MAX_POLICY_LENGTH = 20_480;

/** The policy EC2 attaches when none is given: full access. */
export const FULL_ACCESS_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/** The subnets of an interface endpoint: in its VPC, one per AZ, each in an AZ the service is offered in. */
export function checkEndpointSubnets(
  ctx: ActionContext,
  vpc: VpcRecord,
  service: EndpointServiceDefinition,
  fullServiceName: string,
  subnetIds: readonly string[],
): SubnetRecord[] {
  const subnets = subnetIds.map((id) => endpointSubnet(ctx, id));
  const seenZones = new Map<string, string>();
  for (const subnet of subnets) {
    if (subnet.vpcId !== vpc.id) {
      throw simErrors.invalidParameter(`The subnet ID '${subnet.id}' does not belong to the VPC '${vpc.id}'.`);
    }
    // A participant cannot place endpoints in subnets shared with it (PrivateLink guide, "Shared subnets").
    if (subnet.ownerId !== ctx.account) throw simErrors.unauthorized();
    // At most one subnet per AZ per endpoint (aws-facts.md, "Interface endpoints").
    if (seenZones.has(subnet.zoneId)) {
      throw new Ec2SimError(
        'DuplicateSubnetsInSameZone',
        `Found another VPC endpoint subnet in the availability zone of ${subnet.id}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`,
      );
    }
    seenZones.set(subnet.zoneId, subnet.id);
    // Not every service is offered in every AZ (aws-facts.md, "Interface endpoints").
    if (service.zoneIds !== undefined && !service.zoneIds.includes(subnet.zoneId)) {
      throw simErrors.invalidParameter(`The VPC endpoint service ${fullServiceName} does not support the availability zone of the subnet: ${subnet.id}.`);
    }
  }
  return subnets;
}

/**
 * A subnet an endpoint call names. EC2 documents two spellings of the subnet's NotFound code, and the endpoint calls
 * answer the lower-case one (EC2 API reference, "Error codes"; terraform-provider-aws retries
 * `InvalidSubnetId.NotFound` on ModifyVpcEndpoint).
 */
function endpointSubnet(ctx: ActionContext, subnetId: string): SubnetRecord {
  try {
    return ctx.subnet(subnetId);
  } catch (error) {
    if (simErrorCode(error) === 'InvalidSubnetID.NotFound') throw new Ec2SimError('InvalidSubnetId.NotFound', (error as Error).message);
    throw error;
  }
}

/** Security groups for an interface endpoint: visible and in the endpoint's VPC. */
export function checkEndpointGroups(ctx: ActionContext, vpc: VpcRecord, groupIds: readonly string[]): SecurityGroupRecord[] {
  return groupIds.map((id) => {
    const group = ctx.securityGroup(id);
    if (group.vpcId !== vpc.id) {
      throw simErrors.invalidParameter(`The security group '${id}' does not belong to the VPC '${vpc.id}'.`);
    }
    return group;
  });
}

/**
 * IP address and DNS record types: IPv6 in any form needs a service that supports it and an IPv6
 * range in every subnet (aws-facts.md, "IP address types").
 */
export function checkIpTypes(
  service: EndpointServiceDefinition,
  fullServiceName: string,
  subnets: readonly SubnetRecord[],
  ipAddressType: EndpointIpAddressType,
  dnsRecordIpType: DnsRecordIpType,
): void {
  if (!['ipv4', 'dualstack', 'ipv6'].includes(ipAddressType)) {
    throw simErrors.invalidParameterValue(`Value (${ipAddressType}) for parameter IpAddressType is invalid.`);
  }
  if (!['ipv4', 'dualstack', 'ipv6', 'service-defined'].includes(dnsRecordIpType)) {
    throw simErrors.invalidParameterValue(`Value (${dnsRecordIpType}) for parameter DnsRecordIpType is invalid.`);
  }
  // IpAddressType ipv6 needs IPv6-only subnets (aws-facts.md, "IP address types"). The simulator makes no IPv6-only
  // subnets (Ipv6Native), so it refuses ipv6 wherever a subnet has an IPv4 range, as EC2 does.
  if (ipAddressType === 'ipv6') {
    const withIpv4 = subnets.find((subnet) => subnet.cidr !== '');
    if (withIpv4) throw simErrors.invalidParameter(`The subnet ${withIpv4.id} is not an IPv6-only subnet, which IP address type ipv6 requires.`);
  }
  // DnsRecordIpType service-defined needs IpAddressType dualstack (aws-facts.md, "IP address types").
  if (dnsRecordIpType === 'service-defined' && ipAddressType !== 'dualstack') {
    throw simErrors.invalidParameter(`DnsRecordIpType service-defined requires IpAddressType dualstack, not ${ipAddressType}.`);
  }
  if (ipAddressType !== 'ipv4') {
    if (!service.supportsIpv6) {
      throw simErrors.invalidParameter(`The VPC endpoint service ${fullServiceName} does not support the IP address type ${ipAddressType}.`);
    }
    const ipv4Only = subnets.find((subnet) => subnet.ipv6Block === undefined);
    if (ipv4Only) {
      throw simErrors.invalidParameter(`The subnet ${ipv4Only.id} does not have an IPv6 CIDR block, which IP address type ${ipAddressType} requires.`);
    }
  }
  const recordsNeedIpv6 = dnsRecordIpType === 'dualstack' || dnsRecordIpType === 'ipv6';
  const recordsNeedIpv4 = dnsRecordIpType === 'dualstack' || dnsRecordIpType === 'ipv4';
  if ((recordsNeedIpv6 && ipAddressType === 'ipv4') || (recordsNeedIpv4 && ipAddressType === 'ipv6')) {
    throw simErrors.invalidParameter(`DnsRecordIpType ${dnsRecordIpType} is not compatible with IpAddressType ${ipAddressType}.`);
  }
}

/**
 * Private DNS needs both VPC DNS attributes, and only one endpoint per service per VPC may hold the
 * private DNS name (aws-facts.md, "Interface endpoints").
 */
export function checkPrivateDns(
  ctx: ActionContext,
  vpc: VpcRecord,
  service: EndpointServiceDefinition,
  fullServiceName: string,
  exceptEndpointId?: string,
): void {
  // A service without a private DNS name cannot take private DNS (aws-facts.md, "Interface endpoints").
  if (service.privateDnsName === undefined) {
    throw simErrors.invalidParameter(`The VPC endpoint service ${fullServiceName} does not provide a private DNS name.`);
  }
  if (!vpc.dnsSupport || !vpc.dnsHostnames) {
    throw simErrors.invalidParameter(`Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.id}`);
  }
  const conflict = [...ctx.state.endpoints.values()].some(
    (other) =>
      other.id !== exceptEndpointId &&
      other.vpcId === vpc.id &&
      other.type === 'Interface' &&
      other.serviceName === fullServiceName &&
      other.privateDnsEnabled &&
      ctx.endpointIsLive(other),
  );
  const message = `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${service.privateDnsName} in the VPC ${vpc.id}`;
  if (conflict) throw simErrors.invalidParameter(message);
  // The same message when a Route 53 private hosted zone for the name is associated with the VPC, as when endpoints are
  // centralised in a shared-services VPC (aws-facts.md; AWS whitepaper "Centralized access to VPC private endpoints"),
  // under InvalidParameter or, as reported from a real account in 2026, ConflictingDomainExists (faults.ts).
  if (conflictingHostedZone(ctx, vpc.id, service.privateDnsName) !== undefined) {
    throw new Ec2SimError(ctx.env.faults.hostedZoneConflictCode ?? 'InvalidParameter', message);
  }
}

/** Route tables of a gateway endpoint: in its VPC, owned, and without a route to the service yet. */
export function checkGatewayRouteTables(
  ctx: ActionContext,
  vpc: VpcRecord,
  fullServiceName: string,
  routeTableIds: readonly string[],
  exceptEndpointId?: string,
): RouteTableRecord[] {
  return routeTableIds.map((id) => {
    const table = ctx.routeTable(id);
    if (table.vpcId !== vpc.id) throw simErrors.invalidParameter(`The route table '${id}' does not belong to the VPC '${vpc.id}'.`);
    // One gateway endpoint per service per route table (aws-facts.md, "Gateway endpoints").
    const taken = [...ctx.state.endpoints.values()].some(
      (other) =>
        other.id !== exceptEndpointId &&
        other.type === 'Gateway' &&
        other.serviceName === fullServiceName &&
        other.routeTableIds.includes(id) &&
        ctx.endpointIsLive(other),
    );
    if (taken) {
      throw new Ec2SimError('RouteAlreadyExists', `route table ${id} already has a route with destination-prefix-list-id ${prefixListId(fullServiceName)}`);
    }
    return table;
  });
}

/** A policy document: at most 20,480 characters, an IAM policy, and only where the service supports policies. */
export function checkPolicy(service: EndpointServiceDefinition, policy: string | undefined): void {
  if (policy === undefined) return;
  if (service.policySupported === false) throw simErrors.invalidParameter('The VPC endpoint service does not support endpoint policies.');
  if (policy.length > MAX_POLICY_LENGTH) {
    throw simErrors.invalidParameter(`The policy document exceeds the maximum length of ${MAX_POLICY_LENGTH} characters.`);
  }
  checkPolicyDocument(policy);
}

/** The quota on interface endpoints per VPC: 50 by default, adjustable (aws-facts.md, "Interface endpoints"). */
export function checkInterfaceQuota(ctx: ActionContext, vpc: VpcRecord): void {
  const max = appliedQuota(ctx.state, ctx.account, 'interfaceEndpointsPerVpc');
  const count = [...ctx.state.endpoints.values()].filter(
    (endpoint) => endpoint.vpcId === vpc.id && endpoint.type === 'Interface' && ctx.endpointIsLive(endpoint),
  ).length;
  if (count >= max) {
    throw new Ec2SimError('VpcEndpointLimitExceeded', `The maximum number of VPC endpoints (${max}) has been reached for VPC ${vpc.id}.`);
  }
}

/**
 * DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint of an interface endpoint. It applies to services offered as both
 * a Gateway and an Interface service (terraform-provider-aws #32355), defaults to true for them when private DNS is on,
 * and true then needs a Gateway endpoint for the service in the VPC (aws-facts.md; terraform-provider-aws #32407,
 * #33689). `current` is the endpoint's value on a modification (undefined on create).
 */
export function resolveInboundResolverOnly(
  ctx: ActionContext,
  vpc: VpcRecord,
  fullServiceName: string,
  privateDnsEnabled: boolean,
  requested: boolean | undefined,
  current: boolean | undefined,
): boolean {
  const offeredAsGateway = ctx.service(fullServiceName, 'Gateway') !== undefined;
  if (!offeredAsGateway) {
    // Only services with both endpoint types take the option (terraform-provider-aws #32355).
    if (requested === true) {
      throw simErrors.invalidParameter(`PrivateDnsOnlyForInboundResolverEndpoint is not supported for the VPC endpoint service ${fullServiceName}.`);
    }
    return false;
  }
  if (!privateDnsEnabled) return false;
  const value = requested ?? current ?? true;
  if (value && !hasUsableGatewayEndpoint(ctx, vpc.id, fullServiceName)) {
    throw simErrors.invalidParameter(
      `To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpc.id} must have a Gateway endpoint for the service.`,
    );
  }
  return value;
}

/** A Gateway endpoint for the service in the VPC that is not on its way out. */
function hasUsableGatewayEndpoint(ctx: ActionContext, vpcId: string, fullServiceName: string, exceptIds: ReadonlySet<string> = new Set()): boolean {
  return [...ctx.state.endpoints.values()].some(
    (other) =>
      !exceptIds.has(other.id) &&
      other.vpcId === vpcId &&
      other.type === 'Gateway' &&
      other.serviceName === fullServiceName &&
      ['pending', 'available'].includes(ctx.endpointPhase(other)),
  );
}

/**
 * Why EC2 refuses to delete a Gateway endpoint, or undefined: the last gateway for a service cannot go while an
 * interface endpoint of that service has PrivateDnsOnlyForInboundResolverEndpoint true (cloudposse/terraform-aws-vpc
 * #153 quotes EC2's message). `deletedIds` are the other endpoints of the same call: the simulator counts an interface
 * endpoint as depending on the gateway until it was deleting before the call (AWS does not document the same-call case).
 */
export function gatewayDeletionBlocker(ctx: ActionContext, gateway: EndpointRecord, deletedIds: ReadonlySet<string>): string | undefined {
  if (gateway.type !== 'Gateway') return undefined;
  if (hasUsableGatewayEndpoint(ctx, gateway.vpcId, gateway.serviceName, new Set([gateway.id, ...deletedIds]))) return undefined;
  const dependent = [...ctx.state.endpoints.values()].find(
    (other) =>
      other.vpcId === gateway.vpcId &&
      other.type === 'Interface' &&
      other.serviceName === gateway.serviceName &&
      other.privateDnsEnabled &&
      other.privateDnsOnlyForInboundResolverEndpoint &&
      ['pending', 'available'].includes(ctx.endpointPhase(other)),
  );
  return dependent === undefined
    ? undefined
    : `Gateway endpoint cannot be deleted while Interface endpoint ${dependent.id} for the service has PrivateDnsOnlyForInboundResolverEndpoint set to true.`;
}
