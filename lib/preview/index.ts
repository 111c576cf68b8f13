/**
 * `vpce-provisioner plan`: what a Create (or Update) would do, worked out exactly as the resource works it out —
 * parseProperties, discover, planConvergence — and reported instead of applied. Nothing here writes: the caller hands
 * in EC2, Route 53 and Service Quotas senders (the CLI wraps each in ReadOnlyClient), and only discovery's reads go
 * through them: the same Describe, ListHostedZonesByVPC and GetServiceQuota calls a Create makes before writing.
 *
 * `previewConvergence` does the one round of I/O; `summarizePlan` is pure; lib/preview-types.ts holds the report's
 * shape and lib/preview-format.ts prints it.
 */
import { stageOf } from '../reconcile/actions';
import { discover } from '../reconcile/discovery';
import type { Ec2Sender } from '../ec2/paced-client';
import { InvalidPropertiesError, PreconditionFailedError } from '../errors';
import type { Observation } from '../reconcile/observed';
import type { Owner } from '../reconcile/ownership';
import { physicalIdFor } from '../protocol/physical-id';
import { ownedResources, planConvergence, securityGroupName, type Plan } from '../reconcile/plan';
import { parseProperties, previousTagKeys } from '../properties';
import { RESOURCE_ID_FORMATS, readResourceId } from '../properties/resource-ids';
import { parseStackArn } from '../protocol/event';
import { partitionOfRegion } from '../protocol/partitions';
import { convergenceNotes } from '../reconcile/notes';
import { describeAction } from './format';
import { countChanges, planChanges, shortServiceName, sortCidrs } from './changes';
import type {
  EndpointStatus,
  PlanPreview,
  PlanSummary,
  PreviewGatewayEndpoint,
  PreviewHeader,
  PreviewInterfaceEndpoint,
  PreviewSecurityGroup,
  PreviewSubnet,
} from './types';
import type { EndpointSpec } from '../properties/spec';
import { compareText } from '../compare-text';
import { hubIdFor } from '../centralised/hub-contract';
import { observeHubZones } from '../reconcile/hub-zones';
import { summarizeHub } from './hub';

/** The logical ID a preview assumes when none is given: the one the documentation's template uses. */
export const DEFAULT_LOGICAL_ID = 'VpcEndpoints';
/** The account of the placeholder stack of a Create preview: no real account, so its physical ID owns nothing. */
export const PLACEHOLDER_ACCOUNT_ID = '000000000000';
const PLACEHOLDER_STACK_NAME = 'vpce-provisioner-preview';
/** Stands in for the account in the checks' sentences when neither the caller nor the VPC told which it is. */
const UNKNOWN_ACCOUNT = '(the caller’s)';

export interface PreviewRequest {
  /** The new ResourceProperties, as CloudFormation would send them. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** The old ResourceProperties: their presence makes this an Update preview (tags the user removed are removed). */
  readonly oldProperties?: Readonly<Record<string, unknown>>;
  /** The stack the resource lives (or would live) in; see {@link placeholderStackId}. Its region is where EC2 is asked. */
  readonly stackId: string;
  readonly logicalResourceId: string;
  /**
   * The account the stack is deployed in, for the checks (a VPC shared from another account cannot take the endpoints).
   * Default: the stack's account; for the placeholder stack, the VPC owner's (the stack would be deployed where the
   * VPC lives).
   */
  readonly accountId?: string;
}

/**
 * The other services discovery reads before writing, as the lifecycle hands them in (ReconcileContext): Route 53 for
 * the private hosted zones of the VPC, Service Quotas for the applied VPC quotas. Required, so that no preview skips
 * a check the Create makes; a read they refuse is reported in the preview (skippedReads).
 */
export interface PreviewReaders {
  readonly route53: Ec2Sender;
  readonly serviceQuotas: Ec2Sender;
}

/**
 * A stack ARN for a Create preview without a stack: account {@link PLACEHOLDER_ACCOUNT_ID}, so its physical ID owns
 * nothing and the preview plans from scratch, as a first Create would.
 *
 * @example
 * placeholderStackId('eu-west-1')
 * // 'arn:aws:cloudformation:eu-west-1:000000000000:stack/vpce-provisioner-preview/00000000-0000-0000-0000-000000000000'
 */
