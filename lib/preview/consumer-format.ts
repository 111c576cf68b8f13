/**
 * A consumer's preview as text for a terminal, in the endpoints preview's style (./format.ts): the header, the hub's
 * zones (`+` to associate, `=` kept, `~` kept with a leftover authorisation removed, `-` left), the exact CIDRs on the
 * hub's group, gateway endpoints, notes, the cost, every change and the closing `Plan:` line; or every problem once.
 */
import { parseStackArn } from '../protocol/event';
import type { ConsumerPlanPreview, ConsumerZone } from './consumer-types';
import { formatChanges, table } from './format';

const ZONE_MARKERS: Readonly<Record<ConsumerZone['status'], string>> = { associate: '+', kept: '=', leave: '-', 'not-used': ' ' };

/**
 * @example
 * formatConsumerPreview(await previewConsumer(request, readers))
 * // 'Create preview for consumer vpc-0a1b2c3d in eu-west-1, account 444455556666\n…\nPlan: 4 to add, 0 to change, 0 to destroy.\n'
 */
export function formatConsumerPreview(preview: ConsumerPlanPreview): string {
  const lines: string[] = [];
  const account = preview.accountId ? `, account ${preview.accountId}` : '';
  lines.push(`${preview.requestType} preview for consumer ${preview.vpcId ?? '(no valid VpcId)'} in ${preview.region}${account}`);
  const stackName = parseStackArn(preview.stackId)?.stackName ?? preview.stackId;
  if (preview.physicalResourceId) lines.push(`Resource ${preview.physicalResourceId} (${preview.resourceType}, stack ${stackName}, logical ID ${preview.logicalResourceId})`);
  if (preview.hubId) lines.push(`Hub ${preview.hubId}`);
  lines.push('');
  if (preview.ownsNothing) {
    lines.push(
      `Warning: stack ${stackName}, logical ID ${preview.logicalResourceId} holds no claim on the hub for ${preview.vpcId}, so everything below shows as new.`,
      '  If the consumer exists, check --stack-id and --logical-id.',
      '',
    );
  }
  if (!preview.wouldSucceed) {
    lines.push(`Would FAIL before any change: ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'}`);
    lines.push(preview.failedAt === 'properties' ? 'In the properties:' : 'In the hub and the spoke VPC:');
    [...new Set(preview.problems)].forEach((problem, index) => lines.push(`  ${index + 1}. ${problem}`));
    lines.push('', 'CloudFormation’s Reason would list the same problems in one line ("reason" in --json).');
    return lines.join('\n') + '\n';
  }

  if (preview.replacement) {
    const { oldVpcId, oldHubId } = preview.replacement;
    const what = [oldVpcId.toLowerCase() !== preview.vpcId?.toLowerCase() ? `VpcId changes from ${oldVpcId}` : '', oldHubId !== preview.hubId ? `HubId changes from ${oldHubId}` : '']
      .filter(Boolean)
      .join(' and ');
    lines.push(
      `-/+ The consumer is replaced: ${what}, so a new consumer is made for ${preview.vpcId} and ${preview.hubId};`,
      `    CloudFormation then deletes the old one, which leaves the old hub's zones and releases its rules (not counted below).`,
      '',
    );
  }
  const { consumer } = preview;
  lines.push(`Hub zones (account ${consumer.hubAccountId}${consumer.sameAccount ? ', the spoke’s own: no authorisation needed' : ''}):`);
  if (consumer.zones.length === 0) lines.push('  none');
  const rows = consumer.zones.map((zone) => {
    const leftover = zone.status === 'kept' && zone.steps.length > 0;
    return [
      leftover ? '~' : ZONE_MARKERS[zone.status],
      zone.zoneName,
      zone.service,
      zone.zoneId,
      zoneLabel(zone, leftover),
      `${zone.associatedVpcs} of ${zone.maxAssociatedVpcs} VPCs`,
    ];
  });
  lines.push(...table(rows));

  const { ingress } = consumer;
  lines.push('', `Hub security group ${ingress.groupId}: TCP 443 from this spoke`);
  for (const cidr of ingress.add) lines.push(`  + ${cidr}`);
  for (const cidr of ingress.keep) lines.push(`  = ${cidr}`);
  for (const released of ingress.release) lines.push(`  - ${released.cidr} (${released.ruleId})`);
  if (ingress.cidrs.length === 0 && ingress.release.length === 0) lines.push('  none');

  lines.push('', 'Gateway endpoints: none (a consumer makes none; a Custom::VpcEndpoints on the spoke makes them, free)');
  if (preview.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of preview.notes) lines.push(`  - ${note}`);
  }
  lines.push('', `Estimated cost: ${consumer.cost.note}.`);
  lines.push('', ...formatChanges(preview.changes, preview.counts, 'No changes. The spoke already uses the hub as these properties ask.'));
  return lines.join('\n') + '\n';
}

function zoneLabel(zone: ConsumerZone, leftover: boolean): string {
  if (zone.status === 'associate') return 'associate';
  if (zone.status === 'leave') return 'leave (disassociate)';
  if (zone.status === 'not-used') return 'not asked for';
  return leftover ? 'kept; a leftover authorisation is removed' : 'kept';
}
