import {
  DescribeAvailabilityZonesCommand,
  DescribeIpamPoolsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type Filter,
  type IpamPool,
  type PrefixList,
  type RouteTable,
  type SecurityGroup,
  type ServiceDetail,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { isAccessDenied, isEc2Error } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import { paginate } from '../ec2/paginate';
import type {
  EndpointType,
  Observation,
  ObservedIpamPool,
  ObservedEndpoint,
  ObservedRouteTable,
  ObservedSecurityGroup,
  ObservedService,
  ObservedSubnet,
  ObservedVpc,
} from './observed';
import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import { consumerRulesOf } from './consumer-rules';
import { listPrivateHostedZones } from './hosted-zones';
import { isOwnedBy, tagsToRecord, type Owner } from './ownership';
import type { Logger } from '../protocol/logger';
import { readVpcQuotas } from './service-quotas';
import { nearestServiceName, resolveServiceName } from './services';
import { TAG_KEYS, type EndpointSpec } from '../properties/spec';

export interface DiscoveryContext {
  readonly owner: Owner;
  /** Route 53 of the same account, for the private hosted zones of the VPC; without it they are not checked. */
  readonly route53?: Ec2Sender;
  /** Service Quotas of the same account, for the applied VPC quotas; without it the defaults apply. */
  readonly serviceQuotas?: Ec2Sender;
  readonly log?: Logger;
  /** The account of the stack; see Observation.accountId. */
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/**
 * Observes everything the checks and the planner need, in one batched pass: up to eleven independent Describe calls
 * (more only when a result spans pages, or when a requested subnet is not in the VPC), all issued at once.
 */
export async function discover(ec2: Ec2Sender, spec: EndpointSpec, context: DiscoveryContext): Promise<Observation> {
  const vpcFilter: Filter[] = [{ Name: 'vpc-id', Values: [spec.vpcId] }];
  // A hub's private zones need the attributes as private DNS does (lib/reconcile/hub-preflight.ts).
  const wantsDnsAttributes = (spec.privateDnsEnabled || spec.dnsMode === 'HostedZones') && spec.interfaceServices.length > 0;
  const [vpc, dnsSupport, dnsHostnames, subnets, routeTables, azIdsByName, catalogue, endpoints, groups, extraGroups, prefixLists, ipamPool, hostedZones, quotas] = await Promise.all([
    describeVpc(ec2, spec.vpcId),
    wantsDnsAttributes ? describeVpcAttribute(ec2, spec.vpcId, 'enableDnsSupport') : undefined,
    wantsDnsAttributes ? describeVpcAttribute(ec2, spec.vpcId, 'enableDnsHostnames') : undefined,
    paginate<Subnet>(ec2, (token) => new DescribeSubnetsCommand({ Filters: vpcFilter, MaxResults: 1000, NextToken: token }), 'Subnets'),
    paginate<RouteTable>(ec2, (token) => new DescribeRouteTablesCommand({ Filters: vpcFilter, MaxResults: 100, NextToken: token }), 'RouteTables'),
    describeAzIdsByName(ec2),
    needsCatalogue(spec)
      ? paginate<ServiceDetail>(ec2, (token) => new DescribeVpcEndpointServicesCommand({ MaxResults: 1000, NextToken: token }), 'ServiceDetails')
      : Promise.resolve([]),
    paginate<VpcEndpoint>(ec2, (token) => new DescribeVpcEndpointsCommand({ Filters: vpcFilter, MaxResults: 1000, NextToken: token }), 'VpcEndpoints'),
    paginate<SecurityGroup>(
      ec2,
      (token) =>
        new DescribeSecurityGroupsCommand({
          Filters: [...vpcFilter, { Name: `tag:${TAG_KEYS.owner}`, Values: [context.owner.physicalId] }],
          MaxResults: 1000,
          NextToken: token,
        }),
      'SecurityGroups',
    ),
    // The user's extra groups, checked before any write; a filter, unlike GroupIds, never fails on an unknown ID.
    spec.securityGroupIds.length > 0
      ? paginate<SecurityGroup>(
          ec2,
          (token) => new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [...spec.securityGroupIds] }], MaxResults: 1000, NextToken: token }),
          'SecurityGroups',
        )
      : Promise.resolve([]),
    // The gateway services' managed prefix lists, for the PrefixListId.<service> outputs. Read here rather than from the
    // routes a gateway endpoint adds: on a Create those routes do not exist yet when the VPC is observed.
    spec.gatewayServices.length > 0
      ? paginate<PrefixList>(ec2, (token) => new DescribePrefixListsCommand({ MaxResults: 1000, NextToken: token }), 'PrefixLists')
      : Promise.resolve([]),
    spec.ipv4IpamPoolId === undefined ? undefined : describeIpamPool(ec2, spec.ipv4IpamPoolId),
    wantsDnsAttributes && context.route53 ? listPrivateHostedZones(context.route53, spec.vpcId, context.region, context.log) : undefined,
    context.serviceQuotas ? readVpcQuotas(context.serviceQuotas, context.log) : undefined,
  ]);

  const vpcSubnets = subnets.map(toObservedSubnet);
  const byId = new Map(vpcSubnets.map((subnet) => [subnet.subnetId, subnet]));
  const appSubnets = spec.subnetIds.flatMap((id) => byId.get(id) ?? []);
  const notInVpc = spec.subnetIds.filter((id) => !byId.has(id));
  const elsewhere = notInVpc.length > 0 ? await locateSubnets(ec2, notInVpc) : [];
  const elsewhereIds = new Set(elsewhere.map((subnet) => subnet.subnetId));

  const observedVpc: ObservedVpc | undefined = vpc && {
    vpcId: spec.vpcId,
    ownerId: vpc.OwnerId ?? '',
    ipv4Blocks: (vpc.CidrBlockAssociationSet ?? [])
      .filter((association) => association.CidrBlockState?.State === 'associated' && association.CidrBlock)
      .map((association) => association.CidrBlock as string),
    ipv6Blocks: (vpc.Ipv6CidrBlockAssociationSet ?? [])
      .filter((association) => association.Ipv6CidrBlockState?.State === 'associated' && association.Ipv6CidrBlock)
      .map((association) => association.Ipv6CidrBlock as string),
    enableDnsSupport: dnsSupport,
    enableDnsHostnames: dnsHostnames,
  };

  const skippedReads = [hostedZones, quotas].flatMap((read) => (read && 'skipped' in read && read.skipped ? [read.skipped] : []));
  const offerings = resolveOfferings(spec, catalogue, azIdsByName, context.region, prefixLists);
  return {
    accountId: context.accountId,
    region: context.region,
    partition: context.partition,
    vpc: observedVpc,
    appSubnets,
    missingSubnetIds: notInVpc.filter((id) => !elsewhereIds.has(id)),
    subnetsInOtherVpcs: elsewhere.map((subnet) => ({ subnetId: subnet.subnetId, vpcId: subnet.vpcId })),
    vpcSubnets,
    routeTables: routeTables.map(
      (table): ObservedRouteTable => ({
        routeTableId: table.RouteTableId ?? '',
        isMain: (table.Associations ?? []).some((association) => association.Main === true),
        subnetIds: (table.Associations ?? []).flatMap((association) => (association.SubnetId ? [association.SubnetId] : [])),
      }),
    ),
    ...offerings,
    endpoints: endpoints.map(toObservedEndpoint).filter((endpoint) => endpoint.state !== 'deleted'),
    extraSecurityGroups: extraGroups.map((group) => ({ groupId: group.GroupId ?? '', vpcId: group.VpcId ?? '' })),
    ownedSecurityGroups: await withConsumerCidrs(ec2, groups.map(toObservedSecurityGroup).filter((group) => isOwnedBy(group.tags, context.owner)), context.owner),
    ...(ipamPool ? { ipamPool } : {}),
    ...(hostedZones && 'zones' in hostedZones ? { privateHostedZones: hostedZones.zones } : {}),
    ...(quotas ? { quotas: quotas.quotas } : {}),
    ...(skippedReads.length > 0 ? { skippedReads } : {}),
  };
}