export function placeholderStackId(region: string): string {
  return `arn:${partitionOf(region)}:cloudformation:${region}:${PLACEHOLDER_ACCOUNT_ID}:stack/${PLACEHOLDER_STACK_NAME}/00000000-0000-0000-0000-000000000000`;
}

/** The partition a region belongs to (for ARNs); `aws` for a Region of a partition the provider does not serve. */
export function partitionOf(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/**
 * Validates the properties, observes the VPC and plans, as a Create (or Update) would, and reports the plan or every
 * problem with the reason the resource would give. Sends only discovery's Describe calls through `ec2`.
 *
 * @throws TypeError when `stackId` is not a CloudFormation stack ARN; EC2's own errors (credentials, network) as thrown.
 * @example
 * const preview = await previewConvergence(
 *   new ReadOnlyEc2Client(ec2),
 *   {
 *     properties: { VpcId: 'vpc-0a1b2c3d', SubnetIds: 'subnet-0a1b2c3d,subnet-1a2b3c4d' },
 *     stackId: placeholderStackId('eu-west-1'),
 *     logicalResourceId: DEFAULT_LOGICAL_ID,
 *   },
 *   { route53: new ReadOnlyClient(route53, 'Route 53'), serviceQuotas: new ReadOnlyClient(serviceQuotas, 'Service Quotas') },
 * );
 * console.log(formatPreview(preview));
 */
export async function previewConvergence(ec2: Ec2Sender, request: PreviewRequest, readers: PreviewReaders): Promise<PlanPreview> {
  const stack = parseStackArn(request.stackId);
  if (!stack) throw new TypeError(`Not a CloudFormation stack ARN: ${JSON.stringify(request.stackId)}.`);
  const header: PreviewHeader = {
    requestType: request.oldProperties === undefined ? 'Create' : 'Update',
    stackId: request.stackId,
    logicalResourceId: request.logicalResourceId,
    ...optional('accountId', request.accountId),
    region: stack.region,
  };

  let spec: EndpointSpec;
  try {
    spec = parseProperties(request.properties);
  } catch (error) {
    if (!(error instanceof InvalidPropertiesError)) throw error;
    // The resource's reason, as lib/lifecycle.ts words it; the header still names the VPC when VpcId itself is valid.
    const vpcId = validVpcId(request.properties);
    return {
      ...header,
      ...optional('vpcId', vpcId),
      wouldSucceed: false,
      failedAt: 'properties',
      problems: error.problems,
      reason: `Invalid properties: ${error.message}`,
    };
  }

  const physicalResourceId = physicalIdFor({ stackId: request.stackId, logicalResourceId: request.logicalResourceId, vpcId: spec.vpcId });
  const owner: Owner = { physicalId: physicalResourceId, stackId: request.stackId, logicalResourceId: request.logicalResourceId };
  const accountId = request.accountId ?? (stack.accountId === PLACEHOLDER_ACCOUNT_ID ? undefined : stack.accountId);
  const discovered = await discover(ec2, spec, {
    owner,
    route53: readers.route53,
    serviceQuotas: readers.serviceQuotas,
    accountId: accountId ?? UNKNOWN_ACCOUNT,
    region: stack.region,
    partition: stack.partition,
  });
  // Discovery copies the account into the observation and uses it for nothing else, so it can be settled afterwards.
  const observation: Observation =
    accountId === undefined ? { ...discovered, accountId: discovered.vpc?.ownerId || UNKNOWN_ACCOUNT } : discovered;
  // An Update of a resource that owns nothing in its VPC is most often a wrong --stack-id or --logical-id: everything
  // would show as new, and its own endpoints as another team's. (After a VpcId change, owning nothing is expected.)
  const oldVpcId = request.oldProperties?.['VpcId'];
  const replacement = typeof oldVpcId === 'string' && oldVpcId.trim().toLowerCase() !== spec.vpcId.toLowerCase() ? { oldVpcId: oldVpcId.trim() } : undefined;
  const ownsNothing =
    request.oldProperties !== undefined && replacement === undefined && Object.values(ownedResources(observation, owner)).every((resources) => resources.length === 0);
  const identified = {
    ...header,
    vpcId: spec.vpcId,
    physicalResourceId,
    ...optional('accountId', observation.vpc ? observation.accountId : accountId),
    ...(ownsNothing ? { ownsNothing: true as const } : {}),
    ...optional('skippedReads', observation.skippedReads),
  };

  const plan = planConvergence(spec, observation, {
    owner,
    namePrefix: `${stack.stackName}-${request.logicalResourceId}`,
    previousTagKeys: request.oldProperties === undefined ? undefined : previousTagKeys(request.oldProperties),
  });
  if (!plan.ok) {
    const reason = new PreconditionFailedError(plan.problems).message;
    return { ...identified, wouldSucceed: false, failedAt: 'preconditions', problems: plan.problems, reason };
  }
  const summary = summarizePlan(spec, plan, owner);
  const hubbed = spec.dnsMode === 'HostedZones' ? await withHub(summary, spec, plan, owner, readers.route53, hubIdOf(stack, observation, spec.vpcId)) : summary;
  return { ...identified, wouldSucceed: true, ...hubbed, ...(replacement ? { replacement } : {}) };
}

/**
 * The summary with the hub's zones and their changes, after the endpoints' (the converge makes them after the endpoints).
 * A Create preview's placeholder owner can own no zone, so Route 53 is asked only for a real stack.
 */
async function withHub(summary: PlanSummary, spec: EndpointSpec, plan: Extract<Plan, { ok: true }>, owner: Owner, route53: Ec2Sender, hubId: string | undefined): Promise<PlanSummary> {
  const placeholder = parseStackArn(owner.stackId)?.accountId === PLACEHOLDER_ACCOUNT_ID;
  const observedZones = placeholder ? [] : await observeHubZones(route53, owner);
  const { hub, changes, groupChange } = summarizeHub({ spec, plan, interfaceEndpoints: summary.interfaceEndpoints, observedZones, hubId });
  // Each resource once: the group's marking joins the group's own line when the plan already changes it.
  const merged = groupChange && summary.changes.some((change) => change.id === groupChange.id);
  const endpointChanges = merged
    ? summary.changes.map((change) => (change.id === groupChange.id ? { ...change, detail: `${change.detail}; ${groupChange.detail}` } : change))
    : [...summary.changes, ...(groupChange ? [groupChange] : [])];
  const allChanges = [...endpointChanges, ...changes];
  return { ...summary, hub, changes: allChanges, counts: countChanges(allChanges) };
}

/** The hub's ID, when the account the resource would run in is known. */
function hubIdOf(stack: { partition: string; region: string }, observation: Observation, vpcId: string): string | undefined {
  return /^\d{12}$/.test(observation.accountId) ? hubIdFor({ partition: stack.partition, region: stack.region, accountId: observation.accountId, vpcId }) : undefined;
}

/** VpcId when it is valid by itself, whatever the other properties hold; for the header of a failing preview. */
export function validVpcId(properties: Readonly<Record<string, unknown>>): string | undefined {
  const read = readResourceId('VpcId', properties['VpcId'], RESOURCE_ID_FORMATS.vpc, () => undefined);
  return read.ok ? read.value : undefined;
}

/**
 * A succeeding plan as a report: the endpoint subnets by AZ ID, the endpoints and their status, the security group
 * and its rules, notes and the ordered actions. Pure.
 */
export function summarizePlan(spec: EndpointSpec, plan: Extract<Plan, { ok: true }>, owner: Owner): PlanSummary {
  const { desired, owned, actions } = plan;
  const liveOwned = owned.endpoints.filter((endpoint) => !['deleting', 'deleted'].includes(endpoint.state));
  const deleted = new Set(actions.flatMap((action) => (action.kind === 'deleteEndpoints' ? action.endpointIds : [])));
  const statusOf = (service: string, type: 'Interface' | 'Gateway', serviceName: string): { status: EndpointStatus; endpointId?: string } => {
    const created = actions.find((action) => action.kind === 'createEndpoint' && action.type === type && action.service === service);
    if (created?.kind === 'createEndpoint') return created.replaces ? { status: 'replaced', endpointId: created.replaces } : { status: 'new' };
    const current = liveOwned
      .filter((endpoint) => endpoint.type === type && endpoint.serviceName === serviceName && !deleted.has(endpoint.endpointId))
      .sort((a, b) => compareText(a.endpointId, b.endpointId))[0];
    if (!current) return { status: 'new' };
    const modified = actions.some((action) => action.kind === 'modifyEndpoint' && action.endpointId === current.endpointId);
    return { status: modified ? 'modified' : 'unchanged', endpointId: current.endpointId };
  };

  const replaced = new Set(actions.flatMap((action) => (action.kind === 'createEndpoint' && action.replaces ? [action.replaces] : [])));
  const goneEndpoints = liveOwned.filter((endpoint) => deleted.has(endpoint.endpointId) && !replaced.has(endpoint.endpointId));
  const subnetAz = new Map(owned.subnets.map((subnet) => [subnet.subnetId, subnet.azId]));
  // Deletions are shown where additions are, under the service they served.
  const deletedEndpoint = (endpoint: { serviceName: string; endpointId: string }) => ({
    service: shortServiceName(endpoint.serviceName, plan),
    shortName: shortServiceName(endpoint.serviceName, plan),
    serviceName: endpoint.serviceName,
    status: 'deleted' as const,
    endpointId: endpoint.endpointId,
  });
  const interfaceEndpoints: PreviewInterfaceEndpoint[] = [
    ...desired.interfaceEndpoints.map((wanted) => ({
      service: wanted.service,
      shortName: wanted.shortName,
      serviceName: wanted.offering.serviceName,
      ...statusOf(wanted.service, 'Interface', wanted.offering.serviceName),
      azIds: wanted.azIds,
      privateDnsEnabled: wanted.privateDnsEnabled,
    })),
    // Deletions are shown where additions are: the endpoint, its service and the AZs it leaves.
    ...goneEndpoints
      .filter((endpoint) => endpoint.type === 'Interface')
      .map((endpoint) => ({
        ...deletedEndpoint(endpoint),
        azIds: [...new Set(endpoint.subnetIds.map((id) => subnetAz.get(id) ?? id))].sort(compareText),
      })),
  ];

  const endpointSubnets: PreviewSubnet[] = [
    ...desired.azIds.map((azId): PreviewSubnet => {
      const kept = plan.keptSubnets.get(azId);
      const wantedHere = desired.interfaceEndpoints.filter((wanted) => wanted.azIds.includes(azId));
      const interfaceNames = wantedHere.map((wanted) => wanted.shortName);
      if (kept) {
        // What EC2 counts as used now, less the owned endpoints' interfaces there now, plus those there after the plan.
        const ownedHereNow = liveOwned.filter((endpoint) => endpoint.type === 'Interface' && endpoint.subnetIds.includes(kept.subnetId)).length;
        const usable = usableAddresses(kept.cidr);
        const usedNow = usable === undefined ? undefined : usable - kept.availableIpAddressCount;
        return {
          azId,
          status: 'kept',
          subnetId: kept.subnetId,
          cidr: kept.cidr,
          ...optional('ipv6Cidr', kept.ipv6Cidrs[0]),
          interfaceEndpoints: interfaceNames,
          ...optional('addresses', usable === undefined || usedNow === undefined ? undefined : addresses(usable, usedNow - ownedHereNow + wantedHere.length)),
        };
      }
      const block = plan.carved.get(azId) ?? {};
      const usable = block.cidr === undefined ? usableAddressesOfPrefix(spec.subnetPrefixLength) : usableAddresses(block.cidr);
      return {
        azId,
        status: 'new',
        ...optional('cidr', block.cidr),
        ...(block.cidr === undefined && spec.ipv4IpamPoolId !== undefined
          ? { ipamPoolId: spec.ipv4IpamPoolId, prefixLength: spec.subnetPrefixLength }
          : {}),
        ...optional('ipv6Cidr', block.ipv6Cidr),
        interfaceEndpoints: interfaceNames,
        ...optional('addresses', usable === undefined ? undefined : addresses(usable, wantedHere.length)),
      };
    }),
    ...actions.flatMap((action): PreviewSubnet[] => {
      if (action.kind !== 'deleteSubnet') return [];
      const subnet = owned.subnets.find((candidate) => candidate.subnetId === action.subnetId);
      return [{ azId: action.azId, status: 'deleted', subnetId: action.subnetId, ...optional('cidr', subnet?.cidr), ...optional('ipv6Cidr', subnet?.ipv6Cidrs[0]), interfaceEndpoints: [] }];
    }),
  ].sort((a, b) => compareText(a.azId, b.azId) || compareText(a.status, b.status));

  const gatewayEndpoints: PreviewGatewayEndpoint[] = [
    ...desired.gatewayEndpoints.map((wanted) => ({
      service: wanted.service,
      shortName: wanted.shortName,
      serviceName: wanted.offering.serviceName,
      ...(wanted.routeTableIds.length === 0 ? { status: 'none' as const } : statusOf(wanted.service, 'Gateway', wanted.offering.serviceName)),
      routeTableIds: wanted.routeTableIds,
      skippedRouteTables: desired.skippedRouteTables
        .filter((skip) => skip.service === wanted.service)
        .map(({ routeTableId, endpointId }) => ({ routeTableId, endpointId })),
    })),
    ...goneEndpoints
      .filter((endpoint) => endpoint.type === 'Gateway')
      .map((endpoint) => ({
        ...deletedEndpoint(endpoint),
        routeTableIds: [...endpoint.routeTableIds].sort(compareText),
        skippedRouteTables: [],
      })),
  ];

  const changes = planChanges(plan);
  return {
    endpointSubnets,
    interfaceEndpoints,
    ...optional('securityGroup', securityGroupOf(plan, owner)),
    gatewayEndpoints,
    reusedEndpoints: desired.reusedEndpoints,
    notes: convergenceNotes(spec, desired, [...plan.keptSubnets.values()], plan.carved),
    actions: actions.map((action) => ({ stage: stageOf(action), description: describeAction(action), action })),
    changes,
    counts: countChanges(changes),
    tags: spec.tags,
    interfaceEndpointAzs: {
      current: liveOwned.filter((endpoint) => endpoint.type === 'Interface').reduce((sum, endpoint) => sum + endpoint.subnetIds.length, 0),
      planned: desired.interfaceEndpoints.reduce((sum, wanted) => sum + wanted.azIds.length, 0),
    },
  };
}

/** AWS reserves 5 addresses in every subnet (aws-facts, "Subnets and CIDRs"). */
const RESERVED_ADDRESSES = 5;

function usableAddresses(cidr: string): number | undefined {
  const prefix = /\/(\d+)$/.exec(cidr)?.[1];
  return prefix === undefined || cidr.includes(':') ? undefined : usableAddressesOfPrefix(Number(prefix));
}

function usableAddressesOfPrefix(prefixLength: number): number {
  return 2 ** (32 - prefixLength) - RESERVED_ADDRESSES;
}

function addresses(usable: number, used: number): { usable: number; used: number; free: number } {
  return { usable, used, free: usable - used };
}

function securityGroupOf(plan: Extract<Plan, { ok: true }>, owner: Owner): PreviewSecurityGroup | undefined {
  if (plan.desired.interfaceEndpoints.length === 0) return undefined;
  // The planner keeps the owned group with the lowest ID and deletes any other.
  const kept = [...plan.owned.securityGroups].sort((a, b) => compareText(a.groupId, b.groupId))[0];
  const cidrsOf = (kind: 'authorizeIngress' | 'revokeIngress') =>
    plan.actions.flatMap((action) => (action.kind === kind ? action.cidrs : []));
  return {
    status: kept ? 'kept' : 'new',
    ...optional('groupId', kept?.groupId),
    groupName: kept?.groupName ?? securityGroupName(owner),
    // In numeric order, never as text (10.2.0.64/26 before 10.2.0.128/26).
    httpsIngressCidrs: sortCidrs(plan.desired.ingressCidrs),
    authorize: sortCidrs(cidrsOf('authorizeIngress')),
    revoke: sortCidrs(cidrsOf('revokeIngress')),
  };
}

/** `{ [key]: value }` when the value is set, `{}` otherwise, so absent fields stay out of the JSON. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
