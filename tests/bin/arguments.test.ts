import { parsePlanArguments, UsageError } from '../../bin/arguments';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/6c2b7d40-0000-4000-8000-000000000001';

describe('parsePlanArguments', () => {
  it('maps property flags to ResourceProperties, in both --flag value and --flag=value forms', () => {
    const args = parsePlanArguments([
      'plan',
      '--vpc=vpc-0a1b2c3d',
      '--subnets',
      'subnet-0a1b2c3d,subnet-0a1b2c3e',
      '--interface-services',
      'ecr.api',
      '--gateway-services',
      '',
      '--prefix-length',
      '27',
      '--private-dns',
      'false',
      '--ip-address-type',
      'dualstack',
      '--ipam-pool',
      'ipam-pool-0a1b2c3d',
      '--cidr-range',
      '10.0.0.0/16',
      '--existing-endpoints',
      'reuse',
      '--tags',
      'team=payments, env = prod',
      '--security-groups',
      'sg-0a1b2c3d',
      '--s3-gateway-policy',
      'ecr-layers-only',
      '--endpoint-policies',
      'policies.json',
      '--json',
    ]);

    expect(args).toEqual({
      propertyFlags: {
        VpcId: 'vpc-0a1b2c3d',
        SubnetIds: 'subnet-0a1b2c3d,subnet-0a1b2c3e',
        InterfaceServices: 'ecr.api',
        GatewayServices: '',
        SubnetPrefixLength: '27',
        PrivateDnsEnabled: 'false',
        IpAddressType: 'dualstack',
        Ipv4IpamPoolId: 'ipam-pool-0a1b2c3d',
        CidrRange: '10.0.0.0/16',
        ExistingEndpoints: 'reuse',
        Tags: [
          { Key: 'team', Value: 'payments' },
          { Key: 'env', Value: 'prod' },
        ],
        SecurityGroupIds: 'sg-0a1b2c3d',
        S3GatewayPolicy: 'ecr-layers-only',
      },
      endpointPoliciesFile: 'policies.json',
      logicalId: 'VpcEndpoints',
      consumer: false,
      pricing: 'table',
      json: true,
      detailedExitCode: false,
      help: false,
      version: false,
    });
  });

  it('maps --dns-mode and --allowed-consumers to a hub’s DnsMode and AllowedConsumers', () => {
    const args = parsePlanArguments(['plan', '--vpc', 'vpc-0a1b2c3d', '--dns-mode', 'HostedZones', '--allowed-consumers=111122223333,444455556666']);

    expect(args.propertyFlags).toEqual({ VpcId: 'vpc-0a1b2c3d', DnsMode: 'HostedZones', AllowedConsumers: '111122223333,444455556666' });
  });

  it('keeps the resource flags apart from the properties', () => {
    const args = parsePlanArguments(['plan', '--vpc', 'v', '--subnets', 's', '--stack-id', STACK_ID, '--logical-id', 'Endpoints', '--old-properties', 'old.json', '--endpoint-url', 'http://127.0.0.1:4566']);

    expect(args).toMatchObject({ stackId: STACK_ID, logicalId: 'Endpoints', oldPropertiesFile: 'old.json', endpointUrl: 'http://127.0.0.1:4566' });
    expect(args.propertyFlags).toEqual({ VpcId: 'v', SubnetIds: 's' });
  });

  it('throws UsageError, not anything else, for a malformed line', () => {
    expect(() => parsePlanArguments(['plan', '--nope'])).toThrow(UsageError);
  });

  it('suggests the nearest flag for a misspelt one', () => {
    expect(() => parsePlanArguments(['plan', '--ipam-pol', 'x'])).toThrow('Unknown option --ipam-pol. Did you mean --ipam-pool?');
    expect(() => parsePlanArguments(['plan', '--colour', 'x'])).toThrow(/^Unknown option --colour\.$/);
  });

  it('reads --version alone or after the command', () => {
    expect(parsePlanArguments(['--version'])).toMatchObject({ version: true });
    expect(parsePlanArguments(['plan', '--version'])).toMatchObject({ version: true });
  });
});

describe('parsePlanArguments with --consumer', () => {
  it('maps a consumer’s flags to its ResourceProperties, takes --hub-profile, and defaults the logical ID to Consumer', () => {
    const args = parsePlanArguments([
      'plan', '--consumer', '--vpc', 'vpc-0a1b2c3d', '--hub-id=arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c', '--services', 'logs,ecr.dkr',
      '--gateway-services', 's3', '--hub-profile', 'network-hub', '--profile', 'payments',
    ]);

    expect(args).toMatchObject({
      propertyFlags: { VpcId: 'vpc-0a1b2c3d', HubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c', Services: 'logs,ecr.dkr', GatewayServices: 's3' },
      consumer: true,
      hubProfile: 'network-hub',
      profile: 'payments',
      logicalId: 'Consumer',
    });
  });

  it('refuses a --hub-profile that cannot name a profile', () => {
    expect(() => parsePlanArguments(['plan', '--consumer', '--hub-profile', 'a b'])).toThrow('--hub-profile must name a profile of your AWS config; got "a b".');
  });
});
