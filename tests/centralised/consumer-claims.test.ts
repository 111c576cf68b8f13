import { consumerRulesAmong, hubDeleteBlockers } from '../../lib/centralised/consumer-claims';

const HUB = { physicalId: 'vpce-provisioner-v1-vpc-0a1b2c3d-hub', stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/hub/1', logicalResourceId: 'Hub' };
const APP_STACK = 'arn:aws:cloudformation:eu-west-1:444455556666:stack/app/2';
const consumerTags = { 'vpce-provisioner:consumer-vpc': 'vpc-0spoke01', 'vpce-provisioner:owner': 'vpce-consumer-v1-x', 'vpce-provisioner:stack-id': APP_STACK, 'vpce-provisioner:logical-id': 'Consumer' };

describe('consumerRulesAmong', () => {
  it('keeps only rules tagged with a consumer VPC and another owner', () => {
    // Act
    const rules = consumerRulesAmong(
      [
        { ruleId: 'sgr-consumer', cidr: '10.20.0.0/16', tags: consumerTags },
        { ruleId: 'sgr-untagged', cidr: '10.0.1.0/24', tags: {} },
        { ruleId: 'sgr-hub-own', cidr: '10.0.2.0/24', tags: { 'vpce-provisioner:consumer-vpc': 'vpc-0hub', 'vpce-provisioner:owner': HUB.physicalId } },
        { ruleId: 'sgr-prefix-list', tags: consumerTags },
      ],
      HUB,
    );

    // Assess
    expect(rules).toStrictEqual([{ ruleId: 'sgr-consumer', cidr: '10.20.0.0/16', consumerVpcId: 'vpc-0spoke01', stackId: APP_STACK, logicalId: 'Consumer' }]);
  });
});

describe('hubDeleteBlockers', () => {
  it('names each consumer once, with its stack, logical ID and VPC, and says what to do', () => {
    // Act
    const problems = hubDeleteBlockers([
      { ruleId: 'sgr-1', cidr: '10.20.0.0/16', consumerVpcId: 'vpc-0spoke01', stackId: APP_STACK, logicalId: 'Consumer' },
      { ruleId: 'sgr-2', cidr: '10.21.0.0/16', consumerVpcId: 'vpc-0spoke01', stackId: APP_STACK, logicalId: 'Consumer' },
      { ruleId: 'sgr-3', cidr: '10.30.0.0/16', consumerVpcId: 'vpc-0spoke02', stackId: '', logicalId: '' },
    ]);

    // Assess
    expect(problems).toStrictEqual([
      `This hub still has 2 consumers: Consumer in stack ${APP_STACK} (VPC vpc-0spoke01); an unnamed consumer of vpc-0spoke02. ` +
        'Nothing was deleted. Delete the consumers first (their Delete removes their rules and zone associations), then delete the hub again.',
    ]);
  });

  it('has nothing to say without consumers', () => {
    expect(hubDeleteBlockers([])).toStrictEqual([]);
  });
});
