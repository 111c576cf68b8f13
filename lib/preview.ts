/**
 * `vpce-provisioner plan`: what a Create (or Update) would do, worked out exactly as the resource works it out —
 * parseProperties, discover, planConvergence — and reported instead of applied. Nothing here writes: the caller hands
 * in an EC2 sender (the CLI wraps it in ReadOnlyEc2Client), and only discovery's Describe calls go through it.
 *
 * `previewConvergence` does the one round of I/O; `summarizePlan` and `formatPreview` are pure.
 */
import { MANAGED_GROUP, STAGE_OF, type Action } from './actions';
import type { DesiredState } from './desired';
import { discover } from './discovery';
import type { Ec2Sender } from './ec2/paced-client';
import { InvalidPropertiesError, PreconditionFailedError } from './errors';
import type { Observation } from './observed';
import type { Owner } from './ownership';
import { physicalIdFor } from './physical-id';
import { planConvergence, securityGroupName, type Plan } from './plan';
import { parseProperties, previousTagKeys } from './properties';
import { parseStackArn } from './protocol/event';
import { convergenceNotes } from './notes';
import type { EndpointSpec } from './spec';

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

/** What every preview says about itself. */
export interface PreviewHeader {
  readonly requestType: 'Create' | 'Update';
  /** Undefined only when the properties name no valid VPC. */
  readonly vpcId?: string;
  /** The physical ID the resource would have; the owner tag of everything it creates. */
  readonly physicalResourceId?: string;
  readonly stackId: string;
  readonly logicalResourceId: string;
  /** The account the checks assumed. */
  readonly accountId?: string;
  readonly region: string;
}

/** The resource would answer FAILED, before any write. */
export interface FailingPreview extends PreviewHeader {
  readonly wouldSucceed: false;
  /** `properties`: parseProperties refused them. `preconditions`: the VPC, as observed, cannot take the endpoints. */
  readonly failedAt: 'properties' | 'preconditions';
  /** Every problem, each a sentence naming what to change. */
  readonly problems: readonly string[];
  /** The Reason the resource would send CloudFormation, word for word. */
  readonly reason: string;
}

/** The resource would succeed; this is what it would leave in the VPC and how it would get there. */
export interface SucceedingPreview extends PreviewHeader, PlanSummary {
  readonly wouldSucceed: true;
}

export type PlanPreview = FailingPreview | SucceedingPreview;

/** One endpoint subnet, by AZ ID. */
export interface PreviewSubnet {
  readonly azId: string;
  /** `new`: carved and created by this plan. `kept`: an owned subnet that stays, with its size. */
  readonly status: 'new' | 'kept';
  /** Undefined for a new subnet (EC2 assigns the ID). */
  readonly subnetId?: string;
  /** The IPv4 block; undefined for a new subnet whose block comes from an IPAM pool. */
  readonly cidr?: string;
  /** A new subnet whose block an IPAM pool allocates: the pool, and the size asked of it. */
  readonly ipamPoolId?: string;
  readonly prefixLength?: number;
  readonly ipv6Cidr?: string;
  /** Short names of the interface endpoints with a network interface in this subnet. */
  readonly interfaceEndpoints: readonly string[];
}

export type EndpointStatus = 'new' | 'replaced' | 'modified' | 'unchanged';

export interface PreviewInterfaceEndpoint {
  /** As the user wrote it. */
  readonly service: string;
  readonly shortName: string;
  readonly serviceName: string;
  readonly status: EndpointStatus;
  /** The existing endpoint (kept, modified, or the one replaced); undefined for a new one. */
  readonly endpointId?: string;
  readonly azIds: readonly string[];
}

export interface PreviewGatewayEndpoint {
  readonly service: string;
  readonly shortName: string;
  readonly serviceName: string;
  /** `none`: every route table is already served by another endpoint, so none is made. */
  readonly status: EndpointStatus | 'none';
  readonly endpointId?: string;
  readonly routeTableIds: readonly string[];
  /** Route tables left alone: another gateway endpoint for the service is already there. */
  readonly skippedRouteTables: readonly { readonly routeTableId: string; readonly endpointId: string }[];
}

