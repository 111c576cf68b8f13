/**
 * VpcEndpointsProvider against template.yaml, which is what its nested application deploys once published: every
 * parameter it sets and every output it reads exists there, its documented defaults are the template's, and its
 * default version is the listing's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadCfnTemplate } from '../../tests/support/cfn-yaml';
import { PROVIDER_PARAMETERS, PROVIDER_SEMANTIC_VERSION, VpcEndpoints, VpcEndpointsProvider, type VpcEndpointsProviderProps } from '../src';

const APPLICATION = 'arn:aws:serverlessrepo:eu-west-1:123456789012:applications/vpce-provisioner';
const providerTemplate = loadCfnTemplate(join(__dirname, '../../template.yaml'));
const listing = (providerTemplate.Metadata as Record<string, Record<string, unknown>>)['AWS::ServerlessRepo::Application'];

function synth(props: VpcEndpointsProviderProps): { stack: Stack; provider: VpcEndpointsProvider; template: Template } {
  const stack = new Stack(new App(), 'Test');
  const provider = new VpcEndpointsProvider(stack, 'Provider', props);
  return { stack, provider, template: Template.fromStack(stack) };
}

describe('VpcEndpointsProvider', () => {
  it('deploys the listing\'s current version as a nested SAM application, with the template\'s defaults', () => {
    // Act
    const { template } = synth({ applicationId: APPLICATION });

    // Assess
    expect(template.toJSON()['Transform']).toBe('AWS::Serverless-2016-10-31');
    expect(Object.values(template.findResources('AWS::Serverless::Application'))).toEqual([
      { Type: 'AWS::Serverless::Application', Properties: { Location: { ApplicationId: APPLICATION, SemanticVersion: '0.1.0' } } },
    ]);
  });

  it('defaults to the version template.yaml lists', () => {
    expect(PROVIDER_SEMANTIC_VERSION).toBe(listing?.['SemanticVersion']);
  });

  it('sets only parameters template.yaml declares, as strings its rules accept', () => {
    // Act
    const { template } = synth({
      applicationId: APPLICATION,
      semanticVersion: '0.2.0',
      logRetentionInDays: 30,
      organizationId: 'o-abcdefghij',
      spokeRoleName: 'vpce-provisioner-spoke',
      spokeExternalId: 'platform-hub',
      verifyOwnAccountStacks: false,
    });
    const [application] = Object.values(template.findResources('AWS::Serverless::Application')) as { Properties: Record<string, unknown> }[];

    // Assess
    const parameters = application?.Properties['Parameters'] as Record<string, string>;
    expect(parameters).toEqual({
      LogRetentionInDays: '30',
      OrganizationId: 'o-abcdefghij',
      SpokeRoleName: 'vpce-provisioner-spoke',
      SpokeExternalId: 'platform-hub',
      VerifyOwnAccountStacks: 'false',
    });
    expect(application?.Properties['Location']).toEqual({ ApplicationId: APPLICATION, SemanticVersion: '0.2.0' });
    for (const [name, value] of Object.entries(parameters)) {
      const declared = providerTemplate.Parameters?.[name];
      expect({ name, declared: declared !== undefined }).toEqual({ name, declared: true });
      if (declared?.AllowedValues !== undefined) expect(declared.AllowedValues.map(String)).toContain(value);
      if (declared?.AllowedPattern !== undefined) expect(value).toMatch(new RegExp(`^(?:${declared.AllowedPattern})$`));
    }
  });

  it('documents each parameter\'s default as template.yaml declares it', () => {
    const source = readFileSync(join(__dirname, '../src/provider.ts'), 'utf8');
    for (const [prop, name] of Object.entries(PROVIDER_PARAMETERS)) {
      const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*readonly ${prop}\\??:`).exec(source)?.[1] ?? '';
      expect({ prop, named: doc.includes(`\`${name}\``) }).toEqual({ prop, named: true });
      const documented = /@default (.*)/.exec(doc)?.[1]?.trim() ?? '';
      const declared = providerTemplate.Parameters?.[name]?.Default;
      const expected = documented.startsWith('-') ? '' : String(JSON.parse(documented.replace(/'/g, '"')));
      expect({ prop, default: expected }).toEqual({ prop, default: String(declared) });
    }
  });

  it('reads outputs template.yaml declares, and hands its ServiceToken to VpcEndpoints', () => {
    // Prepare
    const stack = new Stack(new App(), 'Test');
    const provider = new VpcEndpointsProvider(stack, 'Provider', { applicationId: APPLICATION });

    // Act
    const endpoints = new VpcEndpoints(stack, 'Endpoints', { vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123abcd'], serviceToken: provider.serviceToken });

    // Assess
    const id = stack.getLogicalId(provider.application);
    expect(stack.resolve(provider.serviceToken)).toEqual({ 'Fn::GetAtt': [id, 'Outputs.ServiceToken'] });
    expect(stack.resolve(provider.providerRoleArn)).toEqual({ 'Fn::GetAtt': [id, 'Outputs.ProviderRoleArn'] });
    expect(Object.keys(providerTemplate.Outputs ?? {})).toEqual(expect.arrayContaining(['ServiceToken', 'ProviderRoleArn']));
    expect(Template.fromStack(stack).toJSON()['Resources'][stack.getLogicalId(endpoints.resource)]['Properties']['ServiceToken']).toEqual({
      'Fn::GetAtt': [id, 'Outputs.ServiceToken'],
    });
  });
});
