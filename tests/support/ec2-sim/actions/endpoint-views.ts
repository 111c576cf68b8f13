import type { DescribeVpcEndpointsRequest, DnsEntry, State, VpcEndpoint } from '@aws-sdk/client-ec2';
import { vpceDomain } from '../catalogue';
import type { ActionContext } from '../context';
import { applyFilters, type FilterSpec } from '../filters';
import { list } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { EndpointRecord } from '../state';
import { tagList } from '../tags';
import { action, type ActionTable } from './action';
import { enisOfEndpoint } from './network-interfaces';

/** Route 53 zone of the regional `*.vpce.amazonaws.com` names (one fixed value is enough here). */
const VPCE_HOSTED_ZONE_ID = 'Z7HUB22UULQXV';
const PRIVATE_HOSTED_ZONE_ID = 'ZONEPRIVATEDNSSIM';

export const endpointViewActions: ActionTable = {
  DescribeVpcEndpoints: action<DescribeVpcEndpointsRequest>((ctx, input) => {
    const ids = list(input.VpcEndpointIds);
    const candidates = ids.length > 0
      ? ids.map((id) => ctx.endpoint(id, true))
      : [...ctx.state.endpoints.values()].filter((endpoint) => ctx.isListed(endpoint) && ctx.endpointPhase(endpoint) !== 'gone');
    const filters: FilterSpec<EndpointRecord> = {
      fields: {
        'vpc-id': (endpoint) => endpoint.vpcId,
        'vpc-endpoint-id': (endpoint) => endpoint.id,
        'vpc-endpoint-state': (endpoint) => ctx.endpointPhase(endpoint),
        'vpc-endpoint-type': (endpoint) => endpoint.type,
        'service-name': (endpoint) => endpoint.serviceName,
        'ip-address-type': (endpoint) => endpoint.ipAddressType,
      },
      tags: (endpoint) => endpoint.tags,
    };
    const { page, nextToken } = paginate(applyFilters(candidates, input.Filters, filters), input, PAGE_RULES.clamped, ctx.env.faults.maxPageSize);
    return { VpcEndpoints: page.map((endpoint) => endpointView(ctx, endpoint)), NextToken: nextToken };
  }),
};

/**
 * The SDK's VpcEndpoint for a record. State is lower camel case as the API returns it
 * (aws-facts.md, "States"), although the SDK's enum spells it capitalised. A vanished endpoint
 * (replayed through its client token) shows as `deleted`.
 */
export function endpointView(ctx: ActionContext, endpoint: EndpointRecord): VpcEndpoint {
  const phase = ctx.endpointPhase(endpoint);
  const state = (phase === 'gone' ? 'deleted' : phase) as State;
  const isInterface = endpoint.type === 'Interface';
  const enis = isInterface && phase !== 'gone' ? enisOfEndpoint(ctx, endpoint.id) : [];
  const stillListed = phase !== 'deleted' && phase !== 'gone';
  return {
    VpcEndpointId: endpoint.id,
    VpcEndpointType: endpoint.type,
    VpcId: endpoint.vpcId,
    ServiceName: endpoint.serviceName,
    State: state,
    PolicyDocument: endpoint.policyDocument,
    RouteTableIds: isInterface ? [] : [...endpoint.routeTableIds],
    SubnetIds: endpoint.type !== 'Gateway' ? [...endpoint.subnetIds] : [],
    Groups: isInterface
      ? endpoint.groupIds.map((groupId) => ({ GroupId: groupId, GroupName: ctx.state.securityGroups.get(groupId)?.name }))
      : [],
    IpAddressType: endpoint.ipAddressType,
    DnsOptions: isInterface ? { DnsRecordIpType: endpoint.dnsRecordIpType, PrivateDnsOnlyForInboundResolverEndpoint: endpoint.privateDnsOnlyForInboundResolverEndpoint } : undefined,
    PrivateDnsEnabled: endpoint.privateDnsEnabled,
    RequesterManaged: false,
    NetworkInterfaceIds: enis.map((eni) => eni.id),
    DnsEntries: isInterface && stillListed ? dnsEntries(ctx, endpoint) : [],
    CreationTimestamp: new Date(endpoint.createdAt),
    Tags: tagList(endpoint.tags),
    OwnerId: endpoint.ownerId,
    // EC2's own reason for a fault state (EC2 API reference, VpcEndpoint: LastError, FailureReason; faults.ts).
    ...(phase === endpoint.fate && endpoint.lastError ? { LastError: { Code: endpoint.lastError.code, Message: endpoint.lastError.message } } : {}),
    ...(phase === endpoint.fate && endpoint.failureReason !== undefined ? { FailureReason: endpoint.failureReason } : {}),
  };
}

/** Regional and per-AZ `vpce` names, plus the service's private DNS name when enabled. */
function dnsEntries(ctx: ActionContext, endpoint: EndpointRecord): DnsEntry[] {
  const shortName = endpoint.serviceName.slice(`com.amazonaws.${ctx.region}.`.length);
  const suffix = endpoint.id.slice(-8);
  const domain = vpceDomain(ctx.region, shortName);
  const entries: DnsEntry[] = [{ DnsName: `${endpoint.id}-${suffix}.${domain}`, HostedZoneId: VPCE_HOSTED_ZONE_ID }];
  for (const subnetId of endpoint.subnetIds) {
    const subnet = ctx.state.subnets.get(subnetId);
    if (subnet) entries.push({ DnsName: `${endpoint.id}-${suffix}-${ctx.zoneName(subnet.zoneId)}.${domain}`, HostedZoneId: VPCE_HOSTED_ZONE_ID });
  }
  const privateName = ctx.service(endpoint.serviceName, 'Interface')?.privateDnsName;
  if (endpoint.privateDnsEnabled && privateName !== undefined) {
    entries.push({ DnsName: privateName, HostedZoneId: PRIVATE_HOSTED_ZONE_ID });
  }
  return entries;
}