export interface PreviewSecurityGroup {
  readonly status: 'new' | 'kept';
  readonly groupId?: string;
  readonly groupName: string;
  /** The CIDRs admitted on TCP 443 once the plan has run: the application subnets'. */
  readonly httpsIngressCidrs: readonly string[];
  readonly authorize: readonly string[];
  readonly revoke: readonly string[];
}

export interface PreviewAction {
  /** Actions of one stage are independent; stages run in order (see STAGE_OF). */
  readonly stage: number;
  readonly description: string;
  readonly action: Action;
}

/** A succeeding plan, as plain data (no Maps), ready for JSON. */
export interface PlanSummary {
  /** In AZ-ID order, as the `SubnetCidrs` output lists them. */
  readonly endpointSubnets: readonly PreviewSubnet[];
  readonly interfaceEndpoints: readonly PreviewInterfaceEndpoint[];
  /** Present while any interface endpoint is wanted. */
  readonly securityGroup?: PreviewSecurityGroup;
  readonly gatewayEndpoints: readonly PreviewGatewayEndpoint[];
  /** Foreign private-DNS endpoints that serve a service instead (ExistingEndpoints: reuse). */
  readonly reusedEndpoints: DesiredState['reusedEndpoints'];
  /** The notes the resource reports in its `Notes` output (the same function words them). */
  readonly notes: readonly string[];
  /** In the order they would run. Empty when the VPC already matches. */
  readonly actions: readonly PreviewAction[];
  /** An Update that changes VpcId: a new resource in the new VPC; CloudFormation then deletes the old one. */
  readonly replacement?: { readonly oldVpcId: string };
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

/** The partition a region belongs to (for ARNs). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * Validates the properties, observes the VPC and plans, as a Create (or Update) would, and reports the plan or every
 * problem with the reason the resource would give. Sends only discovery's Describe calls through `ec2`.
 *
 * @throws TypeError when `stackId` is not a CloudFormation stack ARN; EC2's own errors (credentials, network) as thrown.
 * @example
 * const preview = await previewConvergence(new ReadOnlyEc2Client(ec2), {
 *   properties: { VpcId: 'vpc-0a1b2c3d', SubnetIds: 'subnet-0a1b2c3d,subnet-1a2b3c4d' },
 *   stackId: placeholderStackId('eu-west-1'),
 *   logicalResourceId: DEFAULT_LOGICAL_ID,
 * });
 * console.log(formatPreview(preview));
 */
export async function previewConvergence(ec2: Ec2Sender, request: PreviewRequest): Promise<PlanPreview> {
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
    // The resource's reason, as lib/lifecycle.ts words it.
    return { ...header, wouldSucceed: false, failedAt: 'properties', problems: error.problems, reason: `Invalid properties: ${error.message}` };
  }

  const physicalResourceId = physicalIdFor({ stackId: request.stackId, logicalResourceId: request.logicalResourceId, vpcId: spec.vpcId });
  const owner: Owner = { physicalId: physicalResourceId, stackId: request.stackId, logicalResourceId: request.logicalResourceId };
  const accountId = request.accountId ?? (stack.accountId === PLACEHOLDER_ACCOUNT_ID ? undefined : stack.accountId);
  const discovered = await discover(ec2, spec, {
    owner,
    accountId: accountId ?? UNKNOWN_ACCOUNT,
    region: stack.region,
    partition: stack.partition,
  });
  // Discovery copies the account into the observation and uses it for nothing else, so it can be settled afterwards.
  const observation: Observation =
    accountId === undefined ? { ...discovered, accountId: discovered.vpc?.ownerId || UNKNOWN_ACCOUNT } : discovered;
  const identified = { ...header, vpcId: spec.vpcId, physicalResourceId, ...optional('accountId', observation.vpc ? observation.accountId : accountId) };

