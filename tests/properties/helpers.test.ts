import { describeKind, describeValue, MAX_DESCRIBED_CHARS } from '../../lib/properties/describe-value';
import { readIpv4Cidr } from '../../lib/properties/ipv4-cidr';
import { editDistance, nearestName } from '../../lib/properties/nearest-name';
import { isSameService, offersGatewayEndpoint, readServiceName, type ServiceName } from '../../lib/properties/service-names';
import { checkRangeHoldsSubnet, longestFittingPrefix, usableAddresses } from '../../lib/properties/subnet-sizing';
import { KNOWN_PROPERTIES, previousTagKeys } from '../../lib/properties';

describe('nearestName', () => {
  it.each<[string, string | undefined]>([
    ['SubnetId', 'SubnetIds'],
    ['subnetids', 'SubnetIds'],
    ['Subnets', 'SubnetIds'],
    ['VpcID', 'VpcId'],
    ['Vpc', 'VpcId'],
    ['InterfaceService', 'InterfaceServices'],
    ['GatewayService', 'GatewayServices'],
    ['Tag', 'Tags'],
    ['SecurityGroups', 'SecurityGroupIds'],
    ['PrivateDNSEnabled', 'PrivateDnsEnabled'],
    ['PrivateDns', undefined],
    ['SubnetPrefix', undefined],
    ['IpamPoolId', undefined],
    ['Ipv4IpamPool', 'Ipv4IpamPoolId'],
    ['EndpointPolicy', 'EndpointPolicies'],
    ['Colour', undefined],
    ['Foo', undefined],
    ['', undefined],
  ])('suggests for %j: %j', (name, expected) => {
    expect(nearestName(name, KNOWN_PROPERTIES)).toBe(expected);
  });

  it('prefers the closer candidate, and the earlier one on a tie', () => {
    expect(nearestName('abd', ['abc', 'abd'])).toBe('abd');
    expect(nearestName('abx', ['abc', 'abd'])).toBe('abc');
  });

  it.each<[string, string, number]>([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['same', 'same', 0],
  ])('measures the edit distance between %j and %j as %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('describeValue', () => {
  it.each<[unknown, string]>([
    ['vpc-12', '"vpc-12"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    [28, '28'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'nothing'],
    [['a', 'b'], '["a","b"]'],
    [{ Ref: 'Vpc' }, '{"Ref":"Vpc"}'],
  ])('shows %j as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('cuts a long string to the limit and keeps the closing quote', () => {
    const described = describeValue('x'.repeat(1000));

    expect(Array.from(described)).toHaveLength(MAX_DESCRIBED_CHARS);
    expect(described).toBe(`"${'x'.repeat(MAX_DESCRIBED_CHARS - 3)}…"`);
  });

  it('cuts a long list to the limit', () => {
    const described = describeValue(Array.from({ length: 100 }, (_, index) => `item-${index}`));

    expect(Array.from(described)).toHaveLength(MAX_DESCRIBED_CHARS);
    expect(described.endsWith('…')).toBe(true);
  });

  it('keeps a string that exactly fits', () => {
    const text = 'y'.repeat(MAX_DESCRIBED_CHARS - 2);

    expect(describeValue(text)).toBe(`"${text}"`);
  });

  it('cuts a string one character longer than fits', () => {
    const text = 'y'.repeat(MAX_DESCRIBED_CHARS - 1);

    expect(describeValue(text)).toBe(`"${'y'.repeat(MAX_DESCRIBED_CHARS - 3)}…"`);
  });

  it('keeps a list whose JSON text exactly fits, and cuts one a character longer', () => {
    const fitting = ['z'.repeat(MAX_DESCRIBED_CHARS - 4)]; // ["zz…z"]: the brackets and quotes take 4
    const longer = ['z'.repeat(MAX_DESCRIBED_CHARS - 3)];

    expect(describeValue(fitting)).toBe(`["${'z'.repeat(MAX_DESCRIBED_CHARS - 4)}"]`);
    expect(describeValue(longer)).toBe(`["${'z'.repeat(MAX_DESCRIBED_CHARS - 3)}…`);
  });

  it('describes values JSON cannot write without throwing', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;

    expect(describeValue(circular)).toBe('[object Object]');
    expect(describeValue(10n)).toBe('10');
  });

  it.each<[unknown, string]>([
    ['x', 'a string'],
    [1, 'a number'],
    [false, 'a boolean'],
    [null, 'null'],
    [[], 'a list'],
    [{}, 'an object'],
  ])('names the kind of %j as %s', (value, expected) => {
    expect(describeKind(value)).toBe(expected);
  });
});

