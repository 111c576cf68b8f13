/**
 * responseData: the Data of the SUCCESS response, read in templates with Fn::GetAtt.
 */
import { ESSENTIAL_OUTPUTS, responseData, trimOrder } from '../../lib/protocol/outputs';
import type { ConvergeOutcome, EndpointOutcome } from '../../lib/reconcile';

const SUBNETS: ConvergeOutcome['subnets'] = [
  { azId: 'euw1-az1', subnetId: 'subnet-0e000000000000001', cidr: '10.0.127.240/28' },
  { azId: 'euw1-az2', subnetId: 'subnet-0e000000000000002', cidr: '10.0.127.224/28' },
  { azId: 'euw1-az3', subnetId: 'subnet-0e000000000000003', cidr: '10.0.127.208/28' },
];

function interfaceEndpoint(shortName: string, endpointId: string, dnsNames: string[] = [`${endpointId}.${shortName}.eu-west-1.vpce.amazonaws.com`]): EndpointOutcome {
  return { service: shortName, shortName, type: 'Interface', endpointId, dnsNames, reused: false };
}

const OUTCOME: ConvergeOutcome = {
  subnets: SUBNETS,
  securityGroupId: 'sg-0e000000000000004',
  endpoints: [
    interfaceEndpoint('ecr.api', 'vpce-0e000000000000005'),
    interfaceEndpoint('ecr.dkr', 'vpce-0e000000000000006'),
    { service: 'com.amazonaws.eu-west-1.logs', shortName: 'logs', type: 'Interface', endpointId: 'vpce-0e000000000000007', dnsNames: ['vpce-7.logs.eu-west-1.vpce.amazonaws.com', 'logs.eu-west-1.amazonaws.com'], reused: false },
    { service: 's3', shortName: 's3', type: 'Gateway', endpointId: 'vpce-0e000000000000008', dnsNames: [], reused: false, prefixListId: 'pl-6da54004' },
  ],
  notes: [],
  writes: 9,
};

describe('responseData', () => {
  const data = responseData(OUTCOME);

  it('lists subnets, CIDRs and AZ IDs comma-separated, aligned, in AZ-ID order', () => {
    expect(data['AvailabilityZoneIds']).toBe('euw1-az1,euw1-az2,euw1-az3');
    expect(data['SubnetIds']).toBe('subnet-0e000000000000001,subnet-0e000000000000002,subnet-0e000000000000003');
    expect(data['SubnetCidrs']).toBe('10.0.127.240/28,10.0.127.224/28,10.0.127.208/28');
  });

  it('lists every managed endpoint in the order of InterfaceServices then GatewayServices', () => {
    expect(data['EndpointIds']).toBe('vpce-0e000000000000005,vpce-0e000000000000006,vpce-0e000000000000007,vpce-0e000000000000008');
    expect(data['SecurityGroupId']).toBe('sg-0e000000000000004');
  });

  it('answers per-service keys by short name: endpoint IDs, the first DNS name, gateway IDs', () => {
    expect(data).toMatchObject({
      'EndpointId.ecr.api': 'vpce-0e000000000000005',
      'EndpointId.ecr.dkr': 'vpce-0e000000000000006',
      'EndpointId.logs': 'vpce-0e000000000000007',
      'DnsName.ecr.api': 'vpce-0e000000000000005.ecr.api.eu-west-1.vpce.amazonaws.com',
      'DnsName.logs': 'vpce-7.logs.eu-west-1.vpce.amazonaws.com',
      'GatewayEndpointId.s3': 'vpce-0e000000000000008',
      'PrefixListId.s3': 'pl-6da54004',
    });
    // Array paths: a dotted string would be read as a nested path and pass vacuously.
    expect(data).not.toHaveProperty(['EndpointId.s3']);
    expect(data).not.toHaveProperty(['DnsName.s3']);
  });

  it('answers every essential output, and the optional lists as empty strings rather than leaving them out', () => {
    for (const key of ESSENTIAL_OUTPUTS) expect(data).toHaveProperty([key]);
    expect(data).toMatchObject({ Notes: '', ReusedEndpointIds: '', SubnetIpv6Cidrs: '' });
  });

  it('joins the notes with semicolons', () => {
    const notes = ['ecr.dkr is not offered in euw1-az3', 'route table rtb-1 left to vpce-9'];
    expect(responseData({ ...OUTCOME, notes })['Notes']).toBe('ecr.dkr is not offered in euw1-az3; route table rtb-1 left to vpce-9');
  });

  it('lists the IPv6 blocks in AZ-ID order when the subnets have them', () => {
    const ipv6Cidrs = ['2600:1f18:abc:deff::/64', '2600:1f18:abc:defe::/64', '2600:1f18:abc:defd::/64'];
    const subnets = SUBNETS.map((subnet, index) => ({ ...subnet, ipv6Cidr: ipv6Cidrs[index] }));
    expect(responseData({ ...OUTCOME, subnets })['SubnetIpv6Cidrs']).toBe(ipv6Cidrs.join(','));
  });

  it('keeps SubnetIpv6Cidrs aligned with SubnetIds when only some subnets have an IPv6 block: an empty item for the others', () => {
    const subnets = SUBNETS.map((subnet, index) => (index === 1 ? subnet : { ...subnet, ipv6Cidr: `2600:1f18:abc:def${index}::/64` }));
    expect(responseData({ ...OUTCOME, subnets })['SubnetIpv6Cidrs']).toBe('2600:1f18:abc:def0::/64,,2600:1f18:abc:def2::/64');
  });

  it('lists every reused endpoint, comma-separated', () => {
    const reused = (shortName: string, endpointId: string): EndpointOutcome => ({ ...interfaceEndpoint(shortName, endpointId), reused: true });
    const result = responseData({ ...OUTCOME, endpoints: [reused('sts', 'vpce-0000000000foreign1'), reused('kms', 'vpce-0000000000foreign2')] });
    expect(result['ReusedEndpointIds']).toBe('vpce-0000000000foreign1,vpce-0000000000foreign2');
  });

  it('reports reused endpoints apart from the managed ones, and still by service', () => {
    const reused: EndpointOutcome = { service: 'sts', shortName: 'sts', type: 'Interface', endpointId: 'vpce-0000000000foreign1', dnsNames: ['vpce-f1.sts.eu-west-1.vpce.amazonaws.com'], reused: true };
    const result = responseData({ ...OUTCOME, endpoints: [...OUTCOME.endpoints.slice(0, 1), reused, ...OUTCOME.endpoints.slice(1)] });
    expect(result['EndpointIds']).toBe(data['EndpointIds']);
    expect(result['ReusedEndpointIds']).toBe('vpce-0000000000foreign1');
    expect(result['EndpointId.sts']).toBe('vpce-0000000000foreign1');
    expect(result['DnsName.sts']).toBe('vpce-f1.sts.eu-west-1.vpce.amazonaws.com');
  });

  it('answers empty strings, not missing keys, when nothing was created (no services, no AZs)', () => {
    const result = responseData({ subnets: [], endpoints: [], notes: [], writes: 0 });
    expect(result).toEqual({
      SubnetIds: '',
      SubnetCidrs: '',
      SubnetIpv6Cidrs: '',
      AvailabilityZoneIds: '',
      SecurityGroupId: '',
      EndpointIds: '',
      ReusedEndpointIds: '',
      HubId: '',
      Notes: '',
    });
  });

  it('answers an empty DNS name for an endpoint that has none yet', () => {
    const result = responseData({ ...OUTCOME, endpoints: [interfaceEndpoint('logs', 'vpce-0e000000000000007', [])] });
    expect(result['EndpointId.logs']).toBe('vpce-0e000000000000007');
    expect(result['DnsName.logs']).toBe('');
  });

  it('answers the per-service keys of a requested service without an endpoint as empty strings, and leaves it out of EndpointIds', () => {
    const endpoints: EndpointOutcome[] = [
      interfaceEndpoint('ecr.api', 'vpce-0e000000000000005'),
      { service: 'logs', shortName: 'logs', type: 'Interface', endpointId: '', dnsNames: [], reused: false },
      { service: 'dynamodb', shortName: 'dynamodb', type: 'Gateway', endpointId: '', dnsNames: [], reused: false },
    ];
    const result = responseData({ ...OUTCOME, endpoints });
    expect(result).toMatchObject({ 'EndpointId.logs': '', 'DnsName.logs': '', 'GatewayEndpointId.dynamodb': '', 'PrefixListId.dynamodb': '' });
    expect(result['EndpointIds']).toBe('vpce-0e000000000000005');
  });
});