  const plan = planConvergence(spec, observation, {
    owner,
    namePrefix: `${stack.stackName}-${request.logicalResourceId}`,
    previousTagKeys: request.oldProperties === undefined ? undefined : previousTagKeys(request.oldProperties),
  });
  if (!plan.ok) {
    const reason = new PreconditionFailedError(plan.problems).message;
    return { ...identified, wouldSucceed: false, failedAt: 'preconditions', problems: plan.problems, reason };
  }
  const oldVpcId = request.oldProperties?.['VpcId'];
  const replacement = typeof oldVpcId === 'string' && oldVpcId.trim().toLowerCase() !== spec.vpcId.toLowerCase() ? { oldVpcId: oldVpcId.trim() } : undefined;
  return { ...identified, wouldSucceed: true, ...summarizePlan(spec, plan, owner), ...(replacement ? { replacement } : {}) };
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

  const interfaceEndpoints: PreviewInterfaceEndpoint[] = desired.interfaceEndpoints.map((wanted) => ({
    service: wanted.service,
    shortName: wanted.shortName,
    serviceName: wanted.offering.serviceName,
    ...statusOf(wanted.service, 'Interface', wanted.offering.serviceName),
    azIds: wanted.azIds,
  }));

  const endpointSubnets: PreviewSubnet[] = desired.azIds.map((azId) => {
    const kept = plan.keptSubnets.get(azId);
    const interfaceNames = desired.interfaceEndpoints.filter((wanted) => wanted.azIds.includes(azId)).map((wanted) => wanted.shortName);
    if (kept) return { azId, status: 'kept', subnetId: kept.subnetId, cidr: kept.cidr, ...optional('ipv6Cidr', kept.ipv6Cidrs[0]), interfaceEndpoints: interfaceNames };
    const block = plan.carved.get(azId) ?? {};
    return {
      azId,
      status: 'new',
      ...optional('cidr', block.cidr),
      ...(block.cidr === undefined && spec.ipv4IpamPoolId !== undefined
        ? { ipamPoolId: spec.ipv4IpamPoolId, prefixLength: spec.subnetPrefixLength }
        : {}),
      ...optional('ipv6Cidr', block.ipv6Cidr),
      interfaceEndpoints: interfaceNames,
    };
  });

  const gatewayEndpoints: PreviewGatewayEndpoint[] = desired.gatewayEndpoints.map((wanted) => ({
    service: wanted.service,
    shortName: wanted.shortName,
    serviceName: wanted.offering.serviceName,
    ...(wanted.routeTableIds.length === 0 ? { status: 'none' as const } : statusOf(wanted.service, 'Gateway', wanted.offering.serviceName)),
    routeTableIds: wanted.routeTableIds,
    skippedRouteTables: desired.skippedRouteTables
      .filter((skip) => skip.service === wanted.service)
      .map(({ routeTableId, endpointId }) => ({ routeTableId, endpointId })),
  }));

  return {
    endpointSubnets,
    interfaceEndpoints,
    ...optional('securityGroup', securityGroupOf(plan, owner)),
    gatewayEndpoints,
    reusedEndpoints: desired.reusedEndpoints,
    notes: convergenceNotes(spec, desired, [...plan.keptSubnets.values()]),
    actions: actions.map((action) => ({ stage: STAGE_OF[action.kind], description: describeAction(action), action })),
  };
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
    httpsIngressCidrs: plan.desired.ingressCidrs,
    authorize: cidrsOf('authorizeIngress'),
    revoke: cidrsOf('revokeIngress'),
  };
}

/**
 * One line that says what an action does, with the IDs and blocks involved.
 *
 * @example
 * describeAction({ kind: 'deleteSubnet', subnetId: 'subnet-0a1b2c3d', azId: 'use1-az1' }) // 'delete subnet subnet-0a1b2c3d (use1-az1)'
 */