/**
 * The pool of Ipv4IpamPoolId: only a resource planning pool of this VPC can give its subnets their blocks (aws-facts,
 * "IPAM"). Without ec2:DescribeIpamPools (an older role) the pool stays unchecked and EC2 decides when writing.
 */
async function describeIpamPool(ec2: Ec2Sender, poolId: string): Promise<ObservedIpamPool> {
  try {
    const output = await ec2.send(new DescribeIpamPoolsCommand({ IpamPoolIds: [poolId] }));
    const pool = (output.IpamPools as IpamPool[] | undefined)?.find((candidate) => candidate.IpamPoolId === poolId);
    if (!pool) return { poolId, status: 'missing' };
    const source = pool.SourceResource;
    return {
      poolId,
      status: 'found',
      addressFamily: pool.AddressFamily,
      locale: pool.Locale,
      ...(source?.ResourceId ? { sourceResource: { resourceId: source.ResourceId, resourceType: source.ResourceType ?? '' } } : {}),
    };
  } catch (error) {
    if (isEc2Error(error, 'InvalidIpamPoolId.NotFound')) return { poolId, status: 'missing' };
    if (isEc2Error(error, 'UnauthorizedOperation') || isAccessDenied(error)) return { poolId, status: 'unchecked' };
    throw error;
  }
}