describe('trimOrder', () => {
  const endpoints: EndpointOutcome[] = [
    interfaceEndpoint('ecr.api', 'vpce-0e000000000000005'),
    interfaceEndpoint('logs', 'vpce-0e000000000000007'),
    { service: 's3', shortName: 's3', type: 'Gateway', endpointId: 'vpce-0e000000000000008', dnsNames: [], reused: false, prefixListId: 'pl-6da54004' },
    { service: 'dynamodb', shortName: 'dynamodb', type: 'Gateway', endpointId: 'vpce-0e000000000000009', dnsNames: [], reused: false, prefixListId: 'pl-6fa54006' },
  ];

  it('drops Notes, then DNS names, endpoint IDs and gateway keys from the last service back, then the essential lists', () => {
    expect(trimOrder(responseData({ ...OUTCOME, endpoints }))).toEqual([
      'Notes',
      'DnsName.logs',
      'DnsName.ecr.api',
      'HostedZoneId.logs',
      'HostedZoneId.ecr.api',
      'EndpointId.logs',
      'EndpointId.ecr.api',
      'PrefixListId.dynamodb',
      'GatewayEndpointId.dynamodb',
      'PrefixListId.s3',
      'GatewayEndpointId.s3',
      'HubId',
      'ReusedEndpointIds',
      'SubnetIpv6Cidrs',
      'AvailabilityZoneIds',
      'EndpointIds',
      'SecurityGroupId',
      'SubnetCidrs',
      'SubnetIds',
    ]);
  });

  it('puts keys it does not know before all the documented ones', () => {
    expect(trimOrder({ SubnetIds: 'subnet-1', Extra: 'x', Notes: '' })).toEqual(['Extra', 'Notes', 'SubnetIds']);
    expect(trimOrder({ Notes: '', Extra: 'x', SubnetIds: 'subnet-1' })).toEqual(['Extra', 'Notes', 'SubnetIds']);
  });
});

describe('responseData of a hub', () => {
  it('answers HubId and the first zone of each interface service, empty for a service without zones', () => {
    // Prepare
    const endpoints: EndpointOutcome[] = [interfaceEndpoint('ecr.dkr', 'vpce-0e000000000000005'), interfaceEndpoint('logs', 'vpce-0e000000000000006')];
    const hub = { hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d', zoneIdsByService: new Map([['ecr.dkr', ['Z0000000000000000DKR', 'Z00000000000000OTHER']]]) };

    // Act
    const result = responseData({ ...OUTCOME, endpoints, hub });

    // Assess
    expect(result).toMatchObject({ HubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d', 'HostedZoneId.ecr.dkr': 'Z0000000000000000DKR', 'HostedZoneId.logs': '' });
  });
});
