import {
  MANAGED_GROUP,
  stageOf,
  type Action,
  type CreateEndpointAction,
  type ModifyEndpointAction,
  type UpdateTagsAction,
} from './actions';
import { carveEndpointBlocks, carveIpv6Blocks, cidrContains, MAX_IPV4_SUBNET_PREFIX, parseCidr } from '../cidr';
import { isDeadEndpointState } from './endpoint-states';
import { desiredState, type DesiredInterfaceEndpoint, type DesiredState } from './desired';
import { CidrExhaustedError } from '../errors';
import type { Observation, ObservedEndpoint, ObservedSecurityGroup, ObservedSubnet, Tags } from './observed';
import { isOwnedBy, ownerTags, type Owner } from './ownership';
import { preflightProblems } from './preflight';
import { OWN_TAG_PREFIX, TAG_KEYS, type EndpointSpec, type Tag } from '../properties/spec';
import { compareText } from '../compare-text';
import { policyChange } from './policy-comparison';

export interface PlanContext {
  readonly owner: Owner;
  /** A readable prefix for Name tags (stack name and logical ID). */
  readonly namePrefix: string;
  /** Keys of the user's tags in the previous properties (Update), so tags the user removed are removed too. */
  readonly previousTagKeys?: readonly string[];
}

/** What the resource owns in the VPC, as observed. */
export interface OwnedResources {
  readonly subnets: readonly ObservedSubnet[];
  readonly securityGroups: readonly ObservedSecurityGroup[];
  readonly endpoints: readonly ObservedEndpoint[];
}

export type Plan =
  | { readonly ok: false; readonly problems: readonly string[] }
  | {
      readonly ok: true;
      /** In stage order (see stageOf). Empty when the VPC has converged. */
      readonly actions: readonly Action[];
      readonly desired: DesiredState;
      readonly owned: OwnedResources;
      /** The owned endpoint subnet kept in each desired AZ, by AZ ID. */
      readonly keptSubnets: ReadonlyMap<string, ObservedSubnet>;
      /** Newly carved blocks by AZ ID (IPv4, and IPv6 where asked). */
      readonly carved: ReadonlyMap<string, { cidr?: string; ipv6Cidr?: string }>;
    };

const GONE_STATES = ['deleting', 'deleted'];
/** States in which EC2 takes a ModifyVpcEndpoint. */
const MODIFIABLE_STATES = ['pending', 'available'];

export function ownedResources(observation: Observation, owner: Owner): OwnedResources {
  return {
    subnets: observation.vpcSubnets.filter((subnet) => isOwnedBy(subnet.tags, owner)),
    securityGroups: observation.ownedSecurityGroups.filter((group) => isOwnedBy(group.tags, owner)),
    endpoints: observation.endpoints.filter((endpoint) => isOwnedBy(endpoint.tags, owner)),
  };
}

/**
 * The actions that take the VPC from what was observed to what the spec declares, or every problem that stops it.
 * Pure: the same spec and observation always give the same plan; a converged VPC gives no actions.
 */
