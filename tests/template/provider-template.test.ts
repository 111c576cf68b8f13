import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCfnTemplate, type CfnValue } from '../support/cfn-yaml';

const root = join(__dirname, '../..');
const template = loadCfnTemplate(join(root, 'template.yaml'));
const fn = template.Resources['ProviderFunction'];
const props = fn?.Properties ?? {};

/** Whether a CloudFormation AllowedPattern accepts a value (CloudFormation anchors it to the whole value). */
function patternAccepts(parameter: string, value: string): boolean {
  const pattern = template.Parameters?.[parameter]?.AllowedPattern;
  if (pattern === undefined) throw new Error(`${parameter} has no AllowedPattern`);
  return new RegExp(`^(?:${pattern})$`).test(value);
}

describe('template.yaml', () => {
  it('is a SAM template', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
  });

  it('declares the expected resources', () => {
    const types = Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => [id, r.Type]));
    expect(types).toEqual({
      ProviderLogGroup: 'AWS::Logs::LogGroup',
      ProviderRole: 'AWS::IAM::Role',
      ProviderFunction: 'AWS::Serverless::Function',
      OrganizationInvokePermission: 'AWS::Lambda::Permission',
      ServiceTokenParameter: 'AWS::SSM::Parameter',
    });
  });

  it('leaves the ServiceToken in the SSM parameter consumers resolve, /vpce-provisioner/service-token (String)', () => {
    // The name is a contract: consumers (examples/, the Service Catalog product, the CDK construct) read it.
    expect(template.Resources['ServiceTokenParameter']?.Properties).toEqual(
      expect.objectContaining({ Name: '/vpce-provisioner/service-token', Type: 'String', Value: { 'Fn::GetAtt': ['ProviderFunction', 'Arn'] } }),
    );
    expect(template.Resources['ServiceTokenParameter']?.Condition).toBeUndefined();
  });

  it('has no parameter that could reach the function’s environment except the documented settings', () => {
    const variables = (props['Environment'] as { Variables: Record<string, CfnValue> }).Variables;
    const fromParameters = Object.entries(variables).filter(([, value]) => JSON.stringify(value).includes('"Ref"'));
    expect(fromParameters.map(([name]) => name).sort()).toEqual(['SPOKE_EXTERNAL_ID', 'SPOKE_ROLE_NAME', 'VERIFY_OWN_ACCOUNT_STACKS']);
    for (const name of Object.keys(variables)) if (name.startsWith('AWS_')) expect([name, variables[name]]).toEqual([name, '']);
  });
});

