import { aliasRecordTypes, hubZonesFor, servicesWithoutZoneNames, type HubZoneRecords } from '../../lib/centralised/zone-names';

describe('hubZonesFor: zone names and records from the catalogue\'s private DNS names', () => {
  it.each<[string, string[], HubZoneRecords[]]>([
    ['a plain name: an apex alias', ['logs.eu-west-1.amazonaws.com'], [{ zoneName: 'logs.eu-west-1.amazonaws.com', recordNames: ['logs.eu-west-1.amazonaws.com'], recordTypes: ['A'] }]],
    [
      'a wildcard (ECR dkr): the rest as the zone, an apex and a * alias',
      ['*.dkr.ecr.eu-west-1.amazonaws.com'],
      [{ zoneName: 'dkr.ecr.eu-west-1.amazonaws.com', recordNames: ['dkr.ecr.eu-west-1.amazonaws.com', '*.dkr.ecr.eu-west-1.amazonaws.com'], recordTypes: ['A'] }],
    ],
    ['a name outside amazonaws.com (EKS Auth)', ['eks-auth.eu-west-1.api.aws'], [{ zoneName: 'eks-auth.eu-west-1.api.aws', recordNames: ['eks-auth.eu-west-1.api.aws'], recordTypes: ['A'] }]],
    [
      'several names: one zone each, in the catalogue\'s order',
      ['s3.eu-west-1.amazonaws.com', '*.s3.eu-west-1.amazonaws.com', 's3-control.eu-west-1.amazonaws.com'],
      [
        { zoneName: 's3.eu-west-1.amazonaws.com', recordNames: ['s3.eu-west-1.amazonaws.com', '*.s3.eu-west-1.amazonaws.com'], recordTypes: ['A'] },
        { zoneName: 's3-control.eu-west-1.amazonaws.com', recordNames: ['s3-control.eu-west-1.amazonaws.com'], recordTypes: ['A'] },
      ],
    ],
    ['upper case and a trailing dot', ['Logs.EU-West-1.amazonaws.com.'], [{ zoneName: 'logs.eu-west-1.amazonaws.com', recordNames: ['logs.eu-west-1.amazonaws.com'], recordTypes: ['A'] }]],
    ['a repeated name: one zone', ['logs.eu-west-1.amazonaws.com', 'logs.eu-west-1.amazonaws.com'], [{ zoneName: 'logs.eu-west-1.amazonaws.com', recordNames: ['logs.eu-west-1.amazonaws.com'], recordTypes: ['A'] }]],
    ['no names: no zone', [], []],
    ['only blanks: no zone', ['', ' '], []],
  ])('%s', (_label, names, expected) => {
    // Act
    const zones = hubZonesFor(names, 'ipv4');

    // Assess
    expect(zones).toStrictEqual(expected);
  });

  it('adds AAAA beside A on a dual-stack endpoint', () => {
    // Act
    const zones = hubZonesFor(['logs.eu-west-1.amazonaws.com'], 'dualstack');

    // Assess
    expect(zones).toStrictEqual([{ zoneName: 'logs.eu-west-1.amazonaws.com', recordNames: ['logs.eu-west-1.amazonaws.com'], recordTypes: ['A', 'AAAA'] }]);
  });

  it.each<[Parameters<typeof aliasRecordTypes>[0], string[]]>([
    ['ipv4', ['A']],
    ['dualstack', ['A', 'AAAA']],
    ['ipv6', ['A', 'AAAA']],
  ])('gives an %s endpoint the records %j', (type, expected) => {
    expect(aliasRecordTypes(type)).toStrictEqual(expected);
  });
});

describe('servicesWithoutZoneNames', () => {
  it('names every service with no private DNS name in one sentence', () => {
    // Act
    const problems = servicesWithoutZoneNames([
      { service: 'logs', privateDnsNames: ['logs.eu-west-1.amazonaws.com'] },
      { service: 'dynamodb', privateDnsNames: [] },
      { service: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123', privateDnsNames: [''] },
    ]);

    // Assess
    expect(problems).toStrictEqual([
      'DnsMode "HostedZones" needs a private DNS name for every interface service, and DescribeVpcEndpointServices reports none for ' +
        '"dynamodb", "com.amazonaws.vpce.eu-west-1.vpce-svc-0123": no hosted zone can be named for them. Remove them from InterfaceServices ' +
        '(or serve them from a per-VPC resource with DnsMode "PrivateDns").',
    ]);
  });

  it('has nothing to say when every service has a name', () => {
    expect(servicesWithoutZoneNames([{ service: 'ecr.dkr', privateDnsNames: ['*.dkr.ecr.eu-west-1.amazonaws.com'] }])).toStrictEqual([]);
  });
});
