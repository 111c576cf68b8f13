/** The plan preview as text: one line per action, and the report `vpce-provisioner plan` prints. Pure. */
import { MANAGED_GROUP, type Action } from '../reconcile/actions';
import type { EndpointStatus, PlanPreview } from './types';
import { parseStackArn } from '../protocol/event';

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