export function describeAction(action: Action): string {
  const list = (items: readonly string[]) => items.join(', ');
  switch (action.kind) {
    case 'createSubnet': {
      const block = action.cidr ?? `a /${action.prefixLength} from IPAM pool ${action.ipamPoolId ?? '(none)'}`;
      return `create subnet ${block}${action.ipv6Cidr ? ` and ${action.ipv6Cidr}` : ''} in ${action.azId}`;
    }
    case 'createSecurityGroup':
      return `create security group ${action.groupName}`;
    case 'authorizeIngress':
      return `allow TCP 443 from ${list(action.cidrs)} into ${groupLabel(action.groupId)}`;
    case 'revokeIngress':
      return `revoke TCP 443 from ${list(action.cidrs)} on ${action.groupId}`;
    case 'updateTags': {
      const changes = [
        ...(action.set.length > 0 ? [`set ${list(action.set.map((tag) => `${tag.key}=${tag.value}`))}`] : []),
        ...(action.removeKeys.length > 0 ? [`remove ${list(action.removeKeys)}`] : []),
      ];
      return `tag ${list(action.resourceIds)}: ${changes.join('; ')}`;
    }
    case 'createEndpoint': {
      const where = action.type === 'Interface' ? `in ${list(action.subnetAzIds)}` : `on ${list(action.routeTableIds)}`;
      const details = [
        ...(action.type === 'Interface' ? [`private DNS ${action.privateDnsEnabled ? 'on' : 'off'}`] : []),
        ...(action.addressing && action.addressing.ipAddressType !== 'ipv4'
          ? [`${action.addressing.ipAddressType}, DNS records ${action.addressing.dnsRecordIpType}`]
          : []),
        ...(action.policyDocument !== undefined ? ['custom policy'] : []),
        ...(action.replaces ? [`replacing ${action.replaces}`] : []),
      ];
      return `create ${action.type.toLowerCase()} endpoint ${action.serviceName} ${where}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    }
    case 'modifyEndpoint': {
      const changes = [
        ...(action.addSubnetAzIds.length > 0 ? [`add subnets in ${list(action.addSubnetAzIds)}`] : []),
        ...(action.removeSubnetIds.length > 0 ? [`remove subnets ${list(action.removeSubnetIds)}`] : []),
        ...(action.addRouteTableIds.length > 0 ? [`add route tables ${list(action.addRouteTableIds)}`] : []),
        ...(action.removeRouteTableIds.length > 0 ? [`remove route tables ${list(action.removeRouteTableIds)}`] : []),
        ...(action.addSecurityGroupIds.length > 0 ? [`add security groups ${list(action.addSecurityGroupIds.map(groupLabel))}`] : []),
        ...(action.removeSecurityGroupIds.length > 0 ? [`remove security groups ${list(action.removeSecurityGroupIds)}`] : []),
        ...(action.policyDocument !== undefined ? ['set its policy'] : []),
        ...(action.resetPolicy ? ['reset its policy to the default'] : []),
        ...(action.privateDnsEnabled !== undefined ? [`turn private DNS ${action.privateDnsEnabled ? 'on' : 'off'}`] : []),
        ...(action.addressing ? [`use ${action.addressing.ipAddressType}, DNS records ${action.addressing.dnsRecordIpType}`] : []),
      ];
      return `modify ${action.endpointId} (${action.service}): ${changes.join('; ')}`;
    }
    case 'deleteEndpoints':
      return `delete endpoint${action.endpointIds.length === 1 ? '' : 's'} ${list(action.endpointIds)}`;
    case 'deleteSubnet':
      return `delete subnet ${action.subnetId} (${action.azId})`;
    case 'deleteSecurityGroup':
      return `delete security group ${action.groupId}`;
  }
}

function groupLabel(groupId: string): string {
  return groupId === MANAGED_GROUP ? 'the new security group' : groupId;
}

/**
 * The preview as text for a terminal: what the VPC would hold, the ordered actions and the verdict; or every problem
 * and the reason CloudFormation would show.
 */
export function formatPreview(preview: PlanPreview): string {
  const lines: string[] = [];
  const account = preview.accountId ? `, account ${preview.accountId}` : '';
  lines.push(`${preview.requestType} preview for ${preview.vpcId ?? '(no valid VpcId)'} in ${preview.region}${account}`);
  const stackName = parseStackArn(preview.stackId)?.stackName ?? preview.stackId;
  if (preview.physicalResourceId) lines.push(`Resource ${preview.physicalResourceId} (stack ${stackName}, logical ID ${preview.logicalResourceId})`);
  lines.push('');
  if (!preview.wouldSucceed) {
    const what = preview.failedAt === 'properties' ? 'the properties are invalid' : 'the VPC cannot take the endpoints';
    lines.push(`Would FAIL before any change (${what}): ${count(preview.problems.length, 'problem')}`);
    preview.problems.forEach((problem, index) => lines.push(`  ${index + 1}. ${problem}`));
    lines.push('', 'CloudFormation would show:', `  ${preview.reason}`);
    return lines.join('\n') + '\n';
  }

  if (preview.replacement) {
    lines.push(`VpcId changes from ${preview.replacement.oldVpcId}: a new resource is made in ${preview.vpcId}; CloudFormation then deletes the old one.`, '');
  }
  lines.push('Endpoint subnets (AZ ID order):');
  if (preview.endpointSubnets.length === 0) lines.push('  none (no interface endpoints)');
  lines.push(
    ...table(
      preview.endpointSubnets.map((subnet) => [
        subnet.azId,
        [subnet.cidr ?? `a /${subnet.prefixLength} from ${subnet.ipamPoolId}`, subnet.ipv6Cidr].filter(Boolean).join(' + '),
        subnet.status === 'new' ? 'new subnet' : `${subnet.subnetId} (kept)`,
        subnet.interfaceEndpoints.join(', '),
      ]),
    ),
  );
  if (preview.interfaceEndpoints.length > 0) {
    lines.push('', 'Interface endpoints:');
    lines.push(
      ...table(
        preview.interfaceEndpoints.map((endpoint) => [
          endpoint.shortName,
          statusLabel(endpoint.status, endpoint.endpointId),
          endpoint.serviceName,
          `in ${endpoint.azIds.join(', ') || 'no AZ'}`,
        ]),
      ),
    );
  }
  if (preview.securityGroup) {
    const group = preview.securityGroup;
    lines.push('', `Security group: ${group.status === 'new' ? `new, ${group.groupName}` : `${group.groupId} (kept)`}`);
    lines.push(`  TCP 443 from ${group.httpsIngressCidrs.join(', ') || 'nowhere'}`);
    // A new group gets every rule; for a kept one, say which rules change.
    if (group.status === 'kept' && group.authorize.length > 0) lines.push(`  adds ${group.authorize.join(', ')}`);
    if (group.revoke.length > 0) lines.push(`  revokes ${group.revoke.join(', ')}`);
  }
  if (preview.gatewayEndpoints.length > 0) {
    lines.push('', 'Gateway endpoints:');
    for (const gateway of preview.gatewayEndpoints) {
      const tables = gateway.routeTableIds.length > 0 ? `route tables ${gateway.routeTableIds.join(', ')}` : 'no route table';
      lines.push(`  ${gateway.shortName}  ${gateway.status === 'none' ? 'none made' : statusLabel(gateway.status, gateway.endpointId)}  ${tables}`);
      for (const skip of gateway.skippedRouteTables) lines.push(`    skips ${skip.routeTableId}: ${skip.endpointId} already serves it`);
    }
  }
  if (preview.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of preview.notes) lines.push(`  - ${note}`);
  }
  lines.push('');
  if (preview.actions.length === 0) {
    lines.push('Actions: none. The VPC already matches these properties.', '', 'Would succeed with no changes.');
  } else {
    lines.push(`Actions (${preview.actions.length}, in this order):`);
    const width = String(preview.actions.length).length;
    preview.actions.forEach((action, index) => lines.push(`  ${String(index + 1).padStart(width)}. ${action.description}`));
    lines.push('', `Would succeed with ${count(preview.actions.length, 'action')}.`);
  }
  return lines.join('\n') + '\n';
}

function statusLabel(status: EndpointStatus, endpointId: string | undefined): string {
  if (status === 'new') return 'new';
  if (status === 'replaced') return `new, replacing ${endpointId}`;
  return `${endpointId} (${status === 'modified' ? 'modified' : 'kept'})`;
}

/** Rows padded into columns, two spaces apart, each indented by two. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd());
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `{ [key]: value }` when the value is set, `{}` otherwise, so absent fields stay out of the JSON. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