describe('readIpv4Cidr', () => {
  it.each<[string, number, number]>([
    ['10.0.0.0/16', 0x0a000000, 16],
    ['0.0.0.0/0', 0, 0],
    ['255.255.255.255/32', 0xffffffff, 32],
    ['192.168.1.128/25', 0xc0a80180, 25],
    ['10.0.240.0/20', 0x0a00f000, 20],
    ['10.0.2.0/23', 0x0a000200, 23],
  ])('reads %s', (text, address, prefixLength) => {
    expect(readIpv4Cidr(text)).toStrictEqual({ cidr: { address, prefixLength } });
  });

  it.each<[string, string]>([
    ['10.0.0.5/24', 'the network is 10.0.0.0/24'],
    ['10.0.3.0/23', 'the network is 10.0.2.0/23'],
    ['255.255.255.255/1', 'the network is 128.0.0.0/1'],
    ['10.0.0.0', 'not an IPv4 CIDR block'],
    ['10.0.0/24', 'not an IPv4 CIDR block'],
    ['10.0.0.0/024', 'not an IPv4 CIDR block'],
    ['10.0.0.00/24', 'not an IPv4 CIDR block'],
    ['256.0.0.0/8', 'not an IPv4 CIDR block'],
    ['10.0.0.0/33', 'not an IPv4 CIDR block'],
    ['a.b.c.d/8', 'not an IPv4 CIDR block'],
  ])('refuses %s', (text, problem) => {
    const reading = readIpv4Cidr(text);

    expect('problem' in reading && reading.problem).toContain(problem);
  });
});