describe('the provider function', () => {
  it.each([
    ['CodeUri', './'],
    ['Handler', 'index.handler'],
    ['Runtime', 'nodejs22.x'],
    ['Architectures', ['arm64']],
    ['Timeout', 900],
    ['FunctionName', { 'Fn::Sub': '${AWS::StackName}-provider' }],
    ['Role', { 'Fn::GetAtt': ['ProviderRole', 'Arn'] }],
  ])('has %s %j', (property, expected) => {
    expect(props[property]).toEqual(expected);
  });

  it('has a memory size Lambda accepts', () => {
    const memory = props['MemorySize'];
    expect(typeof memory).toBe('number');
    expect(memory).toBeGreaterThanOrEqual(128);
    expect(memory).toBeLessThanOrEqual(10240);
  });

  it('logs JSON to its own log group, kept for LogRetentionInDays', () => {
    expect(props['LoggingConfig']).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: 'ProviderLogGroup' } });
    expect(template.Resources['ProviderLogGroup']?.Properties).toEqual({
      LogGroupName: { 'Fn::Sub': '/aws/lambda/${AWS::StackName}-provider' },
      RetentionInDays: { Ref: 'LogRetentionInDays' },
    });
  });

  it('passes the spoke settings to the handler, and declares the endpoint empty: only sam local invoke --env-vars sets it', () => {
    expect(props['Environment']).toEqual({
      Variables: {
        SPOKE_ROLE_NAME: { Ref: 'SpokeRoleName' },
        SPOKE_EXTERNAL_ID: { Ref: 'SpokeExternalId' },
        AWS_ENDPOINT_URL: '',
        VERIFY_OWN_ACCOUNT_STACKS: { Ref: 'VerifyOwnAccountStacks' },
      },
    });
    expect(template.Parameters?.['LocalEndpointUrl']).toBeUndefined();
    expect(template.Parameters?.['LocalEc2EndpointUrl']).toBeUndefined();
  });

  it('names a hub’s role vpce-provisioner-hub-<Region>, the name the spoke roles trust; CloudFormation names the others', () => {
    expect(template.Resources['ProviderRole']?.Properties?.['RoleName']).toEqual({
      'Fn::If': ['HubMode', { 'Fn::Sub': 'vpce-provisioner-hub-${AWS::Region}' }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('checks own-account stacks unless VerifyOwnAccountStacks is exactly false (default true)', () => {
    const variables = (props['Environment'] as { Variables: Record<string, CfnValue> }).Variables;
    expect(variables['VERIFY_OWN_ACCOUNT_STACKS']).toEqual({ Ref: 'VerifyOwnAccountStacks' });
    expect(template.Parameters?.['VerifyOwnAccountStacks']).toMatchObject({ Type: 'String', Default: 'true', AllowedValues: ['true', 'false'] });
  });
});

describe('SAM build settings', () => {
  const settings = JSON.parse(readFileSync(join(root, 'esbuild.settings.json'), 'utf8')) as Record<string, CfnValue>;
  const metadata = fn?.Metadata ?? {};
  const build = metadata['BuildProperties'] as Record<string, CfnValue>;

  it('build with esbuild', () => {
    expect(metadata['BuildMethod']).toBe('esbuild');
  });

  // esbuild.settings.json key → how SAM's BuildProperties spells the same setting.
  const mapping: [string, string, (value: CfnValue) => CfnValue][] = [
    ['entryPoint', 'EntryPoints', (v) => [v]],
    ['format', 'Format', (v) => v],
    ['target', 'Target', (v) => v],
    ['minify', 'Minify', (v) => v],
    ['sourcemap', 'Sourcemap', (v) => v],
    // SAM takes MainFields as one comma-separated string.
    ['mainFields', 'MainFields', (v) => (v as string[]).join(',')],
    ['external', 'External', (v) => v],
  ];

  it.each(mapping)('agree with esbuild.settings.json on %s', (key, samKey, toSam) => {
    expect(settings[key]).toBeDefined();
    expect(build[samKey]).toEqual(toSam(settings[key]!));
  });

  it('build for the node platform, the only one SAM esbuild builds for', () => {
    expect(settings['platform']).toBe('node');
  });

  it('leave no setting unchecked on either side', () => {
    expect(Object.keys(settings).sort()).toEqual([...mapping.map(([key]) => key), 'platform'].sort());
    expect(Object.keys(build).sort()).toEqual(mapping.map(([, samKey]) => samKey).sort());
  });

  it('build the entry point the Handler names', () => {
    // SAM's esbuild writes <entry basename>.js at the artifact root: handler/index.ts → index.js.
    const entry = settings['entryPoint'] as string;
    const basename = entry.slice(entry.lastIndexOf('/') + 1).replace(/\.ts$/, '');
    expect(props['Handler']).toBe(`${basename}.handler`);
  });
});

describe('parameters', () => {
  it('keeps logs 90 days by default, in a retention CloudWatch accepts', () => {
    const retention = template.Parameters?.['LogRetentionInDays'];
    expect(retention?.Default).toBe(90);
    expect(retention?.AllowedValues).toEqual(
      [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
    );
  });

  it.each([
    ['OrganizationId', '', true],
    ['OrganizationId', 'o-a1b2c3d4e5', true],
    ['OrganizationId', 'o-short', false],
    ['OrganizationId', 'o-UPPERCASE12', false],
    ['OrganizationId', 'r-a1b2c3d4e5', false],
    ['SpokeRoleName', '', true],
    ['SpokeRoleName', 'vpce-provisioner-spoke', true],
    ['SpokeRoleName', 'no spaces', false],
    ['SpokeExternalId', '', true],
    ['SpokeExternalId', 'a-long:external/id=1', true],
  ])('%s accepts %j: %s', (parameter, value, accepted) => {
    expect(patternAccepts(parameter, value)).toBe(accepted);
  });

  it.each([
    ['OrganizationId', ''],
    ['SpokeRoleName', ''],
    ['SpokeExternalId', ''],
  ])('%s defaults to %j', (parameter, value) => {
    expect(template.Parameters?.[parameter]?.Default).toBe(value);
  });

  it('never echoes the external ID', () => {
    expect(template.Parameters?.['SpokeExternalId']?.NoEcho).toBe(true);
  });

  it('refuses a spoke role name without an organization, whose member accounts alone may invoke a hub', () => {
    expect(template.Rules?.['OrganizationRequiredInHubMode']).toEqual({
      RuleCondition: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SpokeRoleName' }, ''] }] },
      Assertions: [expect.objectContaining({ Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] } })],
    });
  });

  it('refuses a spoke role name without an external ID', () => {
    expect(template.Rules?.['ExternalIdRequiredInHubMode']).toEqual({
      RuleCondition: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SpokeRoleName' }, ''] }] },
      Assertions: [
        expect.objectContaining({ Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SpokeExternalId' }, ''] }] } }),
      ],
    });
  });
});

describe('organization access', () => {
  const permission = template.Resources['OrganizationInvokePermission'];

  it('exists only when OrganizationId is set', () => {
    expect(permission?.Condition).toBe('HasOrganization');
    expect(template.Conditions?.['HasOrganization']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] });
  });

  it('lets any principal of the organization invoke the function, and nothing else', () => {
    expect(permission?.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['ProviderFunction', 'Arn'] },
      Principal: '*',
      PrincipalOrgID: { Ref: 'OrganizationId' },
    });
  });
});

describe('outputs', () => {
  it('export the ServiceToken under one fixed name (one provider per account and Region)', () => {
    expect(template.Outputs?.['ServiceToken']).toEqual(
      expect.objectContaining({ Value: { 'Fn::GetAtt': ['ProviderFunction', 'Arn'] }, Export: { Name: 'vpce-provisioner-ServiceToken' } }),
    );
    expect(template.Parameters?.['ServiceTokenExportName']).toBeUndefined();
  });

  it('export the provider role ARN for the spokes to trust', () => {
    const output = template.Outputs?.['ProviderRoleArn'];
    expect(output?.Value).toEqual({ 'Fn::GetAtt': ['ProviderRole', 'Arn'] });
    expect(output?.Export?.Name).toEqual({ 'Fn::Sub': '${AWS::StackName}-ProviderRoleArn' });
  });

  it('are all exported', () => {
    expect(Object.keys(template.Outputs ?? {}).length).toBeGreaterThan(0);
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      expect([name, output.Export?.Name]).toEqual([name, expect.anything()]);
    }
  });
});
