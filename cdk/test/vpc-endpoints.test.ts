import { App, CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Effect, PolicyDocument, PolicyStatement, AnyPrincipal } from 'aws-cdk-lib/aws-iam';
import { VpcEndpoints, type DefaultGatewayService, type DefaultInterfaceService, type VpcEndpointsProps } from '../src';

const VPC = 'vpc-0123abcd';
const SUBNETS = ['subnet-0123abcd', 'subnet-4567ef01'];

function synth<I extends string = DefaultInterfaceService, G extends string = DefaultGatewayService>(props: VpcEndpointsProps<I, G>): { template: Template; endpoints: VpcEndpoints<I, G> } {
  const stack = new Stack(new App(), 'Test');
  const endpoints = new VpcEndpoints(stack, 'Endpoints', props);
  return { template: Template.fromStack(stack), endpoints };
}

/** The one custom resource's Properties, as written to the template. */
function properties(template: Template): Record<string, unknown> {
  const resources = Object.values(template.findResources('Custom::VpcEndpoints'));
  expect(resources).toHaveLength(1);
  return (resources[0] as { Properties: Record<string, unknown> }).Properties;
}

/** The Fn::GetAtt a token resolves to, in the construct's stack. */
function resolved(endpoints: VpcEndpoints<string, string>, token: string): unknown {
  return Stack.of(endpoints).resolve(token);
}

