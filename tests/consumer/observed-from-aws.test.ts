import { bareZoneId, hubEndpointsReading, routeTargetOf, toObservedHubZone, toObservedIngressRules, toObservedRouteTables, toObservedSpokeZones } from '../../lib/consumer/observed-from-aws';

const HUB_ID = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a';

describe('routeTargetOf', () => {
  it.each([
    [{ TransitGatewayId: 'tgw-0a1b2c3d', State: 'active' }, 'transit-gateway'],
    [{ VpcPeeringConnectionId: 'pcx-0a1b2c3d' }, 'vpc-peering'],
    [{ CoreNetworkArn: 'arn:aws:networkmanager::111122223333:core-network/core-network-0a1b2c3d' }, 'core-network'],
    [{ GatewayId: 'local' }, 'local'],
    [{ GatewayId: 'igw-0a1b2c3d' }, 'internet'],
    [{ NatGatewayId: 'nat-0a1b2c3d' }, 'internet'],
    [{ EgressOnlyInternetGatewayId: 'eigw-0a1b2c3d' }, 'internet'],
    [{ CarrierGatewayId: 'cagw-0a1b2c3d' }, 'internet'],
    [{ GatewayId: 'vgw-0a1b2c3d' }, 'other'],
    [{ TransitGatewayId: 'tgw-0a1b2c3d', State: 'blackhole' }, 'blackhole'],
  ] as const)('reads %j as %s', (route, target) => {
    expect(routeTargetOf(route)).toBe(target);
  });
});

describe('toObservedRouteTables', () => {
  it('keeps IPv4 and IPv6 destinations and leaves prefix-list routes out', () => {
    const tables = [
      {
        RouteTableId: 'rtb-0a1b2c3d',
        Routes: [
          { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local' },
          { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0a1b2c3d' },
          { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0a1b2c3d' },
          { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-0a1b2c3d' },
        ],
      },
    ];

    expect(toObservedRouteTables(tables)).toEqual([
      {
        routeTableId: 'rtb-0a1b2c3d',
        routes: [
          { destination: '10.1.0.0/16', target: 'local' },
          { destination: '::/0', target: 'internet' },
          { destination: '10.0.0.0/8', target: 'transit-gateway' },
        ],
      },
    ]);
  });
});

describe('toObservedIngressRules', () => {
  it('keeps ingress rules with their source CIDR and tags, and leaves egress rules out', () => {
    const rules = [
      { SecurityGroupRuleId: 'sgr-01', IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.1.0.0/16', Tags: [{ Key: 'vpce-provisioner:consumer-vpc', Value: 'vpc-0b0b0b0b' }] },
      { SecurityGroupRuleId: 'sgr-02', IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '2600:1f18::/56' },
      { SecurityGroupRuleId: 'sgr-03', IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1 },
      { SecurityGroupRuleId: 'sgr-04', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' },
    ];

    expect(toObservedIngressRules(rules)).toEqual([
      { ruleId: 'sgr-01', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.1.0.0/16', tags: { 'vpce-provisioner:consumer-vpc': 'vpc-0b0b0b0b' } },
      { ruleId: 'sgr-02', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '2600:1f18::/56', tags: {} },
      { ruleId: 'sgr-03', protocol: '-1', fromPort: -1, toPort: -1, tags: {} },
    ]);
  });
});

describe('zones', () => {
  it('reads zone IDs without Route 53’s /hostedzone/ prefix', () => {
    expect(bareZoneId('/hostedzone/Z0123456789ABCDEFGHIJ')).toBe('Z0123456789ABCDEFGHIJ');
    expect(bareZoneId('Z0123456789ABCDEFGHIJ')).toBe('Z0123456789ABCDEFGHIJ');
  });

  it('reads the spoke’s zones with names lower-case and without the trailing dot', () => {
    expect(toObservedSpokeZones([{ HostedZoneId: 'Z1', Name: 'Logs.EU-West-1.amazonaws.com.' }, { Name: 'no-id.example.' }])).toEqual([
      { zoneId: 'Z1', name: 'logs.eu-west-1.amazonaws.com' },
    ]);
  });

  const reading = {
    hostedZone: { Id: '/hostedzone/ZLOGS', Name: 'logs.eu-west-1.amazonaws.com.' },
    vpcs: [{ VPCId: 'vpc-0a0a0a0a' }, { VPCId: 'vpc-0b0b0b0b' }],
    tags: [
      { Key: 'vpce-provisioner:hub', Value: HUB_ID },
      { Key: 'vpce-provisioner:service', Value: 'logs' },
    ],
    maxAssociatedVpcs: 300,
    authorisations: [{ VPCId: 'vpc-0c0c0c0c' }],
  };

  it('reads a hub zone: its service, association count, limit and pending authorisations', () => {
    expect(toObservedHubZone(reading, HUB_ID)).toEqual({
      zoneId: 'ZLOGS',
      name: 'logs.eu-west-1.amazonaws.com',
      service: 'logs',
      associatedVpcCount: 2,
      maxAssociatedVpcs: 300,
      authorisedVpcIds: ['vpc-0c0c0c0c'],
    });
  });

  it.each([
    ['another hub’s zone', [{ Key: 'vpce-provisioner:hub', Value: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0f0f0f' }, { Key: 'vpce-provisioner:service', Value: 'logs' }]],
    ['a zone without a service tag', [{ Key: 'vpce-provisioner:hub', Value: HUB_ID }]],
  ])('does not take %s for one of the hub’s', (_label, tags) => {
    expect(toObservedHubZone({ ...reading, tags }, HUB_ID)).toBeUndefined();
  });
});

describe('hubEndpointsReading', () => {
  const endpoint = (ServiceName: string, overrides: Record<string, unknown> = {}) => ({
    VpcEndpointType: 'Interface',
    ServiceName,
    State: 'available',
    IpAddressType: 'ipv4',
    Groups: [{ GroupId: 'sg-hub' }],
    ...overrides,
  });

  it('lists the services of the live interface endpoints behind the hub’s group, each once', () => {
    const reading = hubEndpointsReading(
      [
        endpoint('com.amazonaws.eu-west-1.logs'),
        endpoint('com.amazonaws.eu-west-1.logs', { State: 'pending' }),
        endpoint('com.amazonaws.eu-west-1.sts', { State: 'Deleting' }),
        endpoint('com.amazonaws.eu-west-1.kms', { Groups: [{ GroupId: 'sg-other' }] }),
        endpoint('com.amazonaws.eu-west-1.s3', { VpcEndpointType: 'Gateway', Groups: [] }),
      ],
      'sg-hub',
    );

    expect(reading).toStrictEqual({ dualStack: false, serviceNames: ['com.amazonaws.eu-west-1.logs'] });
  });

  it('is dual-stack when an endpoint behind the group answers over IPv6', () => {
    expect(hubEndpointsReading([endpoint('com.amazonaws.eu-west-1.logs', { IpAddressType: 'dualstack' })], 'sg-hub').dualStack).toBe(true);
    expect(hubEndpointsReading([endpoint('com.amazonaws.eu-west-1.logs', { IpAddressType: 'dualstack', Groups: [{ GroupId: 'sg-other' }] })], 'sg-hub').dualStack).toBe(false);
  });
});
