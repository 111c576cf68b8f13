/**
 * DescribeSecurityGroupRules: every rule of the visible groups, one item per rule with its ID and tags (EC2 API
 * reference, DescribeSecurityGroupRules; filters `group-id`, `security-group-rule-id`, `tag:<key>`, `tag-key`).
 */
import type { DescribeSecurityGroupRulesRequest } from '@aws-sdk/client-ec2';
import { applyFilters, type FilterSpec } from '../filters';
import { list } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { RuleRecord, SecurityGroupRecord } from '../state';
import { action, type ActionTable } from './action';
import { ruleView } from './security-group-rules';

interface ListedRule {
  readonly group: SecurityGroupRecord;
  readonly rule: RuleRecord;
  readonly isEgress: boolean;
}

const ruleFilters: FilterSpec<ListedRule> = {
  fields: {
    'group-id': (item) => item.group.id,
    'security-group-rule-id': (item) => item.rule.ruleId,
  },
  tags: (item) => item.rule.tags ?? new Map(),
};

export const securityGroupRuleListingActions: ActionTable = {
  DescribeSecurityGroupRules: action<DescribeSecurityGroupRulesRequest>((ctx, input) => {
    const ids = list(input.SecurityGroupRuleIds);
    const rules = [...ctx.state.securityGroups.values()]
      .filter((group) => ctx.isListed(group))
      .flatMap((group) => [
        ...group.ingress.map((rule) => ({ group, rule, isEgress: false })),
        ...group.egress.map((rule) => ({ group, rule, isEgress: true })),
      ])
      .filter((item) => ids.length === 0 || ids.includes(item.rule.ruleId));
    const { page, nextToken } = paginate(applyFilters(rules, input.Filters, ruleFilters), input, PAGE_RULES.standard, ctx.env.faults.maxPageSize);
    return { SecurityGroupRules: page.map((item) => ruleView(item.group, item.rule, item.isEgress)), NextToken: nextToken };
  }),
};