describe('VpcEndpoints: the properties it declares', () => {
  it('declares only the required properties, with the default ServiceToken and ServiceTimeout, when nothing else is given', () => {
    // Prepare / Act
    const { template } = synth({ vpcId: VPC, subnetIds: SUBNETS });

    // Assess: the order matters too (the README's YAML declares them in this order).
    expect(JSON.stringify(properties(template))).toBe(
      JSON.stringify({
        ServiceToken: '{{resolve:ssm:/vpce-provisioner/service-token}}',
        ServiceTimeout: 1800,
        VpcId: VPC,
        SubnetIds: SUBNETS,
      }),
    );
  });

  it('adds no DeletionPolicy, UpdateReplacePolicy or DependsOn of its own', () => {
    const { template } = synth({ vpcId: VPC, subnetIds: SUBNETS });
    const resource = Object.values(template.findResources('Custom::VpcEndpoints'))[0] as Record<string, unknown>;
    expect(Object.keys(resource).sort()).toEqual(['Properties', 'Type']);
  });

  it('encodes every property as CloudFormation sends it: numbers and booleans as strings, tags as Key/Value, policies as objects', () => {
    // Prepare
    const policy = new PolicyDocument({
      statements: [new PolicyStatement({ effect: Effect.ALLOW, principals: [new AnyPrincipal()], actions: ['ecr:*'], resources: ['*'] })],
    });

    // Act
    const { template } = synth({
      vpcId: VPC,
      subnetIds: SUBNETS,
      interfaceServices: ['ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr', 'sts'],
      gatewayServices: ['s3', 'dynamodb'],
      subnetPrefixLength: 27,
      privateDnsEnabled: false,
      tags: [{ key: 'team', value: 'platform' }],
      securityGroupIds: ['sg-0123abcd'],
      cidrRange: '10.0.128.0/20',
      ipAddressType: 'dualstack',
      existingEndpoints: 'reuse',
      endpointPolicies: { 'ecr.api': policy, dynamodb: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*' }] } },
      s3GatewayPolicy: 'ecr-layers-only',
      serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:vpce-provisioner-provider',
      serviceTimeout: Duration.minutes(45),
    });

    // Assess
    expect(properties(template)).toEqual({
      ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:vpce-provisioner-provider',
      ServiceTimeout: 2700,
      VpcId: VPC,
      SubnetIds: SUBNETS,
      InterfaceServices: ['ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr', 'sts'],
      GatewayServices: ['s3', 'dynamodb'],
      SubnetPrefixLength: '27',
      PrivateDnsEnabled: 'false',
      Tags: [{ Key: 'team', Value: 'platform' }],
      SecurityGroupIds: ['sg-0123abcd'],
      CidrRange: '10.0.128.0/20',
      IpAddressType: 'dualstack',
      ExistingEndpoints: 'reuse',
      EndpointPolicies: {
        'ecr.api': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'ecr:*', Resource: '*' }] },
        dynamodb: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*' }] },
      },
      S3GatewayPolicy: 'ecr-layers-only',
    });
  });

  it('passes tokens through: parameters, lists from parameters, imports, numbers from parameters', () => {
    // Prepare
    const stack = new Stack(new App(), 'Test');
    const vpc = new CfnParameter(stack, 'Vpc', { type: 'AWS::EC2::VPC::Id' });
    const subnets = new CfnParameter(stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' });
    const prefix = new CfnParameter(stack, 'Prefix', { type: 'Number' });

    // Act
    new VpcEndpoints(stack, 'Endpoints', {
      vpcId: vpc.valueAsString,
      subnetIds: subnets.valueAsList,
      subnetPrefixLength: prefix.valueAsNumber,
      serviceToken: Fn.importValue('vpce-provisioner-ServiceToken'),
    });

    // Assess
    expect(properties(Template.fromStack(stack))).toEqual({
      ServiceToken: { 'Fn::ImportValue': 'vpce-provisioner-ServiceToken' },
      ServiceTimeout: 1800,
      VpcId: { Ref: 'Vpc' },
      SubnetIds: { Ref: 'Subnets' },
      SubnetPrefixLength: { Ref: 'Prefix' },
    });
  });

  it('reads the ServiceToken from another SSM parameter when asked', () => {
    const { template } = synth({ vpcId: VPC, subnetIds: SUBNETS, serviceToken: VpcEndpoints.serviceTokenFromParameter('/platform/vpce') });
    expect(properties(template)['ServiceToken']).toBe('{{resolve:ssm:/platform/vpce}}');
  });

  it.each([
    [Duration.seconds(1), 1],
    [Duration.hours(1), 3600],
  ])('accepts a ServiceTimeout at CloudFormation\'s bounds (%s)', (timeout, seconds) => {
    const { template } = synth({ vpcId: VPC, subnetIds: SUBNETS, serviceTimeout: timeout });
    expect(properties(template)['ServiceTimeout']).toBe(seconds);
  });

  it.each([
    [Duration.seconds(0), 'got 0 seconds'],
    [Duration.seconds(3601), 'got 3601 seconds'],
  ])('refuses a ServiceTimeout outside 1 s to 60 min (%s)', (timeout, message) => {
    expect(() => synth({ vpcId: VPC, subnetIds: SUBNETS, serviceTimeout: timeout })).toThrow(message);
  });

  it('checks endpoint policy keys against the service lists, and never infers the services from them', () => {
    // Prepare / Act: policies for default services; endpointId('ecr.api') compiles, so the keys did not narrow the services.
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    const { endpoints, template } = synth({ vpcId: VPC, subnetIds: SUBNETS, endpointPolicies: { logs: policy, s3: policy } });

    // Assess
    expect(Object.keys(properties(template)['EndpointPolicies'] as object)).toEqual(['logs', 's3']);
    expect(resolved(endpoints, endpoints.endpointId('ecr.api'))).toEqual({
      'Fn::GetAtt': [Stack.of(endpoints).getLogicalId(endpoints.resource), 'EndpointId.ecr.api'],
    });
    expect(() =>
      // @ts-expect-error -- 'lgs' is not a listed service: a compile error as well
      synth({ vpcId: VPC, subnetIds: SUBNETS, endpointPolicies: { lgs: policy } }),
    ).toThrow(
      "Test/Endpoints: endpointPolicies has a policy for 'lgs', which is not in interfaceServices or gatewayServices; keys must match a listed service exactly as written (listed: 'ecr.api', 'ecr.dkr', 'logs', 's3').",
    );
  });

  it('refuses an empty policy document, which would render as no policy at all', () => {
    expect(() => synth({ vpcId: VPC, subnetIds: SUBNETS, endpointPolicies: { logs: new PolicyDocument() } })).toThrow(
      'endpointPolicies["logs"] is an empty policy document',
    );
  });
});

