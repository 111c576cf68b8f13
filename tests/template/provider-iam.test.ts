import { join } from 'node:path';
import { loadCfnTemplate, type CfnValue } from '../support/cfn-yaml';
import { actionsOf, ec2Statements, inlinePolicies, inlinePolicy, requiresKeyPresent, wildcardActionViolations, type PolicyStatement } from './iam-policy';

const template = loadCfnTemplate(join(__dirname, '../../template.yaml'));
const statements = ec2Statements(template, 'ProviderRole');
const bySid = (sid: string): PolicyStatement => {
  const statement = statements.find((s) => s.Sid === sid);
  if (statement === undefined) throw new Error(`no statement ${sid}`);
  return statement;
};

describe('the provider role', () => {
  it('can be assumed by Lambda only', () => {
    const trust = template.Resources['ProviderRole']?.Properties?.['AssumeRolePolicyDocument'] as unknown as { Statement: PolicyStatement[] };
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  it('writes only to its own log group', () => {
    const logs = inlinePolicy(template, 'ProviderRole', 'logs-and-self-invoke').PolicyDocument.Statement.find((s) => s.Sid === 'WriteOwnLogs');
    expect(logs?.Resource).toEqual({ 'Fn::GetAtt': ['ProviderLogGroup', 'Arn'] });
    expect(actionsOf(logs!).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('may invoke only the function it runs as (its fixed name)', () => {
    const invoke = inlinePolicy(template, 'ProviderRole', 'logs-and-self-invoke').PolicyDocument.Statement.find((s) => s.Sid === 'ContinueOwnWork');
    const functionName = template.Resources['ProviderFunction']?.Properties?.['FunctionName'] as { 'Fn::Sub': string };
    expect(actionsOf(invoke!)).toEqual(['lambda:InvokeFunction']);
    expect(invoke!.Resource).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${functionName['Fn::Sub']}`,
    });
  });

  it('assumes spoke roles only in hub mode, and only the configured role name', () => {
    const conditional = inlinePolicies(template.Resources['ProviderRole']).find(
      (p) => (p as unknown as Record<string, CfnValue>)['Fn::If'] !== undefined,
    ) as unknown as { 'Fn::If': [string, { PolicyDocument: { Statement: PolicyStatement[] } }, CfnValue] };
    const [condition, whenTrue, whenFalse] = conditional['Fn::If'];
    expect(condition).toBe('HubMode');
    expect(template.Conditions?.['HubMode']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SpokeRoleName' }, ''] }] });
    expect(whenFalse).toEqual({ Ref: 'AWS::NoValue' });
    expect(whenTrue.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/${SpokeRoleName}' },
        Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
      }),
    ]);
  });

  it('grants nothing outside the named policies', () => {
    const names = inlinePolicies(template.Resources['ProviderRole']).map(
      (p) => p.PolicyName ?? (p as unknown as { 'Fn::If': [string, { PolicyName: string }] })['Fn::If'][1].PolicyName,
    );
    expect(names.sort()).toEqual(['assume-spoke-roles', 'cloudformation-stack-check', 'consumers', 'ec2-tag-scoped', 'logs-and-self-invoke', 'read-checks', 'route53-hub-zones']);
    expect(template.Resources['ProviderRole']?.Properties?.['ManagedPolicyArns']).toBeUndefined();
  });
});

describe('the stack check policy', () => {
  it.each([
    ['template.yaml', 'ProviderRole', 'its own Region', '${AWS::Region}'],
    ['examples/spoke/spoke-role.yaml', 'SpokeRole', 'every Region (each Region’s hub uses it)', '*'],
  ])('%s grants exactly DescribeStacks, DescribeStackResource and DescribeStackEvents, on the stacks of its own account in %s', (file, role, _where, region) => {
    const policy = inlinePolicy(loadCfnTemplate(join(__dirname, '../..', file)), role, 'cloudformation-stack-check');
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'CheckEventsAgainstStacks',
        Effect: 'Allow',
        Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:DescribeStackEvents'],
        Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:cloudformation:${region}:\${AWS::AccountId}:stack/*` },
      },
    ]);
  });
});

describe('the EC2 policy (what it allows and refuses is proven in iam-proofs.test.ts)', () => {
  it('names every action: no wildcard', () => {
    expect(wildcardActionViolations(statements)).toEqual([]);
    expect(wildcardActionViolations([...statements, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }])).toEqual(['?: wildcard action ec2:*']);
  });

  it('lists the exact Describe actions and no others on Resource *', () => {
    const read = bySid('ReadNetwork');
    expect(read.Resource).toBe('*');
    expect(actionsOf(read).sort()).toEqual(
      [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeIpamPools',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribePrefixLists',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroupRules',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcAttribute',
        'ec2:DescribeVpcEndpointServices',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeVpcs',
      ].sort(),
    );
    const starStatements = statements.filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    expect(starStatements.map((s) => s.Sid)).toEqual(['ReadNetwork']);
  });

  it.each([
    ['CreateSubnet', 'CreateOwnedSubnets'],
    ['CreateSecurityGroup', 'CreateOwnedSecurityGroups'],
    ['CreateVpcEndpoint', 'CreateOwnedEndpoints'],
  ])('requires the owner tag on the request for %s', (_call, sid) => {
    expect(requiresKeyPresent(bySid(sid), 'aws:RequestTag/vpce-provisioner:owner')).toBe(true);
  });

  it('never lets a tag update touch the provider keys, nor DeleteTags run without a key list', () => {
    const retag = bySid('RetagOwnedResources');
    expect(retag.Condition?.['ForAllValues:StringNotLike']).toEqual({ 'aws:TagKeys': 'vpce-provisioner:*' });
    expect(requiresKeyPresent(retag, 'aws:TagKeys')).toBe(true);
  });
});

describe('the read-checks policy (Route 53 and Service Quotas reads before any write)', () => {
  const statementsOfReadChecks = inlinePolicy(template, 'ProviderRole', 'read-checks').PolicyDocument.Statement;

  it('grants exactly the two reads the checks make', () => {
    expect(statementsOfReadChecks.flatMap(actionsOf).sort()).toEqual(['route53:ListHostedZonesByVPC', 'servicequotas:GetServiceQuota']);
  });

  it('reads exactly the three VPC quotas the checks count against, in the own account', () => {
    const quotas = statementsOfReadChecks.find((statement) => statement.Sid === 'ReadVpcQuotas');
    expect(quotas?.Resource).toEqual(
      ['L-29B6F2EB', 'L-407747CB', 'L-0EA8095F', 'L-2AFB9258'].map((code) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:servicequotas:*:\${AWS::AccountId}:vpc/${code}` })),
    );
  });
});
