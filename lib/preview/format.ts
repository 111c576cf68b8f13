/** The plan preview as text: one line per action, and the report `vpce-provisioner plan` prints. Pure. */
import { MANAGED_GROUP, type Action } from '../reconcile/actions';
import type { ChangeCounts, EndpointStatus, PlanChange, PlanPreview, PreviewHub, PreviewHubRecord } from './types';
import { parseStackArn } from '../protocol/event';
import { KNOWN_PROPERTIES } from '../properties';
import { HOURS_PER_MONTH, type CostEstimate, type MonthlyCost } from '../pricing/estimate';
import { HOSTED_ZONE_PRICE } from '../pricing/price-table';
import { sortCidrs } from './changes';

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
      return `allow TCP 443 from ${list(sortCidrs(action.cidrs))} into ${groupLabel(action.groupId)}`;
    case 'revokeIngress':
      return `revoke TCP 443 from ${list(sortCidrs(action.cidrs))} on ${action.groupId}`;
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
 * The preview as text for a terminal: what the VPC would hold (each row marked `+` new, `~` changed, `-` deleted,
 * `-/+` replaced), tags, notes, the cost estimate, every change, and the closing `Plan: N to add, M to change, K to
 * destroy.`; or every problem once, the property problems apart from the VPC's.
 */
export function formatPreview(preview: PlanPreview, options: { readonly cost?: CostEstimate } = {}): string {
  const lines: string[] = [];
  const account = preview.accountId ? `, account ${preview.accountId}` : '';
  lines.push(`${preview.requestType} preview for ${preview.vpcId ?? '(no valid VpcId)'} in ${preview.region}${account}`);
  const stackName = parseStackArn(preview.stackId)?.stackName ?? preview.stackId;
  if (preview.physicalResourceId) lines.push(`Resource ${preview.physicalResourceId} (stack ${stackName}, logical ID ${preview.logicalResourceId})`);
  lines.push('');
  if (preview.ownsNothing) {
    lines.push(
      `Warning: stack ${stackName}, logical ID ${preview.logicalResourceId} owns nothing in ${preview.vpcId}, so everything below shows as new.`,
      `  If the resource exists, check --stack-id and --logical-id: aws cloudformation describe-stack-resource --stack-name ${stackName} --logical-resource-id ${preview.logicalResourceId} shows them.`,
      '',
    );
  }
  for (const read of preview.skippedReads ?? []) {
    // The preview promises the Create's checks: one it could not make is said, never silently assumed.
    lines.push(`Warning: ${read.permission} was ${read.denied ? 'denied' : 'not answered'}: ${read.consequence}.`, `  (${read.error})`);
  }
  if ((preview.skippedReads ?? []).length > 0) lines.push('');
  if (!preview.wouldSucceed) {
    lines.push(`Would FAIL before any change: ${count(preview.problems.length, 'problem')}`);
    // Each problem once, numbered straight through; those a property can fix apart from what the VPC lacks.
    const groups = groupProblems(preview.problems);
    let number = 0;
    for (const [title, problems] of [['In the properties', groups.properties], ['In the VPC', groups.vpc]] as const) {
      if (problems.length === 0) continue;
      lines.push(`${title}:`);
      for (const problem of problems) lines.push(`  ${++number}. ${problem}`);
    }
    lines.push('', 'CloudFormation’s Reason would list the same problems in one line ("reason" in --json).');
    return lines.join('\n') + '\n';
  }

  if (preview.replacement) {
    lines.push(
      `-/+ The resource is replaced: VpcId changes from ${preview.replacement.oldVpcId}, so a new resource is made in ${preview.vpcId};`,
      `    CloudFormation then deletes the old one, and with it everything it owns in ${preview.replacement.oldVpcId} (not counted below).`,
      '',
    );
  }
  // A row that stays but changes in place (its tags, say) is marked ~ as its line in the changes is.
  const changedInPlace = new Set(preview.changes.filter((change) => change.marker === '~').map((change) => change.id));
  const keptMarker = (id: string | undefined) => (id !== undefined && changedInPlace.has(id) ? '~' : ' ');
  lines.push('Endpoint subnets (AZ ID order):');
  if (preview.endpointSubnets.length === 0) lines.push('  none (no interface endpoints)');
  lines.push(
    ...table(
      preview.endpointSubnets.map((subnet) => [
        subnet.status === 'new' ? '+' : subnet.status === 'deleted' ? '-' : keptMarker(subnet.subnetId),
        subnet.azId,
        [subnet.cidr ?? `a /${subnet.prefixLength} from ${subnet.ipamPoolId}`, subnet.ipv6Cidr].filter(Boolean).join(' + '),
        subnet.status === 'new' ? 'new subnet' : `${subnet.subnetId} (${subnet.status})`,
        subnet.addresses ? `${subnet.addresses.used} of ${subnet.addresses.usable} addresses used, ${subnet.addresses.free} free` : '',
        subnet.interfaceEndpoints.join(', '),
      ]),
    ),
  );
  if (preview.interfaceEndpoints.length > 0) {
    lines.push('', 'Interface endpoints:');
    lines.push(
      ...table(
        preview.interfaceEndpoints.map((endpoint) => [
          endpoint.status === 'unchanged' ? keptMarker(endpoint.endpointId) : MARKERS[endpoint.status],
          endpoint.shortName,
          statusLabel(endpoint.status, endpoint.endpointId),
          endpoint.serviceName,
          `${endpoint.status === 'deleted' ? 'leaves' : 'in'} ${endpoint.azIds.join(', ') || 'no AZ'}`,
          // A hub's endpoints answer through its zones, not their own private DNS: said on each row.
          ...(preview.hub && endpoint.privateDnsEnabled === false ? ['private DNS off'] : []),
        ]),
      ),
    );
  }
  if (preview.securityGroup) {
    const group = preview.securityGroup;
    const groupLabel = group.status === 'new' ? `+ new, ${group.groupName}` : `${keptMarker(group.groupId)} ${group.groupId} (kept)`.trimStart();
    lines.push('', `Security group: ${groupLabel}`);
    lines.push(`  TCP 443 from ${sortCidrs(group.httpsIngressCidrs).join(', ') || 'nowhere'}`);
    // A new group gets every rule; for a kept one, say which rules change.
    if (group.status === 'kept' && group.authorize.length > 0) lines.push(`  + adds ${sortCidrs(group.authorize).join(', ')}`);
    if (group.revoke.length > 0) lines.push(`  - revokes ${sortCidrs(group.revoke).join(', ')}`);
  }
  if (preview.gatewayEndpoints.length > 0) {
    lines.push('', 'Gateway endpoints:');
    for (const gateway of preview.gatewayEndpoints) {
      const tables = gateway.routeTableIds.length > 0 ? `route tables ${gateway.routeTableIds.join(', ')}` : 'no route table';
      const marker = gateway.status === 'none' ? ' ' : gateway.status === 'unchanged' ? keptMarker(gateway.endpointId) : MARKERS[gateway.status];
      lines.push(`  ${marker} ${gateway.shortName}  ${gateway.status === 'none' ? 'none made' : statusLabel(gateway.status, gateway.endpointId)}  ${tables}`);
      for (const skip of gateway.skippedRouteTables) lines.push(`      skips ${skip.routeTableId}: ${skip.endpointId} already serves it`);
    }
  }
  if (preview.hub) lines.push('', ...formatHub(preview.hub));
  lines.push('', `Tags: ${preview.tags.length > 0 ? preview.tags.map((tag) => `${tag.key}=${tag.value}`).join(', ') : 'none (only the ownership tags)'}`);
  if (preview.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of preview.notes) lines.push(`  - ${note}`);
  }
  if (options.cost) lines.push('', ...formatCost(options.cost, preview.requestType));
  lines.push('', ...formatChanges(preview.changes, preview.counts, 'No changes. The VPC already matches these properties.'));
  return lines.join('\n') + '\n';
}

