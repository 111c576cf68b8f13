import { join } from 'node:path';
import { loadCfnTemplate, type CfnTemplate, type CfnValue } from '../support/cfn-yaml';
import { DOCUMENTED_OUTPUTS } from '../../lib/protocol/outputs';
import { actionsOf, ec2Statements, inlinePolicies, inlinePolicy, resourcesOf, wildcardActionViolations, type PolicyStatement } from './iam-policy';

const root = join(__dirname, '../..');
const load = (path: string): CfnTemplate => loadCfnTemplate(join(root, path));

/** The attributes the consumer example reads (tests/lifecycle/outputs-contract.test.ts checks the provider answers them). */
const PROVIDER_ATTRIBUTES = ['SubnetIds', 'SubnetCidrs', 'SecurityGroupId', 'EndpointIds', 'PrefixListId.s3'];
/** The attribute names of the README's Outputs table, `<service>` matching any short service name. */
const DOCUMENTED_ATTRIBUTE = new RegExp(`^(${DOCUMENTED_OUTPUTS.map((name) => name.replace(/\./g, '\\.').replace('<service>', '[a-z0-9.-]+')).join('|')})$`);

/** Every `Fn::GetAtt` anywhere in a value, as [logicalId, attribute]. */
function getAtts(value: CfnValue | undefined): [string, string][] {
  if (Array.isArray(value)) return value.flatMap(getAtts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'Fn::GetAtt' && Array.isArray(inner) ? [[String(inner[0]), String(inner[1])] as [string, string]] : getAtts(inner),
  );
}

const resourceTypes = (template: CfnTemplate): string[] => Object.values(template.Resources).map((r) => r.Type).sort();