export function planConvergence(spec: EndpointSpec, observation: Observation, context: PlanContext): Plan {
  const { owner } = context;
  const desired = desiredState(spec, observation, owner);
  const problems = preflightProblems(spec, observation, desired, owner);
  if (problems.length > 0 || !observation.vpc) return { ok: false, problems };
  const owned = ownedResources(observation, owner);

  // Endpoint subnets: keep one owned subnet per desired AZ (existing ones keep their size); carve the missing ones.
  // Where a crash left two in one AZ, keep the one the endpoints already use, so their interfaces stay where they are.
  const endpointsIn = (subnet: ObservedSubnet) => owned.endpoints.filter((endpoint) => endpoint.subnetIds.includes(subnet.subnetId)).length;
  const keptSubnets = new Map<string, ObservedSubnet>();
  for (const subnet of [...owned.subnets].sort((a, b) => endpointsIn(b) - endpointsIn(a) || compareText(a.subnetId, b.subnetId))) {
    if (desired.azIds.includes(subnet.azId) && !keptSubnets.has(subnet.azId)) keptSubnets.set(subnet.azId, subnet);
  }
  const subnetsToDelete = owned.subnets.filter((subnet) => keptSubnets.get(subnet.azId) !== subnet);
  const azIdsToCarve = desired.azIds.filter((azId) => !keptSubnets.has(azId));
  const carving = carveBlocks(spec, observation, azIdsToCarve, desired.appIpv4Blocks);
  if ('problems' in carving) return { ok: false, problems: carving.problems };

  const actions: Action[] = [];
  for (const azId of azIdsToCarve) {
    const block = carving.blocks.get(azId) ?? {};
    actions.push({
      kind: 'createSubnet',
      azId,
      cidr: block.cidr,
      ipamPoolId: spec.ipv4IpamPoolId,
      prefixLength: spec.subnetPrefixLength,
      ipv6Cidr: block.ipv6Cidr,
      tags: creationTags(spec, context, `${context.namePrefix}-endpoints-${azId}`, { [TAG_KEYS.azId]: azId }),
    });
  }

  // The managed security group: needed while any interface endpoint is.
  const needsGroup = desired.interfaceEndpoints.length > 0;
  const [group, ...extraGroups] = [...owned.securityGroups].sort((a, b) => compareText(a.groupId, b.groupId));
  const groupsToDelete = needsGroup ? extraGroups : owned.securityGroups;
  const managedGroupId = needsGroup && group ? group.groupId : MANAGED_GROUP;
  if (needsGroup && !group) {
    actions.push({
      kind: 'createSecurityGroup',
      groupName: securityGroupName(owner),
      description: 'HTTPS from the application subnets to their VPC endpoints (managed by vpce-provisioner)',
      tags: creationTags(spec, context, `${context.namePrefix}-endpoints`, {}),
    });
  }
  if (needsGroup) {
    const current = group?.httpsIngressCidrs ?? [];
    const add = desired.ingressCidrs.filter((cidr) => !current.includes(cidr));
    // A consumer's rule on a hub's group is the consumer's (lib/centralised/consumer-claims.ts): never revoked here.
    const remove = current.filter((cidr) => !desired.ingressCidrs.includes(cidr) && !(group?.consumerCidrs ?? []).includes(cidr));
    if (add.length > 0) actions.push({ kind: 'authorizeIngress', groupId: managedGroupId, cidrs: add });
    if (remove.length > 0 && group) actions.push({ kind: 'revokeIngress', groupId: group.groupId, cidrs: remove });
  }

  // Endpoints.
  const live = owned.endpoints.filter((endpoint) => !GONE_STATES.includes(endpoint.state));
  const endpointsToDelete = new Set<string>();
  const claimed = new Set<string>();
  const subnetOf = (azId: string) => keptSubnets.get(azId)?.subnetId;
  for (const wanted of desired.interfaceEndpoints) {
    const candidates = live.filter((endpoint) => endpoint.type === 'Interface' && endpoint.serviceName === wanted.offering.serviceName);
    const current = pickCurrent(candidates);
    if (current) claimed.add(current.endpointId);
    const groups = [managedGroupId, ...spec.securityGroupIds];
    if (!current || isDeadEndpointState(current.state)) {
      if (current) endpointsToDelete.add(current.endpointId);
      actions.push(createInterfaceEndpoint(spec, context, wanted, groups, current?.endpointId));
      continue;
    }
    const modification = modifyInterfaceEndpoint(wanted, current, groups, subnetOf);
    if (modification) actions.push(modification);
  }
  for (const wanted of desired.gatewayEndpoints) {
    const candidates = live.filter((endpoint) => endpoint.type === 'Gateway' && endpoint.serviceName === wanted.offering.serviceName);
    const current = pickCurrent(candidates);
    if (current) claimed.add(current.endpointId);
    const replace = current !== undefined && isDeadEndpointState(current.state);
    if (wanted.routeTableIds.length === 0) {
      if (current) endpointsToDelete.add(current.endpointId);
      continue;
    }
    if (!current || replace) {
      if (current) endpointsToDelete.add(current.endpointId);
      actions.push({
        kind: 'createEndpoint',
        service: wanted.service,
        serviceName: wanted.offering.serviceName,
        type: 'Gateway',
        subnetAzIds: [],
        routeTableIds: wanted.routeTableIds,
        securityGroupIds: [],
        policyDocument: wanted.policyDocument,
        tags: creationTags(spec, context, `${context.namePrefix}-${wanted.shortName}`, { [TAG_KEYS.service]: wanted.service }),
        replaces: current?.endpointId,
        // An IPAM pool can refuse a subnet its block, which no check before writing sees: the route tables are then
        // only touched once the subnets exist (see stageOf).
        ...(spec.ipv4IpamPoolId !== undefined ? { afterSubnets: true } : {}),
      });
      continue;
    }
    const addRouteTableIds = wanted.routeTableIds.filter((id) => !current.routeTableIds.includes(id));
    const removeRouteTableIds = current.routeTableIds.filter((id) => !wanted.routeTableIds.includes(id));
    const policy = policyChange(current.policyDocument, wanted.policyDocument, 'Gateway');
    if (addRouteTableIds.length + removeRouteTableIds.length > 0 || policy) {
      actions.push({
        ...emptyModification(current.endpointId, wanted.service),
        addRouteTableIds,
        removeRouteTableIds,
        ...policy,
      });
    }
  }
  // Whatever live owned endpoint is not claimed above goes: duplicates of a wanted one and services no longer wanted.
  for (const endpoint of live) if (!claimed.has(endpoint.endpointId)) endpointsToDelete.add(endpoint.endpointId);
  actions.push(...releaseGatewayDependents(live, endpointsToDelete));
  if (endpointsToDelete.size > 0) actions.push({ kind: 'deleteEndpoints', endpointIds: [...endpointsToDelete].sort(compareText) });
  for (const subnet of subnetsToDelete) actions.push({ kind: 'deleteSubnet', subnetId: subnet.subnetId, azId: subnet.azId });
  for (const extra of groupsToDelete) actions.push({ kind: 'deleteSecurityGroup', groupId: extra.groupId });

  // The user's tags on what stays.
  const staying: { id: string; tags: Tags; name: string }[] = [
    ...[...keptSubnets.values()].map((subnet) => ({ id: subnet.subnetId, tags: subnet.tags, name: `${context.namePrefix}-endpoints-${subnet.azId}` })),
    ...(needsGroup && group ? [{ id: group.groupId, tags: group.tags, name: `${context.namePrefix}-endpoints` }] : []),
    ...live
      .filter((endpoint) => claimed.has(endpoint.endpointId) && !endpointsToDelete.has(endpoint.endpointId))
      .map((endpoint) => ({ id: endpoint.endpointId, tags: endpoint.tags, name: `${context.namePrefix}-${shortOf(endpoint, desired)}` })),
  ];
  actions.push(...tagUpdates(spec, context, staying));

  return { ok: true, actions: sortByStage(actions), desired, owned, keptSubnets, carved: carving.blocks };
}