/**
 * Every change, one line each in the order they would run (or the sentence for none), and Terraform's closing
 * `Plan: N to add, M to change, K to destroy.`
 */
export function formatChanges(changes: readonly PlanChange[], counts: ChangeCounts, noChanges: string): string[] {
  const lines: string[] = [];
  if (changes.length === 0) {
    lines.push(noChanges);
  } else {
    lines.push('Changes, in the order they would run:');
    const markerWidth = Math.max(...changes.map((change) => change.marker.length));
    const resourceWidth = Math.max(...changes.map((change) => `${change.resource} ${change.concerns}`.length));
    for (const change of changes) {
      const subject = `${change.resource} ${change.concerns}`.padEnd(resourceWidth);
      lines.push(`  ${change.marker.padEnd(markerWidth)} ${subject}  ${change.id ? `${change.id}: ` : ''}${change.detail}`);
    }
  }
  lines.push('', `Plan: ${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy.`);
  return lines;
}

/** The hub's lines: its ID, who may consume, and each zone (`+` new, `-` deleted, `~` with record changes) with its aliases. */
export function formatHub(hub: PreviewHub): string[] {
  const lines = [`Hub${hub.hubId ? ` ${hub.hubId}` : ''} (DnsMode HostedZones: private DNS off, one private hosted zone per service name)`];
  lines.push(`  consumers allowed: ${hub.allowedConsumers}`);
  lines.push(`  security group tags: ${hub.allowedConsumerTags.map((tag) => `${tag.key}=${tag.value}`).join(', ')}`);
  lines.push('Hosted zones:');
  if (hub.zones.length === 0) lines.push('  none');
  const recordMarker: Readonly<Record<PreviewHubRecord['change'], string>> = { create: '+', update: '~', keep: ' ', delete: '-' };
  for (const zone of hub.zones) {
    const changed = zone.records.some((record) => record.change !== 'keep');
    const marker = zone.status === 'new' ? '+' : zone.status === 'deleted' ? '-' : changed ? '~' : ' ';
    lines.push(`  ${marker} ${zone.zoneName}  ${zone.service}  ${zone.status === 'new' ? 'new zone' : `${zone.zoneId} (${zone.status})`}`);
    for (const record of zone.records) lines.push(`      ${recordMarker[record.change]} ${record.type} ${record.name} -> ${record.target}`);
  }
  return lines;
}

