import type {
  AuthorizeSecurityGroupIngressRequest,
  CreateSecurityGroupRequest,
  DeleteSecurityGroupRequest,
  DescribeSecurityGroupsRequest,
  IpPermission,
  RevokeSecurityGroupIngressRequest,
  SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrors } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list, required } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { RuleRecord, SecurityGroupRecord, VpcRecord } from '../state';
import { tagList, tagsFromSpecifications } from '../tags';
import { appliedQuota } from '../quotas';
import { action, type ActionTable } from './action';
import { groupsOf } from './network-interfaces';
import { prefixListMaxEntries } from './prefix-lists';
import { expandPermissions, groupRules, ruleKey, ruleView, describeRule, type RuleRequest } from './security-group-rules';

const groupFilters: FilterSpec<SecurityGroupRecord> = {
  fields: {
    'vpc-id': (group) => group.vpcId,
    'group-id': (group) => group.id,
    'group-name': (group) => group.name,
    'owner-id': (group) => group.ownerId,
    description: (group) => group.description,
    // Groups whose inbound rules name another group as source (EC2 API reference, DescribeSecurityGroups filters).
    'ip-permission.group-id': (group) => group.ingress.flatMap((rule) => (rule.source.kind === 'group' ? [rule.source.groupId] : [])),
    'egress.ip-permission.group-id': (group) => group.egress.flatMap((rule) => (rule.source.kind === 'group' ? [rule.source.groupId] : [])),
  },
  tags: (group) => group.tags,
};