/** The removal of everything the resource owns (Delete), endpoints first. */
export function planRemoval(owned: OwnedResources): Action[] {
  const actions: Action[] = [];
  const live = owned.endpoints.filter((endpoint) => !GONE_STATES.includes(endpoint.state));
  const endpointIds = live.map((endpoint) => endpoint.endpointId);
  actions.push(...releaseGatewayDependents(live, new Set(endpointIds)));
  if (endpointIds.length > 0) actions.push({ kind: 'deleteEndpoints', endpointIds: endpointIds.sort(compareText) });
  for (const subnet of owned.subnets) actions.push({ kind: 'deleteSubnet', subnetId: subnet.subnetId, azId: subnet.azId });
  for (const group of owned.securityGroups) actions.push({ kind: 'deleteSecurityGroup', groupId: group.groupId });
  return actions;
}

/**
 * EC2 refuses to delete the last gateway endpoint of a service while an interface endpoint of it has
 * PrivateDnsOnlyForInboundResolverEndpoint true (aws-facts; cloudposse/terraform-aws-vpc #153), and does not document
 * whether deleting both in one call is enough. So an interface endpoint going away with its gateway first turns the
 * option off (one ModifyVpcEndpoint, a stage before the deletion).
 */
function releaseGatewayDependents(live: readonly ObservedEndpoint[], deleting: ReadonlySet<string>): ModifyEndpointAction[] {
  const gatewaysGoing = live.filter((endpoint) => endpoint.type === 'Gateway' && deleting.has(endpoint.endpointId));
  return live
    .filter(
      (endpoint) =>
        endpoint.type === 'Interface' &&
        deleting.has(endpoint.endpointId) &&
        endpoint.privateDnsEnabled &&
        endpoint.privateDnsOnlyForInboundResolverEndpoint === true &&
        MODIFIABLE_STATES.includes(endpoint.state) &&
        gatewaysGoing.some((gateway) => gateway.serviceName === endpoint.serviceName),
    )
    .map((endpoint) => ({
      ...emptyModification(endpoint.endpointId, endpoint.tags[TAG_KEYS.service] ?? endpoint.serviceName),
      privateDnsOnlyForInboundResolverEndpoint: false,
    }));
}