describe('VpcEndpoints: typed outputs', () => {
  it.each([
    ['attrSubnetIds', 'SubnetIds'],
    ['attrSubnetCidrs', 'SubnetCidrs'],
    ['attrSubnetIpv6Cidrs', 'SubnetIpv6Cidrs'],
    ['attrAvailabilityZoneIds', 'AvailabilityZoneIds'],
    ['attrSecurityGroupId', 'SecurityGroupId'],
    ['attrEndpointIds', 'EndpointIds'],
    ['attrReusedEndpointIds', 'ReusedEndpointIds'],
    ['attrNotes', 'Notes'],
  ] as const)('%s reads Fn::GetAtt %s', (accessor, attribute) => {
    const { endpoints } = synth({ vpcId: VPC, subnetIds: SUBNETS });
    const logicalId = Stack.of(endpoints).getLogicalId(endpoints.resource);
    expect(resolved(endpoints, endpoints[accessor])).toEqual({ 'Fn::GetAtt': [logicalId, attribute] });
  });

  it('reads the per-service outputs under the short name, whether the props give it short or full', () => {
    // Prepare
    const { endpoints } = synth({
      vpcId: VPC,
      subnetIds: SUBNETS,
      interfaceServices: ['com.amazonaws.eu-west-1.ecr.dkr', 'logs'],
      gatewayServices: ['com.amazonaws.eu-west-1.s3'],
    });
    const id = Stack.of(endpoints).getLogicalId(endpoints.resource);

    // Act / Assess
    expect(resolved(endpoints, endpoints.endpointId('ecr.dkr'))).toEqual({ 'Fn::GetAtt': [id, 'EndpointId.ecr.dkr'] });
    expect(resolved(endpoints, endpoints.endpointId('com.amazonaws.eu-west-1.ecr.dkr'))).toEqual({ 'Fn::GetAtt': [id, 'EndpointId.ecr.dkr'] });
    expect(resolved(endpoints, endpoints.dnsName('logs'))).toEqual({ 'Fn::GetAtt': [id, 'DnsName.logs'] });
    expect(resolved(endpoints, endpoints.gatewayEndpointId('s3'))).toEqual({ 'Fn::GetAtt': [id, 'GatewayEndpointId.s3'] });
    expect(resolved(endpoints, endpoints.prefixListId('s3'))).toEqual({ 'Fn::GetAtt': [id, 'PrefixListId.s3'] });
  });

  it('knows the default services when none are given', () => {
    const { endpoints } = synth({ vpcId: VPC, subnetIds: SUBNETS });
    const id = Stack.of(endpoints).getLogicalId(endpoints.resource);
    expect(resolved(endpoints, endpoints.endpointId('ecr.api'))).toEqual({ 'Fn::GetAtt': [id, 'EndpointId.ecr.api'] });
    expect(resolved(endpoints, endpoints.prefixListId('s3'))).toEqual({ 'Fn::GetAtt': [id, 'PrefixListId.s3'] });
  });

  it('fails at synth on a misspelled service, naming the valid choices', () => {
    const { endpoints } = synth({ vpcId: VPC, subnetIds: SUBNETS });
    // @ts-expect-error -- 'ecr.dk' is not one of the default interface services: a compile error as well
    expect(() => endpoints.endpointId('ecr.dk')).toThrow(
      "Test/Endpoints: endpointId('ecr.dk') names no interface service of this resource; valid choices: 'ecr.api', 'ecr.dkr', 'logs'.",
    );
  });

  it('fails at synth on a service the props do not request, and points a gateway service to its accessor', () => {
    const { endpoints } = synth({ vpcId: VPC, subnetIds: SUBNETS, interfaceServices: ['sts'], gatewayServices: ['s3'] });
    // @ts-expect-error -- s3 is a gateway service here
    expect(() => endpoints.dnsName('s3')).toThrow(
      "Test/Endpoints: dnsName('s3') names no interface service of this resource; valid choices: 'sts'. 's3' is a gateway service here: use gatewayEndpointId('s3').",
    );
    // @ts-expect-error -- dynamodb is not requested
    expect(() => endpoints.prefixListId('dynamodb')).toThrow("prefixListId('dynamodb') names no gateway service of this resource; valid choices: 's3'.");
  });

  it('says so when a service list is empty', () => {
    const { endpoints } = synth({ vpcId: VPC, subnetIds: SUBNETS, gatewayServices: [] });
    // @ts-expect-error -- no gateway services at all
    expect(() => endpoints.gatewayEndpointId('s3')).toThrow('valid choices: none (gatewayServices is empty)');
  });

  it('cannot check a service list known only at deploy time, and reads the short name', () => {
    // Prepare
    const stack = new Stack(new App(), 'Test');
    const services = new CfnParameter(stack, 'Services', { type: 'CommaDelimitedList' });
    const endpoints = new VpcEndpoints(stack, 'Endpoints', { vpcId: VPC, subnetIds: SUBNETS, interfaceServices: services.valueAsList });

    // Act / Assess
    expect(stack.resolve(endpoints.endpointId('com.amazonaws.us-east-1.sts'))).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(endpoints.resource), 'EndpointId.sts'],
    });
  });
});
