import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { parseCidr } from '../cidr';
import type { ActionContext } from '../context';
import { simErrors } from '../errors';
import type { RuleRecord, SecurityGroupRecord } from '../state';
import { tagList } from '../tags';

/** A rule before it has an id. */
export type RuleRequest = Omit<RuleRecord, 'ruleId'>;

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

/**
 * Splits IpPermissions into one rule per source, the unit EC2 counts and matches rules by.
 * Sources must be valid CIDRs or visible groups.
 */
export function expandPermissions(ctx: ActionContext, permissions: readonly IpPermission[]): RuleRequest[] {
  const rules: RuleRequest[] = [];
  for (const permission of permissions) {
    const rawProtocol = (permission.IpProtocol ?? '').toLowerCase();
    if (rawProtocol === '') throw simErrors.missingParameter('IpProtocol');
    const protocol = PROTOCOL_NAMES[rawProtocol] ?? rawProtocol;
    const ports = protocol === '-1' ? {} : portsOf(protocol, permission);
    const base = { protocol, ...ports };
    for (const range of permission.IpRanges ?? []) {
      rules.push({ ...base, source: { kind: 'cidr', cidr: validCidr(range.CidrIp, 4) }, description: range.Description });
    }
    for (const range of permission.Ipv6Ranges ?? []) {
      rules.push({ ...base, source: { kind: 'cidr6', cidr: validCidr(range.CidrIpv6, 6) }, description: range.Description });
    }
    for (const pair of permission.UserIdGroupPairs ?? []) {
      const source = ctx.securityGroup(pair.GroupId);
      rules.push({ ...base, source: { kind: 'group', groupId: source.id, userId: pair.UserId ?? source.ownerId }, description: pair.Description });
    }
    for (const prefixList of permission.PrefixListIds ?? []) {
      if (!prefixList.PrefixListId) throw simErrors.missingParameter('PrefixListId');
      rules.push({ ...base, source: { kind: 'prefixList', prefixListId: prefixList.PrefixListId }, description: prefixList.Description });
    }
  }
  if (rules.length === 0 && permissions.length > 0) throw simErrors.missingParameter('IpPermissions.1.IpRanges');
  return rules;
}

/** Identity of a rule for duplicate and revoke matching: descriptions do not count. */
export function ruleKey(rule: RuleRequest): string {
  const source = rule.source;
  const sourceText =
    source.kind === 'group' ? source.groupId : source.kind === 'prefixList' ? source.prefixListId : source.cidr;
  return [rule.protocol, rule.fromPort ?? '', rule.toPort ?? '', source.kind, sourceText].join('|');
}

/** EC2's wording of a rule in InvalidPermission.Duplicate messages. */
export function describeRule(rule: RuleRequest): string {
  const source = rule.source;
  const peer = source.kind === 'group' ? source.groupId : source.kind === 'prefixList' ? source.prefixListId : source.cidr;
  const protocol = rule.protocol === '-1' ? 'ALL' : rule.protocol.toUpperCase();
  return `peer: ${peer}, ${protocol}, from port: ${rule.fromPort ?? 'ALL'}, to port: ${rule.toPort ?? 'ALL'}, ALLOW`;
}

/** Rules grouped back into IpPermissions by protocol and ports, as DescribeSecurityGroups returns them. */
export function groupRules(rules: readonly RuleRecord[]): IpPermission[] {
  const permissions = new Map<string, IpPermission>();
  for (const rule of rules) {
    const key = [rule.protocol, rule.fromPort ?? '', rule.toPort ?? ''].join('|');
    let permission = permissions.get(key);
    if (!permission) {
      permission = { IpProtocol: rule.protocol, FromPort: rule.fromPort, ToPort: rule.toPort, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] };
      permissions.set(key, permission);
    }
    const { source, description } = rule;
    if (source.kind === 'cidr') permission.IpRanges?.push({ CidrIp: source.cidr, Description: description });
    if (source.kind === 'cidr6') permission.Ipv6Ranges?.push({ CidrIpv6: source.cidr, Description: description });
    if (source.kind === 'group') permission.UserIdGroupPairs?.push({ GroupId: source.groupId, UserId: source.userId, Description: description });
    if (source.kind === 'prefixList') permission.PrefixListIds?.push({ PrefixListId: source.prefixListId, Description: description });
  }
  return [...permissions.values()];
}

/** The SDK's SecurityGroupRule (AuthorizeSecurityGroupIngress output). */
export function ruleView(group: SecurityGroupRecord, rule: RuleRecord, isEgress: boolean): SecurityGroupRule {
  const { source } = rule;
  return {
    SecurityGroupRuleId: rule.ruleId,
    GroupId: group.id,
    GroupOwnerId: group.ownerId,
    IsEgress: isEgress,
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort ?? -1,
    ToPort: rule.toPort ?? -1,
    CidrIpv4: source.kind === 'cidr' ? source.cidr : undefined,
    CidrIpv6: source.kind === 'cidr6' ? source.cidr : undefined,
    PrefixListId: source.kind === 'prefixList' ? source.prefixListId : undefined,
    ReferencedGroupInfo: source.kind === 'group' ? { GroupId: source.groupId, UserId: source.userId } : undefined,
    Description: rule.description,
    Tags: tagList(rule.tags ?? new Map()),
  };
}

function portsOf(protocol: string, permission: IpPermission): { fromPort: number; toPort: number } {
  const { FromPort: fromPort, ToPort: toPort } = permission;
  if (fromPort === undefined || toPort === undefined) {
    throw simErrors.invalidParameterValue(`Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
  }
  if ((protocol === 'tcp' || protocol === 'udp') && (fromPort < 0 || toPort > 65535 || fromPort > toPort)) {
    throw simErrors.invalidParameterValue(`Invalid value for portRange: ${fromPort}-${toPort}`);
  }
  return { fromPort, toPort };
}

function validCidr(text: string | undefined, version: 4 | 6): string {
  const cidr = text === undefined ? undefined : parseCidr(text);
  if (!cidr || cidr.version !== version) throw simErrors.invalidParameterValue(`CIDR block ${text} is malformed`);
  return text as string;
}