describe('service names', () => {
  const name = (text: string): ServiceName => {
    const reading = readServiceName(text);
    if (!('name' in reading)) throw new Error(`${text}: ${reading.problem}`);
    return reading.name;
  };

  it.each<[string, Partial<ServiceName>]>([
    ['ecr.dkr', { service: 'ecr.dkr' }],
    ['com.amazonaws.eu-west-1.ecr.dkr', { service: 'ecr.dkr', namespace: 'com.amazonaws', region: 'eu-west-1' }],
    ['cn.com.amazonaws.cn-northwest-1.logs', { service: 'logs', namespace: 'cn.com.amazonaws', region: 'cn-northwest-1' }],
    ['aws.sagemaker.us-east-1.studio', { service: 'studio', namespace: 'aws.sagemaker', region: 'us-east-1' }],
    ['com.amazonaws.us-gov-west-1.s3', { service: 's3', region: 'us-gov-west-1' }],
    // Only a name that starts like a full name must be one: "aws." further in is a short name's label.
    ['example.aws.api', { service: 'example.aws.api' }],
  ])('splits %s', (text, parts) => {
    expect(name(text)).toMatchObject({ written: text, ...parts });
  });

  it.each<[string, string, boolean]>([
    ['logs', 'logs', true],
    ['logs', 'com.amazonaws.eu-west-1.logs', true],
    ['cn.com.amazonaws.cn-north-1.logs', 'logs', true],
    ['com.amazonaws.eu-west-1.logs', 'com.amazonaws.eu-west-1.logs', true],
    ['com.amazonaws.eu-west-1.logs', 'com.amazonaws.us-east-1.logs', false],
    ['logs', 'ecr.api', false],
    ['studio', 'aws.sagemaker.us-east-1.studio', false],
    ['s3', 'com.amazonaws.vpce.eu-west-1.s3', false],
    ['aws.sagemaker.us-east-1.studio', 'aws.sagemaker.us-east-1.studio', true],
    ['com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0', 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0', true],
  ])('judges %s and %s the same service: %s', (a, b, same) => {
    expect(isSameService(name(a), name(b))).toBe(same);
    expect(isSameService(name(b), name(a))).toBe(same);
  });

  it.each<[string, boolean]>([
    ['s3', true],
    ['dynamodb', true],
    ['com.amazonaws.eu-west-1.s3', true],
    ['cn.com.amazonaws.cn-north-1.dynamodb', true],
    ['sqs', false],
    ['s3-global.accesspoint', false],
    ['aws.sagemaker.us-east-1.s3', false],
  ])('knows whether %s offers a Gateway endpoint (%s)', (text, offers) => {
    expect(offersGatewayEndpoint(name(text))).toBe(offers);
  });
});

describe('subnet sizing', () => {
  it.each<[number, number]>([
    [28, 11],
    [27, 27],
    [26, 59],
    [16, 65_531],
  ])('a /%i leaves %i usable addresses', (prefixLength, usable) => {
    expect(usableAddresses(prefixLength)).toBe(usable);
  });

  it.each<[number, number | undefined]>([
    [0, 28],
    [11, 28],
    [12, 27],
    [27, 27],
    [28, 26],
    [50, 26],
    [65_531, 16],
    [65_532, undefined],
  ])('%i endpoints need a prefix of at most %j', (endpoints, prefixLength) => {
    expect(longestFittingPrefix(endpoints)).toBe(prefixLength);
  });
});

describe('previousTagKeys: the user tag keys of the previous properties, read leniently', () => {
  it.each<[string, unknown, string[]]>([
    ['the keys of well-formed tags, in order', { Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'cost-centre', Value: '42' }] }, ['team', 'cost-centre']],
    ['a key without a value', { Tags: [{ Key: 'team' }] }, ['team']],
    ['no junk among the tags', { Tags: ['team', null, 7, { Key: 5 }, { Value: 'x' }, { Key: 'kept' }] }, ['kept']],
    ['nothing from Tags that is not a list', { Tags: { Key: 'team' } }, []],
    ['nothing from properties without Tags', { VpcId: 'vpc-12345678' }, []],
    ['nothing from no properties at all', undefined, []],
  ])('takes %s', (_label, oldProperties, expected) => {
    expect(previousTagKeys(oldProperties)).toEqual(expected);
  });
});

describe('checkRangeHoldsSubnet: a CidrRange too small for one endpoint subnet', () => {
  const problemsFor = (rangeText: string, prefixLength: number, subnetPrefixLength: number): string[] => {
    const problems: string[] = [];
    checkRangeHoldsSubnet('CidrRange', { text: rangeText, address: 167772160, prefixLength }, subnetPrefixLength, (problem) => problems.push(problem));
    return problems;
  };

  it('offers the smaller subnets the range could hold when EC2 allows them', () => {
    expect(problemsFor('10.0.0.0/28', 28, 26)).toEqual([
      'CidrRange "10.0.0.0/28" is smaller than one endpoint subnet (/26): use a range of /26 or larger, or set SubnetPrefixLength to 28.',
    ]);
  });

  it('offers only a larger range when the range is under the smallest subnet EC2 allows', () => {
    expect(problemsFor('10.0.0.0/29', 29, 28)).toEqual([
      'CidrRange "10.0.0.0/29" is smaller than one endpoint subnet (/28): use a range of /28 or larger (the smallest subnet EC2 allows is /28).',
    ]);
  });

  it('says nothing when the range holds a subnet', () => {
    expect(problemsFor('10.0.0.0/26', 26, 26)).toEqual([]);
  });
});
