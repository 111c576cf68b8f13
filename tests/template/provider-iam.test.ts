import { join } from 'node:path';
import { loadCfnTemplate, type CfnValue } from '../support/cfn-yaml';
import {
  actionsOf,
  createActionViolations,
  destructiveActionViolations,
  ec2Statements,
  grants,
  inlinePolicies,
  inlinePolicy,
  requiresKeyPresent,
  scopingViolations,
  taggingViolations,
  unknownActionViolations,
  wildcardActionViolations,
  wildcardResourceViolations,
  readChecksAuthorization,
  type PolicyStatement,
} from './iam-policy';

const template = loadCfnTemplate(join(__dirname, '../../template.yaml'));
const statements = ec2Statements(template, 'ProviderRole');
const bySid = (sid: string): PolicyStatement => {
  const statement = statements.find((s) => s.Sid === sid);
  if (statement === undefined) throw new Error(`no statement ${sid}`);
  return statement;
};

/** A copy of the EC2 statements with one statement replaced (or removed when `change` returns undefined). */
function mutate(sid: string, change: (s: PolicyStatement) => PolicyStatement | undefined): PolicyStatement[] {
  return statements.flatMap((s) => {
    if (s.Sid !== sid) return [s];
    const changed = change(structuredClone(s));
    return changed === undefined ? [] : [changed];
  });
}

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
      }),
    ]);
  });

  it('grants nothing outside the four named policies', () => {
    const names = inlinePolicies(template.Resources['ProviderRole']).map(
      (p) => p.PolicyName ?? (p as unknown as { 'Fn::If': [string, { PolicyName: string }] })['Fn::If'][1].PolicyName,
    );
    expect(names.sort()).toEqual(['assume-spoke-roles', 'ec2-tag-scoped', 'logs-and-self-invoke', 'read-checks']);
    expect(template.Resources['ProviderRole']?.Properties?.['ManagedPolicyArns']).toBeUndefined();
  });
});