function needsCatalogue(spec: EndpointSpec): boolean {
  return spec.interfaceServices.length + spec.gatewayServices.length > 0;
}

async function describeVpc(ec2: Ec2Sender, vpcId: string) {
  try {
    const output = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    return output.Vpcs?.[0] as Vpc | undefined;
  } catch (error) {
    if (isEc2Error(error, 'InvalidVpcID.NotFound')) return undefined;
    throw error;
  }
}

async function describeVpcAttribute(ec2: Ec2Sender, vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames') {
  try {
    const output = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }));
    const value = attribute === 'enableDnsSupport' ? output.EnableDnsSupport : output.EnableDnsHostnames;
    return value?.Value === true;
  } catch (error) {
    if (isEc2Error(error, 'InvalidVpcID.NotFound')) return undefined;
    throw error;
  }
}

/** AZ names map to physical zones differently in every account; IDs do not (RAM guide, "AZ IDs"). */
async function describeAzIdsByName(ec2: Ec2Sender): Promise<Map<string, string>> {
  const output = await ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: false }));
  const map = new Map<string, string>();
  for (const zone of output.AvailabilityZones ?? []) if (zone.ZoneName && zone.ZoneId) map.set(zone.ZoneName, zone.ZoneId);
  return map;
}

/** Requested subnets that are not in the VPC: do they exist elsewhere? A filter, unlike SubnetIds, never fails on unknown IDs. */
async function locateSubnets(ec2: Ec2Sender, subnetIds: string[]): Promise<ObservedSubnet[]> {
  const subnets = await paginate<Subnet>(
    ec2,
    (token) => new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: subnetIds }], MaxResults: 1000, NextToken: token }),
    'Subnets',
  );
  return subnets.map(toObservedSubnet);
}

function resolveOfferings(
  spec: EndpointSpec,
  catalogue: ServiceDetail[],
  azIdsByName: Map<string, string>,
  region: string,
  prefixLists: readonly PrefixList[],
): Pick<Observation, 'interfaceOfferings' | 'gatewayOfferings' | 'unresolvedServices'> {
  // A managed prefix list is named after its service (com.amazonaws.<region>.s3).
  const prefixListIds = new Map(prefixLists.flatMap((list) => (list.PrefixListName && list.PrefixListId ? [[list.PrefixListName, list.PrefixListId] as const] : [])));
  const byType: Record<EndpointType, Map<string, ObservedService>> = { Interface: new Map(), Gateway: new Map() };
  for (const detail of catalogue) {
    for (const { ServiceType } of detail.ServiceType ?? []) {
      if ((ServiceType !== 'Interface' && ServiceType !== 'Gateway') || !detail.ServiceName) continue;
      byType[ServiceType].set(detail.ServiceName, {
        serviceName: detail.ServiceName,
        type: ServiceType,
        azIds: (detail.AvailabilityZones ?? []).flatMap((name) => azIdsByName.get(name) ?? []).sort(),
        supportedIpAddressTypes: detail.SupportedIpAddressTypes ?? ['ipv4'],
        // A service's private DNS name: PrivateDnsName, or the first of PrivateDnsNames (aws-facts, "Interface endpoints").
        privateDnsName: detail.PrivateDnsName || detail.PrivateDnsNames?.find((entry) => entry.PrivateDnsName)?.PrivateDnsName || undefined,
        privateDnsNames: allPrivateDnsNames(detail),
        prefixListId: ServiceType === 'Gateway' ? prefixListIds.get(detail.ServiceName) : undefined,
      });
    }
  }
  // EC2 lists a name offered as both types once per type (aws-facts, "Gateway endpoints").
  for (const [name, offering] of byType.Interface) {
    if (byType.Gateway.has(name)) byType.Interface.set(name, { ...offering, offeredAsGateway: true });
  }
  const unresolved: Observation['unresolvedServices'][number][] = [];
  const resolve = (requested: readonly string[], type: EndpointType) => {
    const resolved = new Map<string, ObservedService>();
    for (const name of requested) {
      const full = resolveServiceName(name, region, byType[type].keys());
      const offering = full === undefined ? undefined : byType[type].get(full);
      if (offering) {
        resolved.set(name, offering);
        continue;
      }
      const offeredTypes = (['Interface', 'Gateway'] as const).filter(
        (other) => resolveServiceName(name, region, byType[other].keys()) !== undefined,
      );
      const suggestion = offeredTypes.length === 0 ? nearestServiceName(name, region, byType[type].keys()) : undefined;
      unresolved.push({ requested: name, type, offeredTypes, ...(suggestion === undefined ? {} : { suggestion }) });
    }
    return resolved;
  };
  return {
    interfaceOfferings: resolve(spec.interfaceServices, 'Interface'),
    gatewayOfferings: resolve(spec.gatewayServices, 'Gateway'),
    unresolvedServices: unresolved,
  };
}