describe.each([
  ['examples/consumer.yaml', ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress', 'AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::IAM::Role', 'AWS::Logs::LogGroup', 'Custom::VpcEndpoints']],
  ['examples/service-catalog/portfolio.yaml', ['AWS::ServiceCatalog::CloudFormationProduct', 'AWS::ServiceCatalog::LaunchRoleConstraint', 'AWS::ServiceCatalog::Portfolio', 'AWS::ServiceCatalog::PortfolioPrincipalAssociation', 'AWS::ServiceCatalog::PortfolioProductAssociation']],
  ['examples/service-catalog/product.yaml', ['Custom::VpcEndpoints']],
  ['examples/service-catalog/launch-role.yaml', ['AWS::IAM::Role']],
  ['examples/spoke/spoke-role.yaml', ['AWS::IAM::Role']],
  ['examples/spoke/service-token.yaml', ['AWS::SSM::Parameter']],
  ['examples/endpoints.yaml', ['Custom::VpcEndpoints']],
])('%s', (path, types) => {
  it('parses and declares the expected resource types', () => {
    expect(resourceTypes(load(path))).toEqual([...types].sort());
  });
});

describe.each([['examples/consumer.yaml'], ['examples/endpoints.yaml'], ['examples/service-catalog/product.yaml']])('the custom resource in %s', (path) => {
  const template = load(path);
  const [logicalId, resource] = Object.entries(template.Resources).find(([, r]) => r.Type === 'Custom::VpcEndpoints')!;

  it('reads only attributes the provider returns', () => {
    const read = getAtts(template as unknown as CfnValue).filter(([id]) => id === logicalId);
    expect(read.length).toBeGreaterThan(0);
    for (const [, attribute] of read) expect(attribute).toMatch(DOCUMENTED_ATTRIBUTE);
  });

  it('fails within CloudFormation limits rather than the default hour', () => {
    const timeout = resource.Properties?.['ServiceTimeout'];
    expect(typeof timeout).toBe('number');
    expect(timeout).toBeGreaterThanOrEqual(1);
    expect(timeout).toBeLessThan(3600);
  });

  it('passes the VPC and application subnets from typed parameters', () => {
    expect(resource.Properties?.['VpcId']).toEqual({ Ref: 'VpcId' });
    expect(resource.Properties?.['SubnetIds']).toEqual({ Ref: 'SubnetIds' });
    expect(template.Parameters?.['VpcId']?.Type).toBe('AWS::EC2::VPC::Id');
    expect(template.Parameters?.['SubnetIds']?.Type).toBe('List<AWS::EC2::Subnet::Id>');
  });
});

/** The parameter every way of deploying the provider leaves in each account and Region it serves. */
const SERVICE_TOKEN_PARAMETER = '/vpce-provisioner/service-token';

describe('the SSM parameter /vpce-provisioner/service-token', () => {
  it.each([
    ['template.yaml (single account, and each hub’s own account)'],
    ['examples/spoke/service-token.yaml (member accounts, per Region)'],
  ])('is written as a String by %s', (label) => {
    const parameter = load(label.split(' ')[0] as string).Resources['ServiceTokenParameter']?.Properties;
    expect(parameter?.['Name']).toBe(SERVICE_TOKEN_PARAMETER);
    expect(parameter?.['Type']).toBe('String');
  });

  it('holds, in a member account, the function ARN of the hub of that same Region', () => {
    const spoke = load('examples/spoke/service-token.yaml');
    const hub = load('template.yaml');
    const functionName = (hub.Resources['ProviderFunction']?.Properties?.['FunctionName'] as { 'Fn::Sub': string })['Fn::Sub'];
    expect(spoke.Resources['ServiceTokenParameter']?.Properties?.['Value']).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${HubAccountId}:function:${functionName.replace('${AWS::StackName}', '${HubStackName}')}`,
    });
  });

  it.each([['examples/consumer.yaml'], ['examples/endpoints.yaml']])('is what %s resolves its ServiceToken from', (path) => {
    const consumer = load(path);
    const [custom] = Object.values(consumer.Resources).filter((r) => r.Type === 'Custom::VpcEndpoints');
    expect(custom?.Properties?.['ServiceToken']).toBe(`{{resolve:ssm:${SERVICE_TOKEN_PARAMETER}}}`);
    expect(JSON.stringify(consumer)).not.toContain('Fn::ImportValue');
  });
});

describe('examples/endpoints.yaml', () => {
  it('asks only for the VPC and the application subnets', () => {
    expect(Object.keys(load('examples/endpoints.yaml').Parameters ?? {})).toEqual(['VpcId', 'SubnetIds']);
  });
});

describe('examples/consumer.yaml', () => {
  const consumer = load('examples/consumer.yaml');

  it('reads every attribute the provider returns', () => {
    const read = getAtts(consumer as unknown as CfnValue).filter(([id]) => id === 'Endpoints').map(([, a]) => a);
    expect([...new Set(read)].sort()).toEqual([...PROVIDER_ATTRIBUTES].sort());
  });

  it('lets the tasks reach the endpoints’ security group and starts them after the endpoints exist', () => {
    expect(consumer.Resources['TaskToEndpoints']?.Properties?.['DestinationSecurityGroupId']).toEqual({
      'Fn::GetAtt': ['Endpoints', 'SecurityGroupId'],
    });
    expect(consumer.Resources['Service']?.DependsOn).toContain('Endpoints');
  });
});

describe('examples/service-catalog/product.yaml', () => {
  const product = load('examples/service-catalog/product.yaml');

  it.each([
    ['VpcId', 'AWS::EC2::VPC::Id', undefined],
    ['SubnetIds', 'List<AWS::EC2::Subnet::Id>', undefined],
    ['InterfaceServices', 'CommaDelimitedList', 'ecr.api,ecr.dkr,logs'],
    ['GatewayServices', 'CommaDelimitedList', 's3'],
    ['ServiceToken', 'String', ''],
    ['ServiceTokenParameterName', 'String', '/vpce-provisioner/service-token'],
  ])('has parameter %s of type %s, default %j', (name, type, fallback) => {
    expect(product.Parameters?.[name]?.Type).toBe(type);
    expect(product.Parameters?.[name]?.Default).toBe(fallback);
  });

  it('uses the given ServiceToken, else reads the account’s SSM parameter in that branch only', () => {
    expect(product.Conditions?.['ServiceTokenGiven']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ServiceToken' }, ''] }] });
    expect(product.Resources['VpcEndpoints']?.Properties?.['ServiceToken']).toEqual({
      'Fn::If': ['ServiceTokenGiven', { Ref: 'ServiceToken' }, { 'Fn::Sub': '{{resolve:ssm:${ServiceTokenParameterName}}}' }],
    });
  });

  it('launches in an account without the SSM parameter when a ServiceToken is given: no parameter resolves it up front', () => {
    const ssmTyped = Object.entries(product.Parameters ?? {}).filter(([, parameter]) => String(parameter.Type).startsWith('AWS::SSM::Parameter::'));
    expect(ssmTyped).toEqual([]);
    expect(JSON.stringify(product.Resources)).not.toContain('ServiceTokenFromSsm');
  });

  it('reads the SSM parameter the spoke stack writes', () => {
    const spoke = load('examples/spoke/service-token.yaml');
    const pattern = new RegExp(`^(?:${product.Parameters?.['ServiceTokenParameterName']?.AllowedPattern})$`);
    expect(spoke.Resources['ServiceTokenParameter']?.Properties?.['Name']).toBe(product.Parameters?.['ServiceTokenParameterName']?.Default);
    expect(pattern.test('/vpce-provisioner/service-token')).toBe(true);
    expect(pattern.test('vpce-provisioner}}{{resolve:ssm:/other')).toBe(false);
  });
});

describe('examples/service-catalog/portfolio.yaml', () => {
  const portfolio = load('examples/service-catalog/portfolio.yaml');

  it('loads the product from the template URL parameter', () => {
    expect(portfolio.Resources['VpcEndpointsProduct']?.Properties?.['ProvisioningArtifactParameters']).toEqual([
      { Name: { Ref: 'ProductVersion' }, Info: { LoadTemplateFromURL: { Ref: 'ProductTemplateUrl' } } },
    ]);
  });

  it('launches with the launch role by name, so the constraint resolves in every account', () => {
    const constraint = portfolio.Resources['LaunchConstraint'];
    expect(constraint?.Properties?.['LocalRoleName']).toEqual({ Ref: 'LaunchRoleName' });
    expect(constraint?.Properties?.['RoleArn']).toBeUndefined();
    expect(constraint?.DependsOn).toBe('ProductInPortfolio');
    const launchRole = load('examples/service-catalog/launch-role.yaml');
    expect(portfolio.Parameters?.['LaunchRoleName']?.Default).toBe(launchRole.Parameters?.['RoleName']?.Default);
  });

  it('associates the principal given as a parameter', () => {
    expect(portfolio.Resources['LaunchingPrincipal']?.Properties).toEqual({
      PortfolioId: { Ref: 'Portfolio' },
      PrincipalARN: { Ref: 'PrincipalArn' },
      PrincipalType: { Ref: 'PrincipalType' },
    });
  });
});

describe('examples/service-catalog/launch-role.yaml', () => {
  const launchRole = load('examples/service-catalog/launch-role.yaml');
  const statements = inlinePolicy(launchRole, 'LaunchRole', 'launch-vpce-provisioner-product').PolicyDocument.Statement;
  const allActions = statements.flatMap(actionsOf);

  it('is assumed by Service Catalog only', () => {
    const trust = launchRole.Resources['LaunchRole']?.Properties?.['AssumeRolePolicyDocument'] as unknown as { Statement: PolicyStatement[] };
    expect(trust.Statement.map((s) => s.Principal)).toEqual([{ Service: 'servicecatalog.amazonaws.com' }]);
  });

  it('holds no EC2 permission beyond reads: the provider does the EC2 work', () => {
    const ec2 = allActions.filter((a) => a.startsWith('ec2:'));
    expect(ec2.length).toBeGreaterThan(0);
    for (const action of ec2) expect(action).toMatch(/^ec2:Describe/);
  });

  it('may invoke the hub of every Region (one launch role per account) and nothing else in Lambda', () => {
    const invoke = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
    expect(invoke.map((s) => [actionsOf(s), s.Resource])).toEqual([
      [['lambda:InvokeFunction'], { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:*:${HubAccountId}:function:${HubStackName}-provider' }],
    ]);
    expect(launchRole.Parameters?.['HubStackName']?.Default).toBe(load('examples/spoke/service-token.yaml').Parameters?.['HubStackName']?.Default);
  });

  it('manages only Service Catalog’s product stacks', () => {
    const stackStatements = statements.filter((s) => actionsOf(s).includes('cloudformation:CreateStack'));
    expect(stackStatements.flatMap(resourcesOf)).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:*:${AWS::AccountId}:stack/SC-*' },
    ]);
  });

  it('names every action', () => {
    expect(allActions.length).toBeGreaterThan(0);
    for (const action of allActions) expect(action).not.toContain('*');
  });
});

describe('examples/spoke/spoke-role.yaml', () => {
  const spoke = load('examples/spoke/spoke-role.yaml');
  const hub = load('template.yaml');
  const role = spoke.Resources['SpokeRole'];
  /** A statement as the spoke role carries it: the hub's, with every Region a wildcard (one role serves all Regions). */
  const everyRegion = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/\$\{AWS::Region\}/g, '*')) as T;

  it('trusts, with the external ID, only the hub account’s roles named as template.yaml names a hub’s role', () => {
    const trust = role?.Properties?.['AssumeRolePolicyDocument'] as unknown as { Statement: PolicyStatement[] };
    const hubRoleName = (hub.Resources['ProviderRole']?.Properties?.['RoleName'] as { 'Fn::If': [string, { 'Fn::Sub': string }] })['Fn::If'][1]['Fn::Sub'];
    expect(hubRoleName).toBe('vpce-provisioner-hub-${AWS::Region}');
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:root' } },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
          ArnLike: { 'aws:PrincipalArn': { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:role/${hubRoleName.replace('${AWS::Region}', '*')}` } },
        },
      }),
    ]);
    expect(spoke.Parameters?.['ExternalId']?.NoEcho).toBe(true);
    expect(spoke.Parameters?.['ExternalId']?.Default).toBeUndefined();
  });

  it('is named by a parameter defaulting to vpce-provisioner-spoke', () => {
    expect(role?.Properties?.['RoleName']).toEqual({ Ref: 'RoleName' });
    expect(spoke.Parameters?.['RoleName']?.Default).toBe('vpce-provisioner-spoke');
  });

  it('carries exactly the hub’s EC2, stack check, read-checks, hub-zone and consumer policies in every Region (the consumers’ without ListParents), and nothing else', () => {
    expect(ec2Statements(spoke, 'SpokeRole')).toEqual(everyRegion(ec2Statements(hub, 'ProviderRole')));
    expect(inlinePolicy(spoke, 'SpokeRole', 'cloudformation-stack-check')).toEqual(everyRegion(inlinePolicy(hub, 'ProviderRole', 'cloudformation-stack-check')));
    expect(inlinePolicy(spoke, 'SpokeRole', 'read-checks')).toEqual(everyRegion(inlinePolicy(hub, 'ProviderRole', 'read-checks')));
    // The hub's zones: the same statements, every Region's VPCs for CreateHostedZone (a plain string, no Fn::Sub left).
    expect(JSON.stringify(inlinePolicy(spoke, 'SpokeRole', 'route53-hub-zones'))).toEqual(
      JSON.stringify(everyRegion(inlinePolicy(hub, 'ProviderRole', 'route53-hub-zones'))).replace('{"Fn::Sub":"VPCId=*,VPCRegion=*"}', '"VPCId=*,VPCRegion=*"'),
    );
    // The consumer's: the same statements, every Region (plain strings where the provider role has Fn::Sub of the Region),
    // but for Organizations' ListParents, which only the provider's own role calls (the OU check runs from its account).
    const providerConsumers = everyRegion(inlinePolicy(hub, 'ProviderRole', 'consumers')) as { PolicyDocument: { Statement: { Sid?: string }[] } };
    const parents = providerConsumers.PolicyDocument.Statement.filter((statement) => statement.Sid === 'ReadConsumerAccountParents');
    expect(parents).toHaveLength(1);
    const withoutParents = {
      ...providerConsumers,
      PolicyDocument: { ...providerConsumers.PolicyDocument, Statement: providerConsumers.PolicyDocument.Statement.filter((statement) => !parents.includes(statement)) },
    };
    expect(JSON.stringify(inlinePolicy(spoke, 'SpokeRole', 'consumers'))).toEqual(
      JSON.stringify(withoutParents).replaceAll('{"Fn::Sub":"VPCId=*,VPCRegion=*"}', '"VPCId=*,VPCRegion=*"'),
    );
    expect(inlinePolicies(role).map((p) => p.PolicyName)).toEqual(['cloudformation-stack-check', 'ec2-tag-scoped', 'read-checks', 'route53-hub-zones', 'consumers']);
    expect(role?.Properties?.['ManagedPolicyArns']).toBeUndefined();
  });

  it('names no Region at all: deployed once per account, it must serve the hub of each Region', () => {
    expect(JSON.stringify(spoke)).not.toContain('AWS::Region');
    expect(everyRegion(ec2Statements(hub, 'ProviderRole'))).not.toEqual(ec2Statements(hub, 'ProviderRole'));
  });

  it('names every action (what it allows and refuses is proven in iam-proofs.test.ts)', () => {
    expect(wildcardActionViolations(ec2Statements(spoke, 'SpokeRole'))).toEqual([]);
  });

  it('accepts an account ID for the hub account, nothing else', () => {
    const pattern = new RegExp(`^(?:${spoke.Parameters?.['HubAccountId']?.AllowedPattern})$`);
    expect(pattern.test('123456789012')).toBe(true);
    expect(pattern.test('arn:aws:iam::123456789012:role/x')).toBe(false);
    expect(pattern.test('12345678901')).toBe(false);
  });
});
