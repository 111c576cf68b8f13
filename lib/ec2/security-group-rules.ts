import { DescribeSecurityGroupRulesCommand, type Filter, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { Ec2Sender } from './paced-client';
import { paginate } from './paginate';

/**
 * Every security-group rule matching `filters`, all pages: DescribeSecurityGroupRules is the only listing that gives
 * rules with their IDs and tags (DescribeSecurityGroups gives neither).
 *
 * @example
 * const rules = await describeSecurityGroupRules(ec2, [{ Name: 'group-id', Values: ['sg-0a1b2c3d'] }]);
 */
export async function describeSecurityGroupRules(ec2: Ec2Sender, filters: Filter[], maxResults?: number): Promise<SecurityGroupRule[]> {
  return paginate<SecurityGroupRule>(
    ec2,
    (nextToken) =>
      new DescribeSecurityGroupRulesCommand({
        Filters: filters,
        ...(maxResults === undefined ? {} : { MaxResults: maxResults }),
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    'SecurityGroupRules',
  );
}
