/**
 * Security-group rules with tags: AuthorizeSecurityGroupIngress tags the rules it adds through TagSpecifications of type
 * `security-group-rule`, and DescribeSecurityGroupRules lists rules with their IDs and tags (EC2 API reference, both
 * actions) — what a hub reads to tell its consumers' rules from its own.
 */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { basicWorld, expectCode } from './fixtures';

const https = (cidr: string) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr }] });

describe('security-group rule tags', () => {
  it('tags the added rules, and lists them by group and tag key', async () => {
    // Prepare
    const world = await basicWorld();
    const ec2 = world.sim.client();
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: 'hub', Description: 'hub' }))).GroupId as string;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [https('10.0.0.0/24')] }));

    // Act
    const added = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [https('10.20.0.0/16')],
        TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'vpce-provisioner:consumer-vpc', Value: 'vpc-0spoke01' }] }],
      }),
    );
    const listed = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }, { Name: 'tag-key', Values: ['vpce-provisioner:consumer-vpc'] }] }),
    );

    // Assess
    expect(added.SecurityGroupRules?.[0]?.Tags).toStrictEqual([{ Key: 'vpce-provisioner:consumer-vpc', Value: 'vpc-0spoke01' }]);
    expect(listed.SecurityGroupRules?.map((rule) => [rule.CidrIpv4, rule.IsEgress, rule.Tags])).toStrictEqual([
      ['10.20.0.0/16', false, [{ Key: 'vpce-provisioner:consumer-vpc', Value: 'vpc-0spoke01' }]],
    ]);
    expect(listed.SecurityGroupRules?.[0]?.SecurityGroupRuleId).toBe(added.SecurityGroupRules?.[0]?.SecurityGroupRuleId);
  });

  it('refuses tags for another resource type', async () => {
    // Prepare
    const world = await basicWorld();
    const ec2 = world.sim.client();
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: 'hub', Description: 'hub' }))).GroupId as string;

    // Act & Assess
    await expectCode(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [https('10.20.0.0/16')],
          TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'a', Value: 'b' }] }],
        }),
      ),
      'InvalidParameterValue',
    );
  });
});