export const securityGroupActions: ActionTable = {
  CreateSecurityGroup: action<CreateSecurityGroupRequest>((ctx, input) => {
    const name = required(input.GroupName, 'GroupName');
    const description = required(input.Description, 'GroupDescription');
    if (input.VpcId === undefined) throw new Ec2SimError('VPCIdNotSpecified', 'No default VPC for this user');
    // Participants may create their own groups in a shared VPC (VPC User Guide, "Share your VPC").
    const vpc = ctx.vpc(input.VpcId);
    if (name.toLowerCase().startsWith('sg-')) throw simErrors.invalidParameterValue("Group names may not be in the format sg-*");
    // Group names are unique per VPC (EC2 API errors: InvalidGroup.Duplicate).
    if ([...ctx.state.securityGroups.values()].some((group) => group.vpcId === vpc.id && group.name === name)) {
      throw new Ec2SimError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpc.id}'`);
    }
    const group = newGroup(ctx, vpc, ctx.newId('sg'), name, description, false);
    for (const [key, value] of tagsFromSpecifications(input.TagSpecifications, 'security-group')) group.tags.set(key, value);
    ctx.state.securityGroups.set(group.id, group);
    return { GroupId: group.id, Tags: tagList(group.tags), SecurityGroupArn: groupArn(ctx, group) };
  }),

  DescribeSecurityGroups: action<DescribeSecurityGroupsRequest>((ctx, input) => {
    // Names only address groups of a default VPC, which the simulator does not model.
    const name = list(input.GroupNames)[0];
    if (name !== undefined) throw new Ec2SimError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC`);
    const ids = list(input.GroupIds);
    const candidates = ids.length > 0
      ? ids.map((id) => ctx.securityGroup(id, true))
      : [...ctx.state.securityGroups.values()].filter((group) => ctx.isListed(group));
    const { page, nextToken } = paginate(applyFilters(candidates, input.Filters, groupFilters), input, PAGE_RULES.standard, ctx.env.faults.maxPageSize);
    return { SecurityGroups: page.map((group) => securityGroupView(ctx, group)), NextToken: nextToken };
  }),

  AuthorizeSecurityGroupIngress: action<AuthorizeSecurityGroupIngressRequest>((ctx, input) => {
    const group = ownGroup(ctx, input.GroupId);
    const wanted = expandPermissions(ctx, permissionsOf(input));
    // All-or-nothing: every rule is checked before any is added, so one duplicate applies none of the call's rules
    // (EC2 API reference, AuthorizeSecurityGroupIngress / RevokeSecurityGroupIngress; aws-facts.md, "Security groups").
    // The same permission twice in one request is InvalidParameterValue, whatever the group holds (terraform-provider-aws
    // #2587, #29492; aws-facts.md, "Security groups").
    const requested = wanted.map(ruleKey);
    if (new Set(requested).size < requested.length) {
      throw simErrors.invalidParameterValue('The same permission must not appear multiple times');
    }
    const existing = new Set(group.ingress.map(ruleKey));
    for (const rule of wanted) {
      // A rule that already exists is rejected (EC2 API errors: InvalidPermission.Duplicate).
      if (existing.has(ruleKey(rule))) {
        throw new Ec2SimError('InvalidPermission.Duplicate', `the specified rule "${describeRule(rule)}" already exists`);
      }
    }
    // 60 inbound rules per group by default, adjustable, counted separately for IPv4 and IPv6 (aws-facts.md,
    // "Security groups"); a rule naming a group or prefix list counts for both (an assumption: not pinned down), and a
    // prefix list costs its maximum entries (VPC quotas page).
    const max = appliedQuota(ctx.state, ctx.account, 'rulesPerSecurityGroup');
    const after = [...group.ingress, ...wanted];
    const cost = (rule: RuleRequest) => (rule.source.kind === 'prefixList' ? prefixListMaxEntries(ctx, rule.source.prefixListId) : 1);
    const ipv4 = after.filter((rule) => rule.source.kind !== 'cidr6').reduce((sum, rule) => sum + cost(rule), 0);
    const ipv6 = after.filter((rule) => rule.source.kind !== 'cidr').reduce((sum, rule) => sum + cost(rule), 0);
    if (ipv4 > max || ipv6 > max) {
      throw new Ec2SimError('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.');
    }
    // The tags land on every rule the call adds (EC2 API reference, AuthorizeSecurityGroupIngress, TagSpecifications:
    // resource type `security-group-rule`).
    const ruleTags = tagsFromSpecifications(input.TagSpecifications, 'security-group-rule');
    const added: RuleRecord[] = wanted.map((rule) => ({ ...rule, ruleId: ctx.newId('sgr'), tags: new Map(ruleTags) }));
    group.ingress.push(...added);
    return { Return: true, SecurityGroupRules: added.map((rule) => ruleView(group, rule, false)) };
  }),

  RevokeSecurityGroupIngress: action<RevokeSecurityGroupIngressRequest>((ctx, input) => {
    const group = ownGroup(ctx, input.GroupId);
    const ruleIds = list(input.SecurityGroupRuleIds);
    const doomed: RuleRecord[] = [];
    for (const ruleId of ruleIds) {
      const rule = group.ingress.find((candidate) => candidate.ruleId === ruleId);
      if (!rule) throw new Ec2SimError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${ruleId}' does not exist`);
      doomed.push(rule);
    }
    // In a non-default VPC, all-or-nothing: one missing rule and none of the call's rules is revoked; in a default VPC the
    // call does not fail, revokes the rules it finds and lists the others in UnknownIpPermissions (EC2 API reference,
    // RevokeSecurityGroupIngress).
    const inDefaultVpc = ctx.vpc(group.vpcId).isDefault === true;
    const unknown: RuleRequest[] = [];
    for (const wanted of expandPermissions(ctx, permissionsOf(input))) {
      const rule = group.ingress.find((candidate) => ruleKey(candidate) === ruleKey(wanted));
      if (rule) doomed.push(rule);
      // Revoking a rule that is not there fails (EC2 API errors: InvalidPermission.NotFound).
      else if (inDefaultVpc) unknown.push(wanted);
      else throw new Ec2SimError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
    }
    if (doomed.length === 0 && unknown.length === 0) throw simErrors.missingParameter('IpPermissions');
    const remaining = group.ingress.filter((rule) => !doomed.includes(rule));
    group.ingress.splice(0, group.ingress.length, ...remaining);
    return {
      Return: true,
      RevokedSecurityGroupRules: doomed.map((rule) => ({ SecurityGroupRuleId: rule.ruleId, GroupId: group.id, IsEgress: false })),
      ...(unknown.length > 0 ? { UnknownIpPermissions: groupRules(unknown.map((rule) => ({ ...rule, ruleId: '' }))) } : {}),
    };
  }),

  DeleteSecurityGroup: action<DeleteSecurityGroupRequest>((ctx, input) => {
    if (input.GroupId === undefined && input.GroupName !== undefined) {
      throw new Ec2SimError('InvalidGroup.NotFound', `The security group '${input.GroupName}' does not exist in default VPC`);
    }
    const group = ownGroup(ctx, input.GroupId);
    if (group.isDefault) throw new Ec2SimError('CannotDelete', `the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
    // A group in use by an ENI (an endpoint's, or an instance's) or referenced by another group's rule cannot be deleted
    // (EC2 API errors: DependencyViolation; aws-facts.md, "Subnets and CIDRs").
    const usedByEni = [...ctx.state.networkInterfaces.values()].some((eni) => ctx.eniExists(eni) && groupsOf(ctx, eni).includes(group.id));
    const usedByEndpoint = [...ctx.state.endpoints.values()].some((endpoint) => ctx.endpointIsLive(endpoint) && endpoint.groupIds.includes(group.id));
    const referenced = [...ctx.state.securityGroups.values()].some(
      (other) => other.id !== group.id && [...other.ingress, ...other.egress].some((rule) => rule.source.kind === 'group' && rule.source.groupId === group.id),
    );
    // EC2's error list also documents InvalidGroup.InUse for a group in use (aws-facts.md; faults.ts, groupInUseCode).
    if (usedByEni || usedByEndpoint || referenced) {
      throw new Ec2SimError(ctx.env.faults.groupInUseCode ?? 'DependencyViolation', `resource ${group.id} has a dependent object`);
    }
    ctx.state.securityGroups.delete(group.id);
    return { Return: true, GroupId: group.id };
  }),
};

/** Every VPC has a `default` group that allows traffic from itself (VPC User Guide, "Default security groups"). */
export function createDefaultSecurityGroup(ctx: ActionContext, vpc: VpcRecord): SecurityGroupRecord {
  const group = newGroup(ctx, vpc, vpc.defaultGroupId, 'default', 'default VPC security group', true);
  group.ingress.push({ ruleId: ctx.newId('sgr'), protocol: '-1', source: { kind: 'group', groupId: group.id, userId: vpc.ownerId } });
  ctx.state.securityGroups.set(group.id, group);
  return group;
}

/** The SDK's SecurityGroup for a record. */
export function securityGroupView(ctx: ActionContext, group: SecurityGroupRecord): SecurityGroup {
  return {
    GroupId: group.id,
    GroupName: group.name,
    Description: group.description,
    VpcId: group.vpcId,
    OwnerId: group.ownerId,
    SecurityGroupArn: groupArn(ctx, group),
    IpPermissions: groupRules(group.ingress),
    IpPermissionsEgress: groupRules(group.egress),
    Tags: tagList(group.tags),
  };
}


function newGroup(ctx: ActionContext, vpc: VpcRecord, id: string, name: string, description: string, isDefault: boolean): SecurityGroupRecord {
  return {
    id,
    ownerId: isDefault ? vpc.ownerId : ctx.account,
    createdAt: ctx.now,
    tags: new Map(),
    vpcId: vpc.id,
    name,
    description,
    ingress: [],
    // Each new group allows all outbound traffic (VPC User Guide, "Default security group rules").
    egress: [{ ruleId: ctx.newId('sgr'), protocol: '-1', source: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
    isDefault,
  };
}

function ownGroup(ctx: ActionContext, groupId: string | undefined): SecurityGroupRecord {
  const group = ctx.securityGroup(required(groupId, 'GroupId'));
  if (group.ownerId !== ctx.account) throw simErrors.unauthorized();
  return group;
}

/** The request's rules: the IpPermissions list, or the flat legacy form (CidrIp + IpProtocol + ports). */
function permissionsOf(input: AuthorizeSecurityGroupIngressRequest | RevokeSecurityGroupIngressRequest): IpPermission[] {
  const permissions = list(input.IpPermissions);
  if (input.CidrIp !== undefined || input.IpProtocol !== undefined) {
    permissions.push({
      IpProtocol: input.IpProtocol,
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      IpRanges: input.CidrIp !== undefined ? [{ CidrIp: input.CidrIp }] : undefined,
    });
  }
  return permissions;
}

function groupArn(ctx: ActionContext, group: SecurityGroupRecord): string {
  return `arn:aws:ec2:${ctx.region}:${group.ownerId}:security-group/${group.id}`;
}
