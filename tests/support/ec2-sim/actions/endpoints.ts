import type { CreateVpcEndpointRequest, DeleteVpcEndpointsRequest, ModifyVpcEndpointRequest, UnsuccessfulItem } from '@aws-sdk/client-ec2';
import type { EndpointServiceDefinition } from '../catalogue';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrors } from '../errors';
import { distinct, list, required } from '../input';
import type { DnsRecordIpType, EndpointIpAddressType, EndpointRecord, EndpointType, VpcRecord } from '../state';
import { tagsFromSpecifications } from '../tags';
import { action, type ActionTable } from './action';
import {
  FULL_ACCESS_POLICY,
  checkEndpointGroups,
  checkEndpointSubnets,
  checkGatewayRouteTables,
  checkInterfaceQuota,
  checkIpTypes,
  checkPolicy,
  checkPrivateDns,
  gatewayDeletionBlocker,
  resolveInboundResolverOnly,
} from './endpoint-rules';
import { endpointView } from './endpoint-views';
import { createEndpointEni, enisOfEndpoint } from './network-interfaces';

export const endpointActions: ActionTable = {
  CreateVpcEndpoint: action<CreateVpcEndpointRequest>((ctx, input) => {
    const token = input.ClientToken;
    const replay = token === undefined ? undefined : replayClientToken(ctx, token, input);
    if (replay) return { VpcEndpoint: endpointView(ctx, replay), ClientToken: token };

    const vpc = ctx.vpc(required(input.VpcId, 'VpcId'));
    const type = endpointType(input.VpcEndpointType);
    const name = required(input.ServiceName, 'ServiceName');
    const service = ctx.service(name, type);
    if (!service) throw new Ec2SimError('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);
    // A participant cannot create endpoints in shared subnets (PrivateLink guide, "Shared subnets").
    if (vpc.ownerId !== ctx.account) throw simErrors.unauthorized();
    const tags = tagsFromSpecifications(input.TagSpecifications, 'vpc-endpoint');
    checkPolicy(service, input.PolicyDocument);

    const endpoint = type === 'Interface' ? newInterfaceEndpoint(ctx, vpc, service, name, input) : newGatewayEndpoint(ctx, vpc, name, input);
    for (const [key, value] of tags) endpoint.tags.set(key, value);
    // Fault injection: the state this endpoint reaches instead of `available` (faults.ts, EndpointFate).
    const fate = ctx.env.faults.endpointFate?.({ serviceName: name, type });
    if (typeof fate === 'string') endpoint.fate = fate;
    else if (fate !== undefined) Object.assign(endpoint, { fate: fate.state, lastError: fate.lastError, failureReason: fate.failureReason });
    ctx.state.endpoints.set(endpoint.id, endpoint);
    if (type === 'Interface') {
      for (const subnetId of endpoint.subnetIds) createEndpointEni(ctx, endpoint, ctx.subnet(subnetId));
    }
    // EC2 remembers a client token long after the resource is gone (aws-facts.md, "Interface endpoints").
    if (token !== undefined) ctx.state.clientTokens.set(tokenKey(ctx, token), { endpointId: endpoint.id, fingerprint: fingerprint(input) });
    return { VpcEndpoint: endpointView(ctx, endpoint), ClientToken: token };
  }),

  ModifyVpcEndpoint: action<ModifyVpcEndpointRequest>((ctx, input) => {
    const endpoint = ctx.endpoint(required(input.VpcEndpointId, 'VpcEndpointId'));
    const phase = ctx.endpointPhase(endpoint);
    if (phase !== 'pending' && phase !== 'available') {
      throw new Ec2SimError('IncorrectState', `The VPC endpoint ${endpoint.id} is in state ${phase} and cannot be modified.`);
    }
    const vpc = ctx.vpc(endpoint.vpcId);
    const service = ctx.service(endpoint.serviceName, endpoint.type) as EndpointServiceDefinition;
    if (input.ResetPolicy && input.PolicyDocument !== undefined) {
      throw new Ec2SimError('InvalidParameterCombination', 'PolicyDocument and ResetPolicy cannot be used together.');
    }
    checkPolicy(service, input.PolicyDocument);
    if (endpoint.type === 'Interface') modifyInterfaceEndpoint(ctx, vpc, service, endpoint, input);
    else modifyGatewayEndpoint(ctx, vpc, endpoint, input);
    if (input.ResetPolicy) endpoint.policyDocument = FULL_ACCESS_POLICY;
    if (input.PolicyDocument !== undefined) endpoint.policyDocument = input.PolicyDocument;
    return { Return: true };
  }),

  /** Many ids per call; per-id failures go to Unsuccessful without failing the call (aws-facts.md). */
  DeleteVpcEndpoints: action<DeleteVpcEndpointsRequest>((ctx, input) => {
    const ids = required(input.VpcEndpointIds, 'VpcEndpointIds');
    const unsuccessful: UnsuccessfulItem[] = [];
    const blockers = new Map(ids.flatMap((id) => {
      const endpoint = ctx.state.endpoints.get(id);
      const blocker = endpoint && endpoint.ownerId === ctx.account ? gatewayDeletionBlocker(ctx, endpoint, new Set(ids.filter((other) => other !== id))) : undefined;
      return blocker === undefined ? [] : [[id, blocker] as const];
    }));
    for (const id of ids) {
      const endpoint = ctx.state.endpoints.get(id);
      // A fresh endpoint is not yet known to this call either (EC2 Developer Guide, "Eventual consistency in the Amazon EC2 API").
      if (!endpoint || !ctx.isPropagated(endpoint) || endpoint.ownerId !== ctx.account || ctx.endpointPhase(endpoint) === 'gone') {
        unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VpcEndpoint Id '${id}' does not exist` } });
        continue;
      }
      const blocker = blockers.get(id);
      if (blocker !== undefined) {
        unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidParameter', Message: blocker } });
        continue;
      }
      // Fault injection: a per-ID failure other than not-found, reported in Unsuccessful (EC2 API reference,
      // DeleteVpcEndpoints). Which codes EC2 uses there besides InvalidVpcEndpoint.NotFound is not documented.
      const failure = ctx.env.faults.deleteEndpointFailure?.(id);
      if (failure) {
        unsuccessful.push({ ResourceId: id, Error: { Code: failure.code, Message: failure.message } });
        continue;
      }
      // Deleting what is already deleting or deleted is a no-op, as in EC2.
      if (endpoint.deleteRequestedAt === undefined) endpoint.deleteRequestedAt = ctx.now;
    }
    return { Unsuccessful: unsuccessful };
  }),
};

function endpointType(requested: string | undefined): EndpointType {
  // EC2's default VpcEndpointType is Gateway (EC2 API reference, CreateVpcEndpoint).
  const type = requested ?? 'Gateway';
  if (type !== 'Interface' && type !== 'Gateway') {
    throw simErrors.invalidParameterValue(`The simulator models Interface and Gateway endpoints only, not ${type}.`);
  }
  return type;
}

function newInterfaceEndpoint(
  ctx: ActionContext,
  vpc: VpcRecord,
  service: EndpointServiceDefinition,
  name: string,
  input: CreateVpcEndpointRequest,
): EndpointRecord {
  if (list(input.RouteTableIds).length > 0) throw simErrors.invalidParameter('Route tables cannot be specified for an Interface endpoint.');
  const subnets = checkEndpointSubnets(ctx, vpc, service, name, distinct(list(input.SubnetIds), 'SubnetIds'));
  // Without groups, EC2 uses the VPC's default security group.
  const groupIds = distinct(list(input.SecurityGroupIds), 'SecurityGroupIds');
  const groups = checkEndpointGroups(ctx, vpc, groupIds.length > 0 ? groupIds : [vpc.defaultGroupId]);
  const ipAddressType = (input.IpAddressType ?? 'ipv4') as EndpointIpAddressType;
  const dnsRecordIpType = (input.DnsOptions?.DnsRecordIpType ?? ipAddressType) as DnsRecordIpType;
  checkIpTypes(service, name, subnets, ipAddressType, dnsRecordIpType);
  // PrivateDnsEnabled defaults to true for AWS services (EC2 API reference, CreateVpcEndpoint).
  const privateDnsEnabled = input.PrivateDnsEnabled ?? service.privateDnsName !== undefined;
  if (privateDnsEnabled) checkPrivateDns(ctx, vpc, service, name);
  const privateDnsOnlyForInboundResolverEndpoint = resolveInboundResolverOnly(
    ctx,
    vpc,
    name,
    privateDnsEnabled,
    input.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
    undefined,
  );
  checkInterfaceQuota(ctx, vpc);
  return {
    ...endpointBase(ctx, vpc, name, input.PolicyDocument),
    type: 'Interface',
    subnetIds: subnets.map((subnet) => subnet.id),
    groupIds: groups.map((group) => group.id),
    ipAddressType,
    dnsRecordIpType,
    privateDnsEnabled,
    privateDnsOnlyForInboundResolverEndpoint,
    // pending → available after endpointCreateMs (aws-facts.md: creation takes about 1–3 minutes).
    availableAt: ctx.now + ctx.env.timing.endpointCreateMs,
  };
}

function newGatewayEndpoint(ctx: ActionContext, vpc: VpcRecord, name: string, input: CreateVpcEndpointRequest): EndpointRecord {
  if (list(input.SubnetIds).length > 0 || list(input.SecurityGroupIds).length > 0) {
    throw simErrors.invalidParameter('Subnets and security groups cannot be specified for a Gateway endpoint.');
  }
  if (input.PrivateDnsEnabled) throw simErrors.invalidParameter('Private DNS cannot be enabled for a Gateway endpoint.');
  // terraform-provider-aws #45846 quotes EC2's refusal.
  if (input.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint !== undefined) {
    throw simErrors.invalidParameter('DnsOptions PrivateDnsOnlyForInboundResolverEndpoint is applicable only to Interface VPC Endpoints.');
  }
  const tables = checkGatewayRouteTables(ctx, vpc, name, distinct(list(input.RouteTableIds), 'RouteTableIds'));
  return {
    ...endpointBase(ctx, vpc, name, input.PolicyDocument),
    type: 'Gateway',
    routeTableIds: tables.map((table) => table.id),
    ipAddressType: 'ipv4',
    dnsRecordIpType: 'ipv4',
    privateDnsEnabled: false,
    privateDnsOnlyForInboundResolverEndpoint: false,
    // Gateway endpoints are only routes: the simulator makes them available at once.
    availableAt: ctx.now,
  };
}

function endpointBase(ctx: ActionContext, vpc: VpcRecord, serviceName: string, policy: string | undefined) {
  return {
    id: ctx.newId('vpce'),
    ownerId: ctx.account,
    createdAt: ctx.now,
    tags: new Map<string, string>(),
    vpcId: vpc.id,
    serviceName,
    policyDocument: policy ?? FULL_ACCESS_POLICY,
    routeTableIds: [] as string[],
    subnetIds: [] as string[],
    groupIds: [] as string[],
  };
}

function modifyInterfaceEndpoint(
  ctx: ActionContext,
  vpc: VpcRecord,
  service: EndpointServiceDefinition,
  endpoint: EndpointRecord,
  input: ModifyVpcEndpointRequest,
): void {
  if (list(input.AddRouteTableIds).length + list(input.RemoveRouteTableIds).length > 0) {
    throw simErrors.invalidParameter('Route tables cannot be modified on an Interface endpoint.');
  }
  const removedSubnets = distinct(list(input.RemoveSubnetIds), 'RemoveSubnetIds');
  const addedSubnets = distinct(list(input.AddSubnetIds), 'AddSubnetIds');
  for (const id of removedSubnets) {
    if (!endpoint.subnetIds.includes(id)) throw simErrors.invalidParameter(`The subnet ${id} is not associated with ${endpoint.id}.`);
  }
  const subnetIds = [...endpoint.subnetIds.filter((id) => !removedSubnets.includes(id)), ...addedSubnets.filter((id) => !endpoint.subnetIds.includes(id) || removedSubnets.includes(id))];
  const subnets = checkEndpointSubnets(ctx, vpc, service, endpoint.serviceName, subnetIds);

  const removedGroups = distinct(list(input.RemoveSecurityGroupIds), 'RemoveSecurityGroupIds');
  for (const id of removedGroups) {
    if (!endpoint.groupIds.includes(id)) throw simErrors.invalidParameter(`The security group ${id} is not associated with ${endpoint.id}.`);
  }
  const groupIds = [...endpoint.groupIds.filter((id) => !removedGroups.includes(id)), ...distinct(list(input.AddSecurityGroupIds), 'AddSecurityGroupIds').filter((id) => !endpoint.groupIds.includes(id))];
  checkEndpointGroups(ctx, vpc, groupIds);

  const ipAddressType = (input.IpAddressType ?? endpoint.ipAddressType) as EndpointIpAddressType;
  const dnsRecordIpType = (input.DnsOptions?.DnsRecordIpType ?? (input.IpAddressType !== undefined ? ipAddressType : endpoint.dnsRecordIpType)) as DnsRecordIpType;
  checkIpTypes(service, endpoint.serviceName, subnets, ipAddressType, dnsRecordIpType);
  const privateDnsEnabled = input.PrivateDnsEnabled ?? endpoint.privateDnsEnabled;
  if (privateDnsEnabled && !endpoint.privateDnsEnabled) checkPrivateDns(ctx, vpc, service, endpoint.serviceName, endpoint.id);
  const privateDnsOnlyForInboundResolverEndpoint = resolveInboundResolverOnly(
    ctx,
    vpc,
    endpoint.serviceName,
    privateDnsEnabled,
    input.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
    endpoint.privateDnsEnabled ? endpoint.privateDnsOnlyForInboundResolverEndpoint : undefined,
  );

  // All checks passed: apply. Removed subnets release their ENI (after the usual linger).
  const dropped = endpoint.subnetIds.filter((id) => !subnetIds.includes(id));
  for (const eni of enisOfEndpoint(ctx, endpoint.id)) {
    if (dropped.includes(eni.subnetId)) eni.goneAt = ctx.now + ctx.env.timing.eniLingerMs;
  }
  const added = subnetIds.filter((id) => !endpoint.subnetIds.includes(id));
  for (const id of added) createEndpointEni(ctx, endpoint, ctx.subnet(id));
  // New subnets put the endpoint back to pending while their ENIs come up.
  if (added.length > 0) endpoint.availableAt = Math.max(endpoint.availableAt, ctx.now + ctx.env.timing.endpointCreateMs);
  endpoint.subnetIds = subnetIds;
  endpoint.groupIds = groupIds;
  endpoint.ipAddressType = ipAddressType;
  endpoint.dnsRecordIpType = dnsRecordIpType;
  endpoint.privateDnsEnabled = privateDnsEnabled;
  endpoint.privateDnsOnlyForInboundResolverEndpoint = privateDnsOnlyForInboundResolverEndpoint;
}

function modifyGatewayEndpoint(ctx: ActionContext, vpc: VpcRecord, endpoint: EndpointRecord, input: ModifyVpcEndpointRequest): void {
  const interfaceOnly = [input.AddSubnetIds, input.RemoveSubnetIds, input.AddSecurityGroupIds, input.RemoveSecurityGroupIds];
  if (interfaceOnly.some((ids) => list(ids).length > 0) || input.PrivateDnsEnabled !== undefined) {
    throw simErrors.invalidParameter('Subnets, security groups and private DNS cannot be modified on a Gateway endpoint.');
  }
  const removed = distinct(list(input.RemoveRouteTableIds), 'RemoveRouteTableIds');
  for (const id of removed) {
    if (!endpoint.routeTableIds.includes(id)) throw simErrors.invalidParameter(`The route table ${id} is not associated with ${endpoint.id}.`);
  }
  const added = distinct(list(input.AddRouteTableIds), 'AddRouteTableIds').filter((id) => !endpoint.routeTableIds.includes(id));
  checkGatewayRouteTables(ctx, vpc, endpoint.serviceName, added, endpoint.id);
  endpoint.routeTableIds = [...endpoint.routeTableIds.filter((id) => !removed.includes(id)), ...added];
}

/** The endpoint a reused client token refers to, or IdempotentParameterMismatch when parameters differ. */
function replayClientToken(ctx: ActionContext, token: string, input: CreateVpcEndpointRequest): EndpointRecord | undefined {
  const known = ctx.state.clientTokens.get(tokenKey(ctx, token));
  if (!known) return undefined;
  // Same token, different parameters (aws-facts.md, "Interface endpoints").
  if (known.fingerprint !== fingerprint(input)) {
    throw new Ec2SimError('IdempotentParameterMismatch', `The client token '${token}' was already used with different parameters.`);
  }
  return ctx.state.endpoints.get(known.endpointId);
}

function tokenKey(ctx: ActionContext, token: string): string {
  return `${ctx.account}\n${token}`;
}

/** The request's parameters in a canonical form, without the token and DryRun. */
function fingerprint(input: CreateVpcEndpointRequest): string {
  const { ClientToken: _token, DryRun: _dryRun, ...rest } = input;
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
