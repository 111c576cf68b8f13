import { parseProperties } from '../../lib/properties';
import type { EndpointSpec } from '../../lib/properties/spec';
import { MINIMAL_POLICY, MINIMAL_PROPERTIES, policyTextOfLength, serviceNames, withProperties } from './support';

describe('parseProperties with valid input', () => {
  it('applies every default when only the required properties are given', () => {
    // Act
    const spec = parseProperties(MINIMAL_PROPERTIES);

    // Assess
    expect(spec).toStrictEqual<EndpointSpec>({
      vpcId: 'vpc-0123abcd',
      subnetIds: ['subnet-0123abcd'],
      interfaceServices: ['ecr.api', 'ecr.dkr', 'logs'],
      gatewayServices: ['s3'],
      subnetPrefixLength: 28,
      privateDnsEnabled: true,
      tags: [],
      securityGroupIds: [],
      ipAddressType: 'ipv4',
      existingEndpoints: 'fail',
      endpointPolicies: {},
      s3GatewayPolicy: 'full',
      dnsMode: 'PrivateDns',
      allowedConsumers: { kind: 'accounts', accountIds: [] },
    });
  });

  it('reads every property when all are given as CloudFormation strings', () => {
    // Prepare
    const raw = withProperties({
      ServiceTimeout: '1800',
      VpcId: 'vpc-0123456789abcdef0',
      SubnetIds: ['subnet-0123456789abcdef0', 'subnet-89abcdef'],
      InterfaceServices: ['ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr', 'secretsmanager'],
      GatewayServices: ['s3', 'com.amazonaws.eu-west-1.dynamodb'],
      SubnetPrefixLength: '27',
      PrivateDnsEnabled: 'false',
      Tags: [
        { Key: 'team', Value: 'platform' },
        { Key: 'Name', Value: 'shared endpoints' },
      ],
      SecurityGroupIds: ['sg-0123abcd'],
      CidrRange: '10.0.240.0/20',
      IpAddressType: 'dualstack',
      ExistingEndpoints: 'reuse',
      EndpointPolicies: { 'ecr.api': MINIMAL_POLICY },
      S3GatewayPolicy: 'ecr-layers-only',
      DnsMode: 'HostedZones',
      AllowedConsumers: '111122223333, 444455556666',
    });

    // Act
    const spec = parseProperties(raw);

    // Assess
    expect(spec).toStrictEqual<EndpointSpec>({
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-89abcdef'],
      interfaceServices: ['ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr', 'secretsmanager'],
      gatewayServices: ['s3', 'com.amazonaws.eu-west-1.dynamodb'],
      subnetPrefixLength: 27,
      privateDnsEnabled: false,
      tags: [
        { key: 'team', value: 'platform' },
        { key: 'Name', value: 'shared endpoints' },
      ],
      securityGroupIds: ['sg-0123abcd'],
      cidrRange: '10.0.240.0/20',
      ipAddressType: 'dualstack',
      existingEndpoints: 'reuse',
      endpointPolicies: { 'ecr.api': MINIMAL_POLICY },
      s3GatewayPolicy: 'ecr-layers-only',
      dnsMode: 'HostedZones',
      allowedConsumers: { kind: 'accounts', accountIds: ['111122223333', '444455556666'] },
    });
  });

  it('reads an IPAM pool instead of a CIDR range', () => {
    const spec = parseProperties(withProperties({ Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' }));

    expect(spec.ipv4IpamPoolId).toBe('ipam-pool-0123456789abcdef0');
    expect(spec).not.toHaveProperty('cidrRange');
  });

  it('leaves the optional fields out of the spec when they are not given', () => {
    const spec = parseProperties(MINIMAL_PROPERTIES);

    expect(Object.keys(spec)).not.toContain('cidrRange');
    expect(Object.keys(spec)).not.toContain('ipv4IpamPoolId');
  });

  // Coercion: CloudFormation sends strings; the plan CLI and tests send real values. Surrounding
  // whitespace is trimmed (a CommaDelimitedList keeps the blank after each comma).
  it.each<[string, Record<string, unknown>, Partial<EndpointSpec>]>([
    ['"true"', { PrivateDnsEnabled: 'true' }, { privateDnsEnabled: true }],
    ['"TRUE"', { PrivateDnsEnabled: 'TRUE' }, { privateDnsEnabled: true }],
    ['"False"', { PrivateDnsEnabled: 'False' }, { privateDnsEnabled: false }],
    ['" false "', { PrivateDnsEnabled: ' false ' }, { privateDnsEnabled: false }],
    ['a real false', { PrivateDnsEnabled: false }, { privateDnsEnabled: false }],
    ['"28"', { SubnetPrefixLength: '28' }, { subnetPrefixLength: 28 }],
    ['" 26 "', { SubnetPrefixLength: ' 26 ' }, { subnetPrefixLength: 26 }],
    ['"16"', { SubnetPrefixLength: '16' }, { subnetPrefixLength: 16 }],
    ['a real 24', { SubnetPrefixLength: 24 }, { subnetPrefixLength: 24 }],
    ['"DualStack"', { IpAddressType: 'DualStack' }, { ipAddressType: 'dualstack' }],
    ['"IPV6"', { IpAddressType: 'IPV6' }, { ipAddressType: 'ipv6' }],
    ['"ipv4"', { IpAddressType: 'ipv4' }, { ipAddressType: 'ipv4' }],
    ['"Reuse"', { ExistingEndpoints: 'Reuse' }, { existingEndpoints: 'reuse' }],
    ['"fail"', { ExistingEndpoints: 'fail' }, { existingEndpoints: 'fail' }],
    ['" Reuse "', { ExistingEndpoints: ' Reuse ' }, { existingEndpoints: 'reuse' }],
    ['"FULL"', { S3GatewayPolicy: 'FULL' }, { s3GatewayPolicy: 'full' }],
    ['a padded VPC ID', { VpcId: '  vpc-0123abcd ' }, { vpcId: 'vpc-0123abcd' }],
    ['a padded CIDR', { CidrRange: ' 10.0.0.0/16 ' }, { cidrRange: '10.0.0.0/16' }],
    ['a numeric tag value', { Tags: [{ Key: 'cost-centre', Value: 4711 }] }, { tags: [{ key: 'cost-centre', value: '4711' }] }],
    ['a tag with an empty value', { Tags: [{ Key: 'flag', Value: '' }] }, { tags: [{ key: 'flag', value: '' }] }],
    ['tag text kept as written', { Tags: [{ Key: ' spaced ', Value: ' value ' }] }, { tags: [{ key: ' spaced ', value: ' value ' }] }],
  ])('coerces %s', (_label, overrides, expected) => {
    expect(parseProperties(withProperties(overrides))).toMatchObject(expected);
  });

  // A blank string is what an empty CloudFormation parameter passes: it means "not given".
  it.each<[string, unknown, Partial<EndpointSpec>]>([
    ['SubnetPrefixLength', '', { subnetPrefixLength: 28 }],
    ['IpAddressType', null, { ipAddressType: 'ipv4' }],
    ['PrivateDnsEnabled', ' ', { privateDnsEnabled: true }],
    ['IpAddressType', '', { ipAddressType: 'ipv4' }],
    ['ExistingEndpoints', '', { existingEndpoints: 'fail' }],
    ['S3GatewayPolicy', '', { s3GatewayPolicy: 'full' }],
    ['Tags', '', { tags: [] }],
    ['EndpointPolicies', '', { endpointPolicies: {} }],
    ['InterfaceServices', null, { interfaceServices: ['ecr.api', 'ecr.dkr', 'logs'] }],
    ['GatewayServices', undefined, { gatewayServices: ['s3'] }],
  ])('treats a blank or null %s as not given', (property, value, expected) => {
    expect(parseProperties(withProperties({ [property]: value }))).toMatchObject(expected);
  });

  it.each<[string, unknown]>([
    ['absent', undefined],
    ['blank', ''],
  ])('leaves CidrRange and Ipv4IpamPoolId unset when %s', (_label, value) => {
    const spec = parseProperties(withProperties({ CidrRange: value, Ipv4IpamPoolId: value }));

    expect(spec).not.toHaveProperty('cidrRange');
    expect(spec).not.toHaveProperty('ipv4IpamPoolId');
  });

  // Lists: a real list, or one comma-separated string (a CommaDelimitedList parameter, or !Join).
  it.each<[string, string, unknown, keyof EndpointSpec, readonly string[]]>([
    ['SubnetIds as a comma-separated string', 'SubnetIds', 'subnet-0123abcd,subnet-4567abcd', 'subnetIds', ['subnet-0123abcd', 'subnet-4567abcd']],
    ['SubnetIds with blanks after commas', 'SubnetIds', 'subnet-0123abcd, subnet-4567abcd', 'subnetIds', ['subnet-0123abcd', 'subnet-4567abcd']],
    ['SubnetIds keeping the given order', 'SubnetIds', ['subnet-ffffffff', 'subnet-00000000'], 'subnetIds', ['subnet-ffffffff', 'subnet-00000000']],
    ['SubnetIds dropping blank items', 'SubnetIds', 'subnet-0123abcd,,', 'subnetIds', ['subnet-0123abcd']],
    ['InterfaceServices as a string', 'InterfaceServices', 'ssm, ssmmessages ,ec2messages', 'interfaceServices', ['ssm', 'ssmmessages', 'ec2messages']],
    ['InterfaceServices as an empty list (gateway only)', 'InterfaceServices', [], 'interfaceServices', []],
    ['InterfaceServices as an empty string (gateway only)', 'InterfaceServices', '', 'interfaceServices', []],
    ['InterfaceServices as [""] (an empty CommaDelimitedList)', 'InterfaceServices', [''], 'interfaceServices', []],
    ['GatewayServices as an empty list', 'GatewayServices', [], 'gatewayServices', []],
    ['GatewayServices as a string', 'GatewayServices', 'dynamodb,s3', 'gatewayServices', ['dynamodb', 's3']],
    ['SecurityGroupIds as a string', 'SecurityGroupIds', 'sg-0123abcd, sg-0123456789abcdef0', 'securityGroupIds', ['sg-0123abcd', 'sg-0123456789abcdef0']],
    ['SecurityGroupIds without repeats', 'SecurityGroupIds', ['sg-0123abcd', 'sg-4567abcd', 'sg-0123abcd'], 'securityGroupIds', ['sg-0123abcd', 'sg-4567abcd']],
  ])('reads %s', (_label, property, value, field, expected) => {
    expect(parseProperties(withProperties({ [property]: value }))[field]).toStrictEqual(expected);
  });

  it.each([
    'ecr.dkr',
    'execute-api',
    's3-global.accesspoint',
    'com.amazonaws.us-east-1.ecr.dkr',
    'com.amazonaws.us-gov-west-1.logs',
    'cn.com.amazonaws.cn-north-1.ecr.api',
    'aws.sagemaker.eu-west-1.notebook',
    'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
    // The European Sovereign Cloud names services both ways (the AWS CDK's InterfaceVpcEndpointAwsService).
    'eu.amazonaws.eusc-de-east-1.ecr.dkr',
    'com.amazonaws.eusc-de-east-1.ecs',
  ])('accepts the interface service name %s', (service) => {
    expect(parseProperties(withProperties({ InterfaceServices: [service] })).interfaceServices).toStrictEqual([service]);
  });

  it.each(['s3', 'dynamodb', 'com.amazonaws.eu-west-1.s3', 'cn.com.amazonaws.cn-north-1.s3', 'com.amazonaws.us-east-1.dynamodb'])(
    'accepts the gateway service name %s',
    (service) => {
      expect(parseProperties(withProperties({ GatewayServices: [service] })).gatewayServices).toStrictEqual([service]);
    },
  );

  it('accepts s3 as both an interface and a gateway service', () => {
    const spec = parseProperties(withProperties({ InterfaceServices: ['s3'], GatewayServices: ['s3'] }));

    expect(spec.interfaceServices).toStrictEqual(['s3']);
    expect(spec.gatewayServices).toStrictEqual(['s3']);
  });

  it('accepts the same service in two regions written as full names', () => {
    const services = ['com.amazonaws.eu-west-1.logs', 'com.amazonaws.us-east-1.logs'];

    expect(parseProperties(withProperties({ InterfaceServices: services })).interfaceServices).toStrictEqual(services);
  });

  it.each<[string, Record<string, unknown>]>([
    ['11 interface services fit a /28 (16 - 5 reserved)', { InterfaceServices: serviceNames(11) }],
    ['27 interface services fit a /27', { InterfaceServices: serviceNames(27), SubnetPrefixLength: '27' }],
    ['50 interface services fit a /26', { InterfaceServices: serviceNames(50), SubnetPrefixLength: '26' }],
    ['a CIDR range exactly one subnet large', { CidrRange: '10.0.0.16/28' }],
    ['a /0 CIDR range', { CidrRange: '0.0.0.0/0' }],
    ['40 tags', { Tags: Array.from({ length: 40 }, (_, index) => ({ Key: `key-${index}`, Value: 'v' })) }],
    ['a 128-character tag key and a 256-character value', { Tags: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] }],
    ['a user Name tag', { Tags: [{ Key: 'Name', Value: 'mine' }] }],
    ['tag keys that differ only in case (EC2 keys are case-sensitive)', { Tags: [{ Key: 'team', Value: 'a' }, { Key: 'Team', Value: 'b' }] }],
    ['a key that merely contains "aws:"', { Tags: [{ Key: 'my-aws:thing', Value: 'v' }] }],
    ['4 extra security groups', { SecurityGroupIds: ['sg-00000001', 'sg-00000002', 'sg-00000003', 'sg-00000004'] }],
    // The account's quota L-2AFB9258 may be raised to 16; preflight checks the applied value.
    ['15 extra security groups', { SecurityGroupIds: Array.from({ length: 15 }, (_, index) => `sg-${String(index + 1).padStart(8, '0')}`) }],
    ['a policy for a gateway service', { EndpointPolicies: { s3: JSON.parse(MINIMAL_POLICY) } }],
    ['an account Principal for s3 listed only as an interface service', { InterfaceServices: ['s3'], GatewayServices: [], EndpointPolicies: { s3: { Statement: { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:*', Resource: '*' } } } }],
    ['ecr-layers-only with a policy for another service', { S3GatewayPolicy: 'ecr-layers-only', EndpointPolicies: { 'ecr.api': MINIMAL_POLICY } }],
    ['ecr-layers-only with a full s3 gateway name', { S3GatewayPolicy: 'ecr-layers-only', GatewayServices: ['com.amazonaws.eu-west-1.s3'] }],
  ])('accepts %s', (_label, overrides) => {
    expect(() => parseProperties(withProperties(overrides))).not.toThrow();
  });

  it('ignores CloudFormation\'s own ServiceToken and ServiceTimeout', () => {
    const spec = parseProperties(withProperties({ ServiceToken: 'arn:aws:lambda:…', ServiceTimeout: '600' }));

    expect(spec.vpcId).toBe('vpc-0123abcd');
  });
});

describe('parseProperties endpoint policies', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' }] };

  it('serialises a policy given as an object with JSON.stringify', () => {
    const spec = parseProperties(withProperties({ EndpointPolicies: { 'ecr.api': policy } }));

    expect(spec.endpointPolicies).toStrictEqual({ 'ecr.api': JSON.stringify(policy) });
  });

  it('keeps a policy given as JSON text exactly as written', () => {
    const text = JSON.stringify(policy, null, 2);

    const spec = parseProperties(withProperties({ EndpointPolicies: { 'ecr.api': text } }));

    expect(spec.endpointPolicies).toStrictEqual({ 'ecr.api': text });
  });

  it('keys policies by the service name exactly as written in the service list', () => {
    const fullName = 'com.amazonaws.eu-west-1.ecr.dkr';

    const spec = parseProperties(withProperties({ InterfaceServices: [fullName], EndpointPolicies: { [fullName]: policy } }));

    expect(Object.keys(spec.endpointPolicies)).toStrictEqual([fullName]);
  });

  it('accepts a policy of exactly 20,480 characters', () => {
    const text = policyTextOfLength(20_480);

    expect(parseProperties(withProperties({ EndpointPolicies: { logs: text } })).endpointPolicies['logs']).toHaveLength(20_480);
  });
});
