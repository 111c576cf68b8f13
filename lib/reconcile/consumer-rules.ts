/**
 * Reads the consumers' claims on a hub's security group (lib/centralised/consumer-claims.ts): its ingress rules with
 * their tags, which only DescribeSecurityGroupRules lists (DescribeSecurityGroups gives the rules without IDs or tags).
 */
import { DescribeSecurityGroupRulesCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { consumerRulesAmong, type ConsumerRule } from '../centralised/consumer-claims';
import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import type { Ec2Sender } from '../ec2/paced-client';
import { tagsToRecord, type Owner } from './ownership';

/** The consumers' ingress rules on `groupId`, the hub's group. */
export async function consumerRulesOf(ec2: Ec2Sender, groupId: string, hubOwner: Owner): Promise<ConsumerRule[]> {
  const rules: SecurityGroupRule[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [
          { Name: 'group-id', Values: [groupId] },
          { Name: 'tag-key', Values: [HUB_TAG_KEYS.consumerVpc] },
        ],
        MaxResults: 1000,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    rules.push(...((page?.SecurityGroupRules ?? []) as SecurityGroupRule[]));
    nextToken = page?.NextToken || undefined;
  } while (nextToken);
  return consumerRulesAmong(
    rules
      .filter((rule) => rule.IsEgress !== true)
      .map((rule) => ({ ruleId: rule.SecurityGroupRuleId ?? '', cidr: rule.CidrIpv4 ?? rule.CidrIpv6, tags: tagsToRecord(rule.Tags) })),
    hubOwner,
  );
}