/** The cost lines: per month, now and after the plan, the change, the same traffic through a NAT gateway, the source. */
export function formatCost(cost: CostEstimate, requestType: 'Create' | 'Update'): string[] {
  const source = cost.source.kind === 'table' ? `the price table of ${cost.source.asOf}` : `the AWS Price List, published ${cost.source.asOf}`;
  const fallback = cost.source.fallbackReason ? [`  (live prices were asked for but not read: ${cost.source.fallbackReason}; the table stood in)`] : [];
  if (!cost.prices || !cost.planned || !cost.current || cost.change === null) {
    return [`Estimated cost: unknown: ${cost.missing ?? 'no prices'}. Nothing is guessed; --pricing live reads the AWS Price List.`, ...fallback];
  }
  const money = (amount: number) => `$${amount.toFixed(2)}`;
  const side = (label: string, monthly: MonthlyCost) =>
    `  ${label} ${money(monthly.total)}: ${monthly.interfaceEndpointAzs} interface endpoint-AZ${monthly.interfaceEndpointAzs === 1 ? '' : 's'} × ${HOURS_PER_MONTH} h × ${money(cost.prices?.endpointAzHour ?? 0)} = ${money(monthly.endpointHours)}` +
    (monthly.dataProcessing === null ? '' : ` + ${cost.gbPerMonth} GB × ${money(cost.prices?.endpointGb ?? 0)} = ${money(monthly.dataProcessing)}`) +
    (monthly.hostedZones === 0 ? '' : ` + ${monthly.hostedZones} hosted zone${monthly.hostedZones === 1 ? '' : 's'} × ${money(HOSTED_ZONE_PRICE.perZoneMonth)} = ${money(monthly.hostedZoneMonths)}`);
  const lines = [`Estimated cost per month in ${cost.region} (USD, on-demand, from ${source}; gateway endpoints are free):`, ...fallback];
  if (requestType === 'Update') lines.push(side('now:  ', cost.current));
  lines.push(side(requestType === 'Update' ? 'after:' : 'total:', cost.planned));
  if (requestType === 'Update') lines.push(`  change: ${cost.change >= 0 ? '+' : '-'}${money(Math.abs(cost.change))} a month`);
  if (cost.planned.hostedZones > 0 || cost.current.hostedZones > 0) {
    lines.push(`  hosted zones at Route 53's first tier (the account's first ${HOSTED_ZONE_PRICE.firstTierZones} zones), ${HOSTED_ZONE_PRICE.source.split(' ')[0]} as of ${HOSTED_ZONE_PRICE.asOf}`);
  }
  if (cost.natGateway) {
    lines.push(
      `  the same ${cost.gbPerMonth} GB through a NAT gateway instead: ${money(cost.natGateway.dataProcessing)} processing, plus ${money(cost.natGateway.perGatewayHours)} per NAT gateway if none is there already`,
    );
  } else {
    lines.push('  data processed is not included: --gb-per-month N adds it, and compares a NAT gateway');
  }
  return lines;
}

/**
 * Problems a property can fix (they start with the property's name, `InterfaceServices: …`, including a misspelled
 * service found against the Region's catalogue) apart from those about the VPC as it is.
 */
export function groupProblems(problems: readonly string[]): { properties: string[]; vpc: string[] } {
  const unique = [...new Set(problems)];
  const isProperty = (problem: string) => KNOWN_PROPERTIES.some((property) => problem.startsWith(`${property}:`) || problem.startsWith(`${property} `)) || problem.startsWith('Unknown property');
  return { properties: unique.filter(isProperty), vpc: unique.filter((problem) => !isProperty(problem)) };
}

const MARKERS: Readonly<Record<EndpointStatus, string>> = { new: '+', replaced: '-/+', modified: '~', unchanged: ' ', deleted: '-' };

function statusLabel(status: EndpointStatus, endpointId: string | undefined): string {
  if (status === 'new') return 'new';
  if (status === 'replaced') return `new, replacing ${endpointId}`;
  return `${endpointId} (${status === 'unchanged' ? 'kept' : status})`;
}

/** Rows padded into columns, two spaces apart, each indented by two. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`.trimEnd());
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
