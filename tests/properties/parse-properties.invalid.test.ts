import { InvalidPropertiesError, UserInputError } from '../../lib/errors';
import { parseProperties } from '../../lib/properties';
import { MINIMAL_POLICY, MINIMAL_PROPERTIES, policyTextOfLength, problemsOf, serviceNames, withProperties } from './support';

const manyTags = (count: number): { Key: string; Value: string }[] =>
  Array.from({ length: count }, (_, index) => ({ Key: `key-${index}`, Value: 'v' }));

/**
 * One rule broken per row: exactly one problem is reported, and it contains every fragment (which
 * always include the property, and the value received when there is one).
 */
const SINGLE_PROBLEMS: [string, Record<string, unknown>, string[]][] = [
  // VpcId
  ['VpcId missing', { VpcId: undefined }, ['VpcId is required', 'got nothing']],
  ['VpcId blank', { VpcId: '  ' }, ['VpcId is required', 'got "  "']],
  ['VpcId too short', { VpcId: 'vpc-123' }, ['VpcId "vpc-123"', 'not a VPC ID', '8 or 17']],
  ['VpcId of 9 digits', { VpcId: 'vpc-0123abcde' }, ['VpcId "vpc-0123abcde"', 'not a VPC ID']],
  ['VpcId not hex', { VpcId: 'vpc-0123abcg' }, ['VpcId "vpc-0123abcg"']],
  ['VpcId in upper case', { VpcId: 'vpc-0123ABCD' }, ['VpcId "vpc-0123ABCD"', 'did you mean "vpc-0123abcd"?']],
  ['VpcId with the wrong prefix', { VpcId: 'subnet-0123abcd' }, ['VpcId "subnet-0123abcd"', 'expected "vpc-"']],
  ['VpcId as a list', { VpcId: ['vpc-0123abcd'] }, ['VpcId must be a VPC ID', 'got a list ["vpc-0123abcd"]']],
  ['VpcId as an object', { VpcId: { Ref: 'Vpc' } }, ['VpcId must be a VPC ID', 'got an object {"Ref":"Vpc"}']],
  // SubnetIds
  ['SubnetIds missing', { SubnetIds: undefined }, ['SubnetIds is required', 'got nothing']],
  ['SubnetIds empty', { SubnetIds: [] }, ['SubnetIds is required', 'got []']],
  ['SubnetIds an empty string', { SubnetIds: '' }, ['SubnetIds is required', 'got ""']],
  ['SubnetIds with a bad item', { SubnetIds: ['subnet-0123abcd', 'subnet-xyz'] }, ['SubnetIds[1] "subnet-xyz"', 'not a subnet ID']],
  ['SubnetIds with a bad item in a string', { SubnetIds: 'subnet-0123abcd,vpc-0123abcd' }, ['SubnetIds[1] "vpc-0123abcd"', 'not a subnet ID']],
  ['SubnetIds with a repeat', { SubnetIds: ['subnet-0123abcd', 'subnet-4567abcd', 'subnet-0123abcd'] }, ['SubnetIds[2] "subnet-0123abcd"', 'repeats SubnetIds[0]']],
  ['SubnetIds as an object', { SubnetIds: { a: 'subnet-0123abcd' } }, ['SubnetIds must be a list of subnet IDs or a comma-separated string', 'got an object']],
  ['SubnetIds with a nested list', { SubnetIds: [['subnet-0123abcd']] }, ['SubnetIds[0] must be a string', 'got a list [']],
  ['SubnetIds as a number', { SubnetIds: 7 }, ['SubnetIds must be a list', 'got a number 7']],
  // InterfaceServices
  ['an upper-case service name', { InterfaceServices: ['ECR.dkr'] }, ['InterfaceServices[0] "ECR.dkr"', 'case-sensitive', 'did you mean "ecr.dkr"?']],
  ['a service name with a space', { InterfaceServices: ['ecr dkr'] }, ['InterfaceServices[0] "ecr dkr"', 'not a service name']],
  ['a service name with an underscore', { InterfaceServices: ['ecr_dkr'] }, ['InterfaceServices[0] "ecr_dkr"']],
  ['a service name with a trailing dot', { InterfaceServices: ['ecr.'] }, ['InterfaceServices[0] "ecr."']],
  ['a full name without a region', { InterfaceServices: ['com.amazonaws.ecr.dkr'] }, ['InterfaceServices[0] "com.amazonaws.ecr.dkr"', 'com.amazonaws.<region>.<service>']],
  ['a full name without a service', { InterfaceServices: ['com.amazonaws.eu-west-1'] }, ['InterfaceServices[0] "com.amazonaws.eu-west-1"']],
  ['a repeated service', { InterfaceServices: ['logs', 'ecr.api', 'logs'] }, ['InterfaceServices[2] "logs"', 'repeats InterfaceServices[0]']],
  ['a short and a full name of one service', { InterfaceServices: ['logs', 'com.amazonaws.eu-west-1.logs'] }, ['InterfaceServices[1] "com.amazonaws.eu-west-1.logs"', 'repeats InterfaceServices[0] "logs"', 'the same service']],
  ['51 interface services', { InterfaceServices: serviceNames(51), SubnetPrefixLength: '26' }, ['InterfaceServices lists 51 services', 'at most 50']],
  ['InterfaceServices as an object', { InterfaceServices: { ecr: 'api' } }, ['InterfaceServices must be a list of service names', 'got an object']],
  ['InterfaceServices item as a boolean', { InterfaceServices: [true] }, ['InterfaceServices[0] must be a string', 'got a boolean true']],
  // GatewayServices
  ['a gateway service without a gateway endpoint', { GatewayServices: ['sqs'] }, ['GatewayServices[0] "sqs"', 'does not offer a Gateway endpoint', '"s3" and "dynamodb"']],
  ['a full gateway name of another service', { GatewayServices: ['com.amazonaws.eu-west-1.ecr.dkr'] }, ['GatewayServices[0] "com.amazonaws.eu-west-1.ecr.dkr"', 'Gateway endpoint']],
  ['a PrivateLink service as a gateway', { GatewayServices: ['com.amazonaws.vpce.eu-west-1.s3'] }, ['GatewayServices[0]', 'Gateway endpoint']],
  ['an upper-case gateway service', { GatewayServices: ['S3'] }, ['GatewayServices[0] "S3"', 'did you mean "s3"?']],
  ['a repeated gateway service', { GatewayServices: ['s3', 'com.amazonaws.eu-west-1.s3'] }, ['GatewayServices[1] "com.amazonaws.eu-west-1.s3"', 'repeats GatewayServices[0] "s3"']],
  // SubnetPrefixLength
  ['SubnetPrefixLength 29', { SubnetPrefixLength: '29' }, ['SubnetPrefixLength must be an integer from 16 to 28', 'got "29"']],
  ['SubnetPrefixLength 15', { SubnetPrefixLength: 15 }, ['SubnetPrefixLength', 'got 15']],
  ['SubnetPrefixLength not a number', { SubnetPrefixLength: 'twenty' }, ['SubnetPrefixLength', 'got a string "twenty"']],
  ['SubnetPrefixLength with a slash', { SubnetPrefixLength: '/28' }, ['SubnetPrefixLength', 'got a string "/28"']],
  ['SubnetPrefixLength a decimal', { SubnetPrefixLength: '27.5' }, ['SubnetPrefixLength', '"27.5"']],
  ['SubnetPrefixLength a real decimal', { SubnetPrefixLength: 27.5 }, ['SubnetPrefixLength', 'got a number 27.5']],
  ['SubnetPrefixLength a list', { SubnetPrefixLength: ['28'] }, ['SubnetPrefixLength', 'got a list ["28"]']],
  ['12 services in the default /28', { InterfaceServices: serviceNames(12) }, ['SubnetPrefixLength (not given, so the default 28)', '11 usable addresses', '12 interface endpoints', 'set it to 27 or lower']],
  ['28 services in a /27', { InterfaceServices: serviceNames(28), SubnetPrefixLength: '27' }, ['SubnetPrefixLength 27 leaves 27 usable', '28 interface endpoints', 'set it to 26 or lower']],
  // PrivateDnsEnabled
  ['PrivateDnsEnabled "yes"', { PrivateDnsEnabled: 'yes' }, ['PrivateDnsEnabled must be "true" or "false"', 'got a string "yes"']],
  ['PrivateDnsEnabled 1', { PrivateDnsEnabled: 1 }, ['PrivateDnsEnabled', 'got a number 1']],
  // Tags
  ['Tags as an object', { Tags: { team: 'platform' } }, ['Tags must be a list of {Key, Value} objects', 'got an object {"team":"platform"}']],
  ['a tag that is a string', { Tags: ['team=platform'] }, ['Tags[0] must be an object with Key and Value', 'got a string "team=platform"']],
  ['a tag without Key', { Tags: [{ Value: 'v' }] }, ['Tags[0].Key is required']],
  ['a tag without Value', { Tags: [{ Key: 'k' }] }, ['Tags[0].Value is required']],
  ['a tag key that is a list', { Tags: [{ Key: ['k'], Value: 'v' }] }, ['Tags[0].Key must be a string', 'got a list ["k"]']],
  ['a misspelt tag field', { Tags: [{ Key: 'k', Value: 'v', Vaule: 'w' }] }, ['Tags[0] has an unknown field "Vaule"', 'Did you mean `Value`?']],
  ['an aws: tag key', { Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] }, ['Tags[0].Key "aws:cloudformation:stack-name"', 'reserves']],
  ['an AWS: tag key in upper case', { Tags: [{ Key: 'AWS:thing', Value: 'x' }] }, ['Tags[0].Key "AWS:thing"', '"aws:"']],
  ['an ownership tag key', { Tags: [{ Key: 'vpce-provisioner:owner', Value: 'x' }] }, ['Tags[0].Key "vpce-provisioner:owner"', 'ownership']],
  ['an ownership tag key in other case', { Tags: [{ Key: 'VPCE-Provisioner:anything', Value: 'x' }] }, ['Tags[0].Key "VPCE-Provisioner:anything"', 'ownership']],
  ['an empty tag key', { Tags: [{ Key: '', Value: 'x' }] }, ['Tags[0].Key ""', '1 to 128 characters']],
  ['a 129-character tag key', { Tags: [{ Key: 'k'.repeat(129), Value: 'x' }] }, ['Tags[0].Key "kkkk', '1 to 128 characters']],
  ['a 257-character tag value', { Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }, ['Tags[0].Value "vvvv', 'longer than 256 characters']],
  ['a repeated tag key', { Tags: [{ Key: 'team', Value: 'a' }, { Key: 'team', Value: 'b' }] }, ['Tags[1].Key "team" repeats Tags[0].Key']],
  ['41 tags', { Tags: manyTags(41) }, ['Tags has 41 tags', 'at most 40']],
  // SecurityGroupIds
  ['a bad security group ID', { SecurityGroupIds: ['sg-12'] }, ['SecurityGroupIds[0] "sg-12"', 'not a security group ID']],
  ['16 extra security groups', { SecurityGroupIds: Array.from({ length: 16 }, (_, index) => `sg-${String(index + 1).padStart(8, '0')}`).join(',') }, ['SecurityGroupIds lists 16 security groups', 'at most 15', 'L-2AFB9258', 'got "sg-00000001,']],
  ['SecurityGroupIds as an object', { SecurityGroupIds: { id: 'sg-00000001' } }, ['SecurityGroupIds must be a list of security group IDs', 'got an object']],
  // CidrRange
  ['CidrRange with host bits', { CidrRange: '10.0.0.5/24' }, ['CidrRange "10.0.0.5/24"', 'host bits', '10.0.0.0/24']],
  ['CidrRange without a prefix', { CidrRange: '10.0.0.0' }, ['CidrRange "10.0.0.0"', 'not an IPv4 CIDR block']],
  ['CidrRange with an octet over 255', { CidrRange: '10.0.256.0/24' }, ['CidrRange "10.0.256.0/24"', 'not an IPv4 CIDR block']],
  ['CidrRange with a leading zero', { CidrRange: '10.0.01.0/24' }, ['CidrRange "10.0.01.0/24"']],
  ['CidrRange with prefix 33', { CidrRange: '10.0.0.0/33' }, ['CidrRange "10.0.0.0/33"']],
  ['CidrRange in IPv6', { CidrRange: '2001:db8::/56' }, ['CidrRange "2001:db8::/56"']],
  ['CidrRange smaller than a subnet', { CidrRange: '10.0.0.0/29' }, ['CidrRange "10.0.0.0/29"', 'smaller than one endpoint subnet (/28)']],
  ['CidrRange smaller than the chosen subnet size', { CidrRange: '10.0.0.0/27', SubnetPrefixLength: '26' }, ['CidrRange "10.0.0.0/27"', '(/26)', 'set SubnetPrefixLength to 27']],
  ['CidrRange as a list', { CidrRange: ['10.0.0.0/16'] }, ['CidrRange must be an IPv4 CIDR block', 'got a list']],
  // IpAddressType, ExistingEndpoints, S3GatewayPolicy
  ['IpAddressType "ipv5"', { IpAddressType: 'ipv5' }, ['IpAddressType must be one of "ipv4", "dualstack", "ipv6"', 'got a string "ipv5"']],
  ['IpAddressType "dual-stack"', { IpAddressType: 'dual-stack' }, ['IpAddressType', '"dual-stack"']],
  ['ExistingEndpoints "adopt"', { ExistingEndpoints: 'adopt' }, ['ExistingEndpoints must be one of "fail", "reuse"', 'got a string "adopt"']],
  ['S3GatewayPolicy "none"', { S3GatewayPolicy: 'none' }, ['S3GatewayPolicy must be one of "full", "ecr-layers-only"', '"none"']],
  ['ecr-layers-only without an s3 gateway', { S3GatewayPolicy: 'ecr-layers-only', GatewayServices: ['dynamodb'] }, ['S3GatewayPolicy "ecr-layers-only" needs "s3" in GatewayServices']],
  ['ecr-layers-only with an s3 policy', { S3GatewayPolicy: 'ecr-layers-only', EndpointPolicies: { s3: MINIMAL_POLICY } }, ['S3GatewayPolicy "ecr-layers-only" cannot be combined with EndpointPolicies["s3"]']],
  // Ipv4IpamPoolId
  ['a bad IPAM pool ID', { Ipv4IpamPoolId: 'pool-0123456789abcdef0' }, ['Ipv4IpamPoolId "pool-0123456789abcdef0"', 'not an IPAM pool ID', '"ipam-pool-"']],
  ['an IPAM pool with a CIDR range', { Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0', CidrRange: '10.0.0.0/16' }, ['Ipv4IpamPoolId "ipam-pool-0123456789abcdef0" cannot be combined with CidrRange "10.0.0.0/16"']],
  // EndpointPolicies
  ['EndpointPolicies as a list', { EndpointPolicies: ['{}'] }, ['EndpointPolicies must be an object mapping service names to policy documents', 'got a list ["{}"]']],
  ['EndpointPolicies as JSON text', { EndpointPolicies: '{"s3":{}}' }, ['EndpointPolicies must be an object', 'got a string']],
  ['a policy that is not JSON', { EndpointPolicies: { logs: '{"Statement": [' } }, ['EndpointPolicies["logs"] must be the JSON text of a policy object', '"{\\"Statement\\": ["']],
  ['a policy that is a JSON list', { EndpointPolicies: { logs: '[]' } }, ['EndpointPolicies["logs"]', '"[]" is not']],
  ['a policy that is JSON null', { EndpointPolicies: { logs: 'null' } }, ['EndpointPolicies["logs"]', '"null" is not']],
  ['a policy that is a blank string', { EndpointPolicies: { logs: '' } }, ['EndpointPolicies["logs"]', '"" is not']],
  ['a policy that is a list', { EndpointPolicies: { logs: [] } }, ['EndpointPolicies["logs"] must be a policy document', 'got a list []']],
  ['a policy that is a number', { EndpointPolicies: { logs: 3 } }, ['EndpointPolicies["logs"]', 'got a number 3']],
  ['a policy over 20,480 characters', { EndpointPolicies: { logs: policyTextOfLength(20_481) } }, ['EndpointPolicies["logs"] is 20481 characters long', 'at most 20480']],
  ['a policy object over 20,480 characters', { EndpointPolicies: { logs: { Padding: 'x'.repeat(20_480) } } }, ['EndpointPolicies["logs"] is 20494 characters long']],
  ['a policy with an Effect other than Allow or Deny', { EndpointPolicies: { logs: { Statement: [{ Effect: 'Permit', Principal: '*', Action: '*', Resource: '*' }] } } }, ['EndpointPolicies["logs"] is not a valid IAM policy: Statement[0]: Effect "Permit" must be "Allow" or "Deny"']],
  ['a policy without Statement', { EndpointPolicies: { logs: '{"Version":"2012-10-17"}' } }, ['EndpointPolicies["logs"] is not a valid IAM policy: has no Statement']],
  ['a policy with an unknown Version', { EndpointPolicies: { logs: { Version: '2012-10-18', Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } } } }, ['Version "2012-10-18" must be "2012-10-17"']],
  ['a statement without Action or NotAction', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Principal: '*', Resource: '*' } } } }, ['Statement: needs Action or NotAction']],
  ['a statement with Resource and NotResource', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', NotResource: 'arn:aws:s3:::b' } } } }, ['Statement: has both Resource and NotResource']],
  ['a statement with Principal and NotPrincipal', { EndpointPolicies: { logs: { Statement: { Effect: 'Deny', Action: '*', Resource: '*', Principal: '*', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } } } } }, ['has both Principal and NotPrincipal']],
  ['a Principal that is neither "*" nor an object', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Action: '*', Resource: '*', Principal: 'arn:aws:iam::123456789012:root' } } } }, ['Principal must be "*" or an object']],
  ['a Condition that is not operator → key → value', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { test: 'StringEquals' } } } } }, ['Condition must map operators to condition keys and values']],
  ['a statement with an unknown field', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Principal: '*', Actions: '*', Action: '*', Resource: '*' } } } }, ['unknown field "Actions"']],
  ['a policy for an unlisted service', { EndpointPolicies: { sqs: MINIMAL_POLICY } }, ['EndpointPolicies has a policy for "sqs"', 'not in InterfaceServices or GatewayServices', 'listed: ["ecr.api","ecr.dkr","logs","s3"]']],
  ['a policy keyed by another spelling of a listed service', { EndpointPolicies: { 'com.amazonaws.eu-west-1.logs': MINIMAL_POLICY } }, ['EndpointPolicies has a policy for "com.amazonaws.eu-west-1.logs"']],
  ['a policy without a Principal', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } } }, ['EndpointPolicies["logs"] is not a valid IAM policy: Statement: has no Principal']],
  ['a wildcard on aws:SourceVpc', { EndpointPolicies: { logs: { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } } } } }, ['EndpointPolicies["logs"]', 'StringLike on aws:SourceVpc', 'no wildcard', 'got "vpc-*"']],
  ['an account as the s3 gateway\'s Principal', { EndpointPolicies: { s3: { Statement: { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:*', Resource: '*' } } } }, ['EndpointPolicies["s3"] is not a valid gateway endpoint policy', '"Principal": "*"', 'aws:PrincipalArn', 'got {"AWS":"123456789012"}']],
  ['a policy when no service is listed', { InterfaceServices: [], GatewayServices: [], EndpointPolicies: { s3: MINIMAL_POLICY } }, ['EndpointPolicies has a policy for "s3"', 'listed: []']],
  // Unknown properties
  ['a misspelt property', { SubnetId: ['subnet-0123abcd'] }, ['Unknown property "SubnetId"', 'Did you mean `SubnetIds`?']],
  ['a property in the wrong case', { vpcid: 'x' }, ['Unknown property "vpcid"', 'Did you mean `VpcId`?', 'case-sensitive']],
  ['an unrelated property', { Colour: 'blue' }, ['Unknown property "Colour".']],
];

describe('parseProperties with one problem', () => {
  it.each(SINGLE_PROBLEMS)('reports %s', (_label, overrides, fragments) => {
    // Act
    const problems = problemsOf(withProperties(overrides));

    // Assess
    expect(problems).toHaveLength(1);
    expect(fragments.length).toBeGreaterThan(0);
    for (const fragment of fragments) expect(problems[0]).toContain(fragment);
  });

  it('gives no suggestion for an unrelated property', () => {
    expect(problemsOf(withProperties({ Colour: 'blue' }))[0]).not.toContain('Did you mean');
  });

  it('throws an InvalidPropertiesError that is a terminal user-input error', () => {
    // Act
    const act = (): unknown => parseProperties(withProperties({ VpcId: 'nope' }));

    // Assess
    expect(act).toThrow(InvalidPropertiesError);
    expect(act).toThrow(UserInputError);
    try {
      act();
    } catch (error) {
      expect((error as InvalidPropertiesError).terminal).toBe(true);
      expect((error as Error).message).toContain('VpcId "nope"');
    }
  });
});

describe('parseProperties with raw input that is not an object', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', '{"VpcId":"vpc-0123abcd"}'],
    ['a number', 42],
    ['a list', [MINIMAL_PROPERTIES]],
  ])('reports one problem for %s', (_label, raw) => {
    const problems = problemsOf(raw);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('The resource properties must be an object');
  });
});

describe('parseProperties with many problems', () => {
  it('lists every problem of one input at once', () => {
    // Prepare: five independent mistakes.
    const raw = {
      VpcId: 'vpc-XYZ',
      SubnetIds: ['subnet-0123abcd', 'subnet-0123abcd'],
      GatewayServices: ['sqs'],
      PrivateDnsEnabled: 'maybe',
      Tagz: [],
    };

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toHaveLength(5);
    expect(problems).toEqual([
      expect.stringContaining('Unknown property "Tagz". Did you mean `Tags`?'),
      expect.stringContaining('VpcId "vpc-XYZ"'),
      expect.stringContaining('SubnetIds[1] "subnet-0123abcd" repeats SubnetIds[0]'),
      expect.stringContaining('GatewayServices[0] "sqs"'),
      expect.stringContaining('PrivateDnsEnabled must be "true" or "false"; got a string "maybe"'),
    ]);
  });

  it('numbers the problems in the error message', () => {
    try {
      parseProperties({ VpcId: 'bad', SubnetIds: 'bad' });
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as Error).message).toMatch(/^2 problems: \(1\) VpcId "bad".*\(2\) SubnetIds\[0\] "bad"/);
    }
  });

  it('reports each bad item of a list, not only the first', () => {
    const problems = problemsOf(withProperties({ SubnetIds: ['subnet-1', 'subnet-2', 'subnet-0123abcd', 'subnet-3'] }));

    expect(problems).toEqual([
      expect.stringContaining('SubnetIds[0] "subnet-1"'),
      expect.stringContaining('SubnetIds[1] "subnet-2"'),
      expect.stringContaining('SubnetIds[3] "subnet-3"'),
    ]);
  });

  it('reports a misspelt required property both as unknown and as missing', () => {
    const problems = problemsOf({ VpcID: 'vpc-0123abcd', SubnetIds: ['subnet-0123abcd'] });

    expect(problems).toEqual([
      expect.stringContaining('Unknown property "VpcID". Did you mean `VpcId`?'),
      expect.stringContaining('VpcId is required'),
    ]);
  });

  it('reports every problem of one tag', () => {
    const problems = problemsOf(withProperties({ Tags: [{ Key: 'aws:x', Vaule: 'y' }] }));

    expect(problems).toEqual([
      expect.stringContaining('Tags[0] has an unknown field "Vaule"'),
      expect.stringContaining('Tags[0].Value is required'),
      expect.stringContaining('Tags[0].Key "aws:x"'),
    ]);
  });

  it('does not report an invalid service list a second time through the rules that depend on it', () => {
    // The 12 services would not fit a /28, and the policy key is not listed, but the list itself is broken.
    const problems = problemsOf(withProperties({ InterfaceServices: [...serviceNames(12), 'BAD'], EndpointPolicies: { x: MINIMAL_POLICY } }));

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('InterfaceServices[12] "BAD"');
  });

  it('truncates long values in messages to about 60 characters', () => {
    const problems = problemsOf(withProperties({ VpcId: `vpc-${'a'.repeat(500)}` }));

    expect(problems[0]).toContain(`"vpc-${'a'.repeat(53)}…"`);
    expect(problems[0]?.length).toBeLessThan(200);
  });
});