/** Security group names are unique per VPC; deriving it from the owner makes a repeated create collide instead of duplicate. */
export function securityGroupName(owner: Owner): string {
  return `${owner.physicalId}-endpoints`.slice(0, 255);
}

function carveBlocks(
  spec: EndpointSpec,
  observation: Observation,
  azIds: readonly string[],
  preferredBlocks: readonly string[],
): { blocks: Map<string, { cidr?: string; ipv6Cidr?: string }> } | { problems: string[] } {
  const blocks = new Map<string, { cidr?: string; ipv6Cidr?: string }>(azIds.map((azId) => [azId, {}]));
  if (azIds.length === 0) return { blocks };
  const vpc = observation.vpc;
  if (!vpc) return { problems: [] };
  const problems: string[] = [];
  if (spec.ipv4IpamPoolId === undefined) {
    if (spec.cidrRange !== undefined && !vpc.ipv4Blocks.some((block) => cidrContains(parseCidr(block), parseCidr(spec.cidrRange as string)))) {
      return { problems: [`CidrRange ${spec.cidrRange} is not inside any CIDR block of ${vpc.vpcId} (${vpc.ipv4Blocks.join(', ')}).`] };
    }
    try {
      const carved = carveEndpointBlocks({
        vpcBlocks: vpc.ipv4Blocks,
        existingSubnets: observation.vpcSubnets.map((subnet) => subnet.cidr).filter((cidr) => cidr !== ''),
        prefixLength: spec.subnetPrefixLength,
        azIds,
        within: spec.cidrRange,
        preferredBlocks,
      });
      for (const [azId, cidr] of carved) blocks.set(azId, { cidr });
    } catch (error) {
      if (!(error instanceof CidrExhaustedError)) throw error;
      problems.push(...(spec.cidrRange === undefined ? error.problems : [cidrRangeExhausted(spec.cidrRange, azIds.length, error)]));
    }
  }
  if (spec.ipAddressType !== 'ipv4' && vpc.ipv6Blocks.length > 0) {
    try {
      const carved = carveIpv6Blocks({
        vpcBlocks: vpc.ipv6Blocks,
        existingSubnets: observation.vpcSubnets.flatMap((subnet) => subnet.ipv6Cidrs),
        azIds,
      });
      for (const [azId, ipv6Cidr] of carved) blocks.set(azId, { ...blocks.get(azId), ipv6Cidr });
    } catch (error) {
      if (!(error instanceof CidrExhaustedError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems.length > 0 ? { problems } : { blocks };
}

/**
 * The allocator speaks of the whole VPC; with a CidrRange the range is what ran out, and widening it (not a secondary
 * VPC block, which the range would not reach) is the remedy.
 */
function cidrRangeExhausted(cidrRange: string, azCount: number, error: CidrExhaustedError): string {
  const room =
    error.largestFreeBlock === undefined
      ? 'existing subnets fill it'
      : `its largest free block is ${error.largestFreeBlock}, and it must hold one /${error.prefixLength} per new endpoint subnet (${azCount})`;
  const shorter = error.prefixLength < MAX_IPV4_SUBNET_PREFIX ? 'ask for smaller subnets with a larger SubnetPrefixLength, ' : '';
  return `No free /${error.prefixLength} block is left in CidrRange ${cidrRange} for AZ ${error.azId}: ${room}. Widen CidrRange, ${shorter}or leave CidrRange out to carve anywhere in the VPC.`;
}

function createInterfaceEndpoint(
  spec: EndpointSpec,
  context: PlanContext,
  wanted: DesiredInterfaceEndpoint,
  securityGroupIds: readonly string[],
  replaces: string | undefined,
): CreateEndpointAction {
  return {
    kind: 'createEndpoint',
    service: wanted.service,
    serviceName: wanted.offering.serviceName,
    type: 'Interface',
    subnetAzIds: wanted.azIds,
    routeTableIds: [],
    securityGroupIds,
    privateDnsEnabled: wanted.privateDnsEnabled,
    privateDnsOnlyForInboundResolverEndpoint: wanted.privateDnsOnlyForInboundResolverEndpoint,
    addressing: wanted.addressing,
    policyDocument: wanted.policyDocument,
    tags: creationTags(spec, context, `${context.namePrefix}-${wanted.shortName}`, { [TAG_KEYS.service]: wanted.service }),
    replaces,
  };
}

function modifyInterfaceEndpoint(
  wanted: DesiredInterfaceEndpoint,
  current: ObservedEndpoint,
  securityGroupIds: readonly string[],
  subnetOf: (azId: string) => string | undefined,
): ModifyEndpointAction | undefined {
  const wantedSubnetIds = wanted.azIds.flatMap((azId) => subnetOf(azId) ?? []);
  const addSubnetAzIds = wanted.azIds.filter((azId) => {
    const subnetId = subnetOf(azId);
    return subnetId === undefined || !current.subnetIds.includes(subnetId);
  });
  const removeSubnetIds = current.subnetIds.filter((id) => !wantedSubnetIds.includes(id));
  const addSecurityGroupIds = securityGroupIds.filter((id) => id === MANAGED_GROUP || !current.groupIds.includes(id));
  const removeSecurityGroupIds = current.groupIds.filter((id) => !securityGroupIds.includes(id));
  const policy = policyChange(current.policyDocument, wanted.policyDocument, 'Interface');
  const privateDns = current.privateDnsEnabled !== wanted.privateDnsEnabled ? { privateDnsEnabled: wanted.privateDnsEnabled } : {};
  const wantedAddressing = wanted.addressing ?? { ipAddressType: 'ipv4', dnsRecordIpType: 'ipv4' };
  const sameAddressing =
    (current.ipAddressType ?? 'ipv4') === wantedAddressing.ipAddressType && (current.dnsRecordIpType ?? 'ipv4') === wantedAddressing.dnsRecordIpType;
  const ipType = sameAddressing ? {} : { addressing: wantedAddressing };
  // Sent whenever private DNS is switched on too: EC2 would otherwise apply its default (true) there.
  const inboundOnly = wanted.privateDnsOnlyForInboundResolverEndpoint;
  const resolverOption =
    inboundOnly !== undefined && ('privateDnsEnabled' in privateDns || (current.privateDnsOnlyForInboundResolverEndpoint ?? false) !== inboundOnly)
      ? { privateDnsOnlyForInboundResolverEndpoint: inboundOnly }
      : {};
  const changes = addSubnetAzIds.length + removeSubnetIds.length + addSecurityGroupIds.length + removeSecurityGroupIds.length;
  if (changes === 0 && !policy && !('privateDnsEnabled' in privateDns) && !('addressing' in ipType) && !('privateDnsOnlyForInboundResolverEndpoint' in resolverOption)) {
    return undefined;
  }
  return {
    ...emptyModification(current.endpointId, wanted.service),
    addSubnetAzIds,
    removeSubnetIds,
    addSecurityGroupIds,
    removeSecurityGroupIds,
    ...policy,
    ...privateDns,
    ...ipType,
    ...resolverOption,
  };
}

function emptyModification(endpointId: string, service: string): ModifyEndpointAction {
  return {
    kind: 'modifyEndpoint',
    endpointId,
    service,
    addSubnetAzIds: [],
    removeSubnetIds: [],
    addRouteTableIds: [],
    removeRouteTableIds: [],
    addSecurityGroupIds: [],
    removeSecurityGroupIds: [],
  };
}

/** Tags written when a resource is created: ownership, a readable Name (the user's Name wins), the user's tags. */
function creationTags(spec: EndpointSpec, context: PlanContext, name: string, extra: Record<string, string>): Tag[] {
  const userHasName = spec.tags.some((tag) => tag.key === 'Name');
  return [
    ...ownerTags(context.owner),
    ...Object.entries(extra).map(([key, value]) => ({ key, value })),
    ...(userHasName ? [] : [{ key: 'Name', value: name }]),
    ...spec.tags,
  ];
}

/** CreateTags/DeleteTags for owned resources whose user tags differ from the spec, grouped so equal changes share one call. */
function tagUpdates(spec: EndpointSpec, context: PlanContext, resources: readonly { id: string; tags: Tags; name: string }[]): UpdateTagsAction[] {
  const wantedKeys = new Set(spec.tags.map((tag) => tag.key));
  const byChange = new Map<string, { set: Tag[]; removeKeys: string[]; resourceIds: string[] }>();
  for (const resource of resources) {
    const wanted: Tag[] = [...(wantedKeys.has('Name') ? [] : [{ key: 'Name', value: resource.name }]), ...spec.tags];
    const set = wanted.filter((tag) => resource.tags[tag.key] !== tag.value);
    const removeKeys = (context.previousTagKeys ?? []).filter(
      (key) => !wantedKeys.has(key) && key !== 'Name' && !key.startsWith(OWN_TAG_PREFIX) && key in resource.tags,
    );
    if (set.length + removeKeys.length === 0) continue;
    const signature = JSON.stringify([set, removeKeys]);
    const entry = byChange.get(signature) ?? { set, removeKeys, resourceIds: [] };
    entry.resourceIds.push(resource.id);
    byChange.set(signature, entry);
  }
  return [...byChange.values()].map((entry) => ({ kind: 'updateTags', ...entry }));
}

function pickCurrent(candidates: readonly ObservedEndpoint[]): ObservedEndpoint | undefined {
  const rank = (endpoint: ObservedEndpoint) => (isDeadEndpointState(endpoint.state) ? 1 : 0);
  return [...candidates].sort((a, b) => rank(a) - rank(b) || compareText(a.endpointId, b.endpointId))[0];
}

function shortOf(endpoint: ObservedEndpoint, desired: DesiredState): string {
  const match =
    desired.interfaceEndpoints.find((wanted) => wanted.offering.serviceName === endpoint.serviceName && endpoint.type === 'Interface') ??
    desired.gatewayEndpoints.find((wanted) => wanted.offering.serviceName === endpoint.serviceName && endpoint.type === 'Gateway');
  return match?.shortName ?? endpoint.serviceName;
}

function sortByStage(actions: Action[]): Action[] {
  return actions.map((action, index) => ({ action, index })).sort((a, b) => stageOf(a.action) - stageOf(b.action) || a.index - b.index).map(({ action }) => action);
}