export function toObservedSubnet(subnet: Subnet): ObservedSubnet {
  return {
    subnetId: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    cidr: subnet.CidrBlock ?? '',
    ipv6Cidrs: (subnet.Ipv6CidrBlockAssociationSet ?? []).flatMap((association) =>
      association.Ipv6CidrBlock && association.Ipv6CidrBlockState?.State !== 'disassociated' ? [association.Ipv6CidrBlock] : [],
    ),
    azId: subnet.AvailabilityZoneId ?? '',
    azName: subnet.AvailabilityZone ?? '',
    ownerId: subnet.OwnerId ?? '',
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? 0,
    tags: tagsToRecord(subnet.Tags),
  };
}

export function toObservedEndpoint(endpoint: VpcEndpoint): ObservedEndpoint {
  return {
    endpointId: endpoint.VpcEndpointId ?? '',
    type: endpoint.VpcEndpointType === 'Gateway' ? 'Gateway' : 'Interface',
    serviceName: endpoint.ServiceName ?? '',
    // The API answers in lower camel case (`pendingAcceptance`); compare case-insensitively (aws-facts).
    state: (endpoint.State ?? '').toLowerCase(),
    subnetIds: endpoint.SubnetIds ?? [],
    routeTableIds: endpoint.RouteTableIds ?? [],
    groupIds: (endpoint.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
    privateDnsEnabled: endpoint.PrivateDnsEnabled === true,
    privateDnsOnlyForInboundResolverEndpoint: endpoint.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
    ipAddressType: endpoint.IpAddressType,
    dnsRecordIpType: endpoint.DnsOptions?.DnsRecordIpType,
    policyDocument: endpoint.PolicyDocument,
    dnsNames: (endpoint.DnsEntries ?? []).flatMap((entry) => (entry.DnsName ? [entry.DnsName] : [])),
    dnsEntries: (endpoint.DnsEntries ?? []).flatMap((entry) => (entry.DnsName ? [{ dnsName: entry.DnsName, hostedZoneId: entry.HostedZoneId ?? '' }] : [])),
    ownerId: endpoint.OwnerId,
    tags: tagsToRecord(endpoint.Tags),
    ...(endpoint.LastError?.Code || endpoint.LastError?.Message ? { lastError: { code: endpoint.LastError.Code, message: endpoint.LastError.Message } } : {}),
    ...(endpoint.FailureReason ? { failureReason: endpoint.FailureReason } : {}),
  };
}

export function toObservedSecurityGroup(group: SecurityGroup): ObservedSecurityGroup {
  const httpsCidrs: string[] = [];
  let other = 0;
  for (const permission of group.IpPermissions ?? []) {
    const isHttps = permission.IpProtocol === 'tcp' && permission.FromPort === 443 && permission.ToPort === 443;
    const cidrs = [
      ...(permission.IpRanges ?? []).flatMap((range) => (range.CidrIp ? [range.CidrIp] : [])),
      ...(permission.Ipv6Ranges ?? []).flatMap((range) => (range.CidrIpv6 ? [range.CidrIpv6] : [])),
    ];
    if (isHttps) httpsCidrs.push(...cidrs);
    else other += Math.max(1, cidrs.length);
  }
  return {
    groupId: group.GroupId ?? '',
    groupName: group.GroupName ?? '',
    httpsIngressCidrs: httpsCidrs,
    otherIngressRuleCount: other,
    tags: tagsToRecord(group.Tags),
  };
}

/** Every private DNS name of a catalogue entry, PrivateDnsNames first, each once (a hub's zones are named after them). */
function allPrivateDnsNames(detail: ServiceDetail): string[] {
  const names = [...(detail.PrivateDnsNames ?? []).map((entry) => entry.PrivateDnsName), detail.PrivateDnsName];
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}

/** A hub's group (it carries the hub tag) with the CIDRs its consumers added: one DescribeSecurityGroupRules each. */
async function withConsumerCidrs(ec2: Ec2Sender, groups: ObservedSecurityGroup[], owner: Owner): Promise<ObservedSecurityGroup[]> {
  return Promise.all(
    groups.map(async (group) =>
      group.tags[HUB_TAG_KEYS.hub] === undefined ? group : { ...group, consumerCidrs: (await consumerRulesOf(ec2, group.groupId, owner)).map((rule) => rule.cidr) },
    ),
  );
}
