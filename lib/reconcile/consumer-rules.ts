/**
 * Reads the consumers' claims on a hub's security group (lib/centralised/consumer-claims.ts): its ingress rules with
 * their tags, which only DescribeSecurityGroupRules lists (DescribeSecurityGroups gives the rules without IDs or tags).
 */
import { consumerRulesAmong, type ConsumerRule } from '../centralised/consumer-claims';
import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import type { Ec2Sender } from '../ec2/paced-client';
import { describeSecurityGroupRules } from '../ec2/security-group-rules';
import { tagsToRecord, type Owner } from './ownership';

/** The consumers' ingress rules on `groupId`, the hub's group. */
export async function consumerRulesOf(ec2: Ec2Sender, groupId: string, hubOwner: Owner): Promise<ConsumerRule[]> {
  const rules = await describeSecurityGroupRules(
    ec2,
    [
      { Name: 'group-id', Values: [groupId] },
      { Name: 'tag-key', Values: [HUB_TAG_KEYS.consumerVpc] },
    ],
    1000,
  );
  return consumerRulesAmong(
    rules
      .filter((rule) => rule.IsEgress !== true)
      .map((rule) => ({ ruleId: rule.SecurityGroupRuleId ?? '', cidr: rule.CidrIpv4 ?? rule.CidrIpv6, tags: tagsToRecord(rule.Tags) })),
    hubOwner,
  );
}