describe('the EC2 policy', () => {
  it('satisfies every scoping rule', () => {
    expect(scopingViolations(statements)).toEqual([]);
  });

  it('lists the exact Describe actions and no others on Resource *', () => {
    const read = bySid('ReadNetwork');
    expect(read.Resource).toBe('*');
    expect(actionsOf(read).sort()).toEqual(
      [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeIpamPools',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeRouteTables',
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

  // Every resource type each call touches, as the Service Authorization Reference lists them, that this
  // provider needs: the required ones plus the optional ones its requests include.
  const coverage: [string, string][] = [
    ['ec2:CreateSubnet', 'subnet'],
    ['ec2:CreateSubnet', 'vpc'],
    ['ec2:CreateSubnet', 'ipam-pool'],
    ['ec2:AllocateIpamPoolCidr', 'ipam-pool'],
    ['ec2:CreateSecurityGroup', 'security-group'],
    ['ec2:CreateSecurityGroup', 'vpc'],
    ['ec2:CreateVpcEndpoint', 'vpc-endpoint'],
    ['ec2:CreateVpcEndpoint', 'vpc'],
    ['ec2:CreateVpcEndpoint', 'subnet'],
    ['ec2:CreateVpcEndpoint', 'security-group'],
    ['ec2:CreateVpcEndpoint', 'route-table'],
    ['ec2:ModifyVpcEndpoint', 'vpc-endpoint'],
    ['ec2:ModifyVpcEndpoint', 'subnet'],
    ['ec2:ModifyVpcEndpoint', 'security-group'],
    ['ec2:ModifyVpcEndpoint', 'route-table'],
    ['ec2:DeleteVpcEndpoints', 'vpc-endpoint'],
    ['ec2:DeleteSubnet', 'subnet'],
    ['ec2:DeleteSecurityGroup', 'security-group'],
    ['ec2:AuthorizeSecurityGroupIngress', 'security-group'],
    ['ec2:RevokeSecurityGroupIngress', 'security-group'],
    ['ec2:CreateTags', 'subnet'],
    ['ec2:CreateTags', 'security-group'],
    ['ec2:CreateTags', 'vpc-endpoint'],
    ['ec2:DeleteTags', 'subnet'],
    ['ec2:DeleteTags', 'security-group'],
    ['ec2:DeleteTags', 'vpc-endpoint'],
    ['ec2:DescribeVpcAttribute', 'vpc'],
  ];

  it.each(coverage)('allows %s on %s', (action, resourceType) => {
    expect(statements.some((s) => grants(s, action, resourceType))).toBe(true);
  });

  it.each([
    ['CreateSubnet', 'CreateOwnedSubnets'],
    ['CreateSecurityGroup', 'CreateOwnedSecurityGroups'],
    ['CreateVpcEndpoint', 'CreateOwnedEndpoints'],
  ])('requires the owner tag on the request for %s', (_call, sid) => {
    expect(requiresKeyPresent(bySid(sid), 'aws:RequestTag/vpce-provisioner:owner')).toBe(true);
  });

  it('places interface endpoints only in owned subnets', () => {
    const subnetGrants = statements.filter((s) => grants(s, 'ec2:CreateVpcEndpoint', 'subnet'));
    expect(subnetGrants.length).toBeGreaterThan(0);
    for (const s of subnetGrants) expect(requiresKeyPresent(s, 'aws:ResourceTag/vpce-provisioner:owner')).toBe(true);
  });

  it('never lets a tag update touch the provider keys, nor DeleteTags run without a key list', () => {
    const retag = bySid('RetagOwnedResources');
    expect(retag.Condition?.['ForAllValues:StringNotLike']).toEqual({ 'aws:TagKeys': 'vpce-provisioner:*' });
    expect(requiresKeyPresent(retag, 'aws:TagKeys')).toBe(true);
  });
});

describe('a broken EC2 policy fails the rules', () => {
  const withoutCondition = (s: PolicyStatement): PolicyStatement => ({ ...s, Condition: undefined });
  const broken: [string, PolicyStatement[], (s: readonly PolicyStatement[]) => string[], RegExp][] = [
    ['ec2:* anywhere', [...statements, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }], wildcardActionViolations, /wildcard action ec2:\*/],
    ['a misspelt action', mutate('ManageOwnedResources', (s) => ({ ...s, Action: ['ec2:DeleteVpcEndpoint'] })), unknownActionViolations, /DeleteVpcEndpoint is not/],
    ['deletes without the owner condition', mutate('ManageOwnedResources', withoutCondition), destructiveActionViolations, /DeleteSubnet on subnet/],
    ['a delete on Resource *', mutate('ManageOwnedResources', (s) => ({ ...s, Resource: '*' })), wildcardResourceViolations, /DeleteSubnet on Resource/],
    ['ModifyVpcEndpoint on endpoints without the condition', mutate('AttachEndpointsToUserNetwork', (s) => ({
      ...s,
      Resource: [...(s.Resource as CfnValue[]), { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-endpoint/*' }],
    })), destructiveActionViolations, /ModifyVpcEndpoint on vpc-endpoint/],
    ['a create without the request tag', mutate('CreateOwnedEndpoints', withoutCondition), createActionViolations, /CreateVpcEndpoint on vpc-endpoint/],
    ['CreateTags without ec2:CreateAction', mutate('TagOnCreate', withoutCondition), taggingViolations, /TagOnCreate: ec2:CreateTags/],
    ['CreateTags naming another create action', mutate('TagOnCreate', (s) => ({
      ...s,
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateSubnet', 'RunInstances'] } },
    })), taggingViolations, /TagOnCreate/],
    ['a tag update that may touch the provider keys', mutate('RetagOwnedResources', (s) => ({
      ...s,
      Condition: { Null: { 'aws:ResourceTag/vpce-provisioner:owner': 'false', 'aws:TagKeys': 'false' } },
    })), taggingViolations, /RetagOwnedResources: ec2:DeleteTags/],
  ];

  it.each(broken)('%s', (_name, brokenStatements, rule, message) => {
    expect(rule(brokenStatements).join('\n')).toMatch(message);
  });

  it('loses coverage when the owned-subnet placement statement goes', () => {
    const without = mutate('PlaceEndpointsInOwnedSubnets', () => undefined);
    expect(without.some((s) => grants(s, 'ec2:CreateVpcEndpoint', 'subnet'))).toBe(false);
  });
});

describe('the read-checks policy (Route 53 and Service Quotas reads before any write)', () => {
  const statementsOfReadChecks = inlinePolicy(template, 'ProviderRole', 'read-checks').PolicyDocument.Statement;

  it('grants only List/Read actions the Service Authorization Reference lists, each exactly as the code calls it', () => {
    const actions = statementsOfReadChecks.flatMap(actionsOf).sort();
    expect(actions).toEqual(['route53:ListHostedZonesByVPC', 'servicequotas:GetServiceQuota']);
    for (const action of actions) {
      expect(readChecksAuthorization(action)?.accessLevel).toMatch(/^(List|Read)$/);
    }
  });

  it('uses Resource * only for actions without resource-level permissions', () => {
    for (const statement of statementsOfReadChecks) {
      if (statement.Resource !== '*') continue;
      for (const action of actionsOf(statement)) expect(readChecksAuthorization(action)?.resourceTypes).toEqual([]);
    }
  });

  it('reads exactly the three VPC quotas the checks count against, in the own account', () => {
    const quotas = statementsOfReadChecks.find((statement) => statement.Sid === 'ReadVpcQuotas');
    expect(quotas?.Resource).toEqual(
      ['L-29B6F2EB', 'L-407747CB', 'L-0EA8095F'].map((code) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:servicequotas:*:\${AWS::AccountId}:vpc/${code}` })),
    );
  });

  it('grants every dependent action elsewhere in the role', () => {
    const granted = inlinePolicies(template.Resources['ProviderRole']).flatMap((policy) =>
      'PolicyDocument' in policy ? policy.PolicyDocument.Statement.flatMap(actionsOf) : [],
    );
    for (const action of statementsOfReadChecks.flatMap(actionsOf)) {
      for (const dependent of readChecksAuthorization(action)?.dependentActions ?? []) expect(granted).toContain(dependent);
    }
  });
});
