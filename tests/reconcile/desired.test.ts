/**
 * desiredState and its helpers: which AZs, CIDRs, route tables and addressing the spec asks for in the observed VPC.
 */
import { appIpv4Blocks, chooseAddressing, desiredState, ecrLayersOnlyPolicy, routeTablesOfAppSubnets } from '../../lib/reconcile/desired';
import type { ObservedService } from '../../lib/reconcile/observed';
import type { IpAddressType } from '../../lib/properties/spec';
import { ObservationBuilder, TEST_AZ_IDS, TEST_OWNER, TEST_PARTITION, TEST_REGION, fullServiceName } from '../support/observation-builder';
import { buildSpec } from '../support/spec-builder';

const [AZ1, AZ2, AZ3] = TEST_AZ_IDS as [string, string, string];

describe('desiredState', () => {
  it('asks for one endpoint subnet per distinct AZ ID of the app subnets, sorted', () => {
    const observation = ObservationBuilder.bareVpc()
      .withInterfaceService('ecr.api')
      .withAppSubnet({ subnetId: 'subnet-00000000000000003', azId: AZ3, cidr: '10.0.32.0/20' })
      .withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20' })
      .withAppSubnet({ subnetId: 'subnet-00000000000000002', azId: AZ1, cidr: '10.0.16.0/20' })
      .build();
    expect(desiredState(buildSpec(), observation, TEST_OWNER).azIds).toEqual([AZ1, AZ3]);
  });

  it('admits every app CIDR, IPv4 and IPv6, sorted and unique', () => {
    const observation = ObservationBuilder.bareVpc()
      .withAppSubnet({ subnetId: 'subnet-00000000000000002', azId: AZ2, cidr: '10.0.16.0/20', ipv6Cidrs: ['2600:1f18:abc:de01::/64'] })
      .withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20', ipv6Cidrs: ['2600:1f18:abc:de00::/64'] })
      .build();
    expect(desiredState(buildSpec(), observation, TEST_OWNER).ingressCidrs).toEqual([
      '10.0.0.0/20',
      '10.0.16.0/20',
      '2600:1f18:abc:de00::/64',
      '2600:1f18:abc:de01::/64',
    ]);
  });

  it('admits an IPv6-only app subnet by its IPv6 CIDR alone (discovery reads its missing IPv4 CIDR as empty)', () => {
    const observation = ObservationBuilder.bareVpc()
      .withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20' })
      .withAppSubnet({ subnetId: 'subnet-0000000000ipv6only', azId: AZ2, cidr: '', ipv6Cidrs: ['2600:1f18:abc:de00::/64'] })
      .build();
    expect(desiredState(buildSpec(), observation, TEST_OWNER).ingressCidrs).toEqual(['10.0.0.0/20', '2600:1f18:abc:de00::/64']);
  });

  it('lists the endpoint AZs sorted when the first service is missing from the first AZ', () => {
    // Each endpoint's AZs are in the app AZs' order; their union must be too, or the carving order would follow the spec.
    const observation = ObservationBuilder.standard().withInterfaceService('ecr.api', { azIds: [AZ2, AZ3] }).withInterfaceService('ecr.dkr', { azIds: [AZ1, AZ2] }).build();
    expect(desiredState(buildSpec({ interfaceServices: ['ecr.api', 'ecr.dkr'] }), observation, TEST_OWNER).azIds).toEqual([AZ1, AZ2, AZ3]);
  });

  it('keeps the service names as written, with their short names, in the order of the spec', () => {
    const observation = ObservationBuilder.standard().withInterfaceService(fullServiceName('logs')).build();
    const desired = desiredState(buildSpec({ interfaceServices: ['ecr.dkr', fullServiceName('logs')] }), observation, TEST_OWNER);
    expect(desired.interfaceEndpoints.map((endpoint) => [endpoint.service, endpoint.shortName])).toEqual([
      ['ecr.dkr', 'ecr.dkr'],
      [fullServiceName('logs'), 'logs'],
    ]);
  });

  it('skips services discovery could not resolve (preflight reports them)', () => {
    const observation = ObservationBuilder.standard().withUnresolvedService('nosuch', 'Interface').build();
    const desired = desiredState(buildSpec({ interfaceServices: ['ecr.api', 'nosuch'] }), observation, TEST_OWNER);
    expect(desired.interfaceEndpoints.map((endpoint) => endpoint.service)).toEqual(['ecr.api']);
  });

  it('names the AZs a service is missing from, and places it only where offered', () => {
    const observation = ObservationBuilder.standard().withInterfaceService('ecr.dkr', { azIds: [AZ1, AZ3] }).withInterfaceService('logs', { azIds: [AZ2] }).build();
    const desired = desiredState(buildSpec(), observation, TEST_OWNER);
    expect(desired.serviceAzGaps).toEqual([
      { service: 'ecr.dkr', missingAzIds: [AZ2] },
      { service: 'logs', missingAzIds: [AZ1, AZ3] },
    ]);
    expect(Object.fromEntries(desired.interfaceEndpoints.map((endpoint) => [endpoint.service, endpoint.azIds]))).toEqual({
      'ecr.api': [AZ1, AZ2, AZ3],
      'ecr.dkr': [AZ1, AZ3],
      logs: [AZ2],
    });
  });

  it('takes endpoint policies by the name as written, and the ecr-layers-only policy for s3 unless one is given', () => {
    const own = '{"Statement":[]}';
    const observation = ObservationBuilder.standard().build();
    const layersOnly = desiredState(buildSpec({ s3GatewayPolicy: 'ecr-layers-only', endpointPolicies: { logs: own } }), observation, TEST_OWNER);
    expect(layersOnly.interfaceEndpoints.map((endpoint) => endpoint.policyDocument)).toEqual([undefined, undefined, own]);
    expect(layersOnly.gatewayEndpoints[0]?.policyDocument).toBe(ecrLayersOnlyPolicy(TEST_PARTITION, TEST_REGION));
    const explicit = desiredState(buildSpec({ s3GatewayPolicy: 'ecr-layers-only', endpointPolicies: { s3: own } }), observation, TEST_OWNER);
    expect(explicit.gatewayEndpoints[0]?.policyDocument).toBe(own);
    expect(desiredState(buildSpec(), observation, TEST_OWNER).gatewayEndpoints[0]?.policyDocument).toBeUndefined();
  });

  it('gives the ecr-layers-only policy to the s3 gateway only, not to another gateway service', () => {
    const observation = ObservationBuilder.standard().build();
    const desired = desiredState(buildSpec({ gatewayServices: ['dynamodb', 's3'], s3GatewayPolicy: 'ecr-layers-only' }), observation, TEST_OWNER);
    expect(desired.gatewayEndpoints.map((endpoint) => [endpoint.shortName, endpoint.policyDocument])).toEqual([
      ['dynamodb', undefined],
      ['s3', ecrLayersOnlyPolicy(TEST_PARTITION, TEST_REGION)],
    ]);
  });

  describe('PrivateDnsOnlyForInboundResolverEndpoint of the s3 interface endpoint', () => {
    // s3 is offered as both types; with private DNS, EC2 needs a gateway endpoint for it in the VPC to set the option.
    const inboundResolverOnly = (observation: ReturnType<ObservationBuilder['build']>, gatewayServices: string[]): (boolean | undefined)[] =>
      desiredState(buildSpec({ interfaceServices: ['s3'], gatewayServices }), observation, TEST_OWNER).interfaceEndpoints.map(
        (endpoint) => endpoint.privateDnsOnlyForInboundResolverEndpoint,
      );
    const withS3Interface = (): ObservationBuilder => ObservationBuilder.standard().withInterfaceService('s3');

    it('is true when this resource keeps its own s3 gateway endpoint on some route table', () => {
      expect(inboundResolverOnly(withS3Interface().build(), ['s3'])).toEqual([true]);
    });

    it('is false when our only gateway endpoint is for another service', () => {
      expect(inboundResolverOnly(withS3Interface().build(), ['dynamodb'])).toEqual([false]);
    });

    it("is false when another team's s3 gateway holds every app route table, so ours has none", () => {
      const observation = withS3Interface()
        .withForeignEndpoint({
          endpointId: 'vpce-00000000000theirs3',
          type: 'Gateway',
          serviceName: fullServiceName('s3'),
          routeTableIds: ['rtb-00000000000000main', 'rtb-000000000000app01', 'rtb-000000000000app02'],
        })
        .build();
      const desired = desiredState(buildSpec({ interfaceServices: ['s3'], gatewayServices: ['s3'] }), observation, TEST_OWNER);
      expect(desired.gatewayEndpoints.map((endpoint) => endpoint.routeTableIds)).toEqual([[]]);
      expect(desired.interfaceEndpoints.map((endpoint) => endpoint.privateDnsOnlyForInboundResolverEndpoint)).toEqual([false]);
    });
  });

  it.each<[string, boolean, boolean[], string[]]>([
    ['PrivateDnsEnabled true', true, [true, false], ['dynamodb']],
    ['PrivateDnsEnabled false', false, [false, false], []],
  ])('decides private DNS from the catalogue: a service without a private DNS name gets it off and is reported (%s)', (_case, asked, expected, reported) => {
    const observation = ObservationBuilder.standard().withInterfaceService('dynamodb', { privateDnsName: null }).build();

    const desired = desiredState(buildSpec({ interfaceServices: ['ecr.api', 'dynamodb'], privateDnsEnabled: asked }), observation, TEST_OWNER);

    expect(desired.interfaceEndpoints.map((endpoint) => endpoint.privateDnsEnabled)).toEqual(expected);
    expect(desired.servicesWithoutPrivateDns).toEqual(reported);
  });

  it('records ipv4 fallbacks under dualstack and leaves addressing to EC2 under ipv4', () => {
    const observation = ObservationBuilder.standard()
      .withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] })
      .withInterfaceService('logs', { supportedIpAddressTypes: ['ipv4'] })
      .build();
    const dualStack = desiredState(buildSpec({ ipAddressType: 'dualstack' }), observation, TEST_OWNER);
    expect(dualStack.ipTypeFallbacks).toEqual([{ service: 'logs', requested: 'dualstack', used: 'ipv4' }]);
    expect(dualStack.interfaceEndpoints.map((endpoint) => endpoint.addressing?.ipAddressType)).toEqual(['dualstack', 'dualstack', 'ipv4']);
    const ipv4 = desiredState(buildSpec(), observation, TEST_OWNER);
    expect(ipv4.ipTypeFallbacks).toEqual([]);
    expect(ipv4.interfaceEndpoints.map((endpoint) => endpoint.addressing)).toEqual([undefined, undefined, undefined]);
  });

  describe('foreign private-DNS endpoints', () => {
    // The standard VPC holds a foreign sts endpoint with private DNS.
    const observation = ObservationBuilder.standard().build();
    const cases: { name: string; privateDnsEnabled: boolean; existingEndpoints: 'fail' | 'reuse'; reused: boolean }[] = [
      { name: 'reuse with private DNS', privateDnsEnabled: true, existingEndpoints: 'reuse', reused: true },
      { name: 'fail with private DNS (preflight reports it)', privateDnsEnabled: true, existingEndpoints: 'fail', reused: false },
      { name: 'reuse without private DNS (no conflict)', privateDnsEnabled: false, existingEndpoints: 'reuse', reused: false },
    ];

    it.each(cases)('$name: reused $reused', ({ privateDnsEnabled, existingEndpoints, reused }) => {
      const desired = desiredState(buildSpec({ interfaceServices: ['sts'], privateDnsEnabled, existingEndpoints }), observation, TEST_OWNER);
      expect(desired.reusedEndpoints.map((endpoint) => endpoint.endpointId)).toEqual(reused ? ['vpce-0000000000foreign1'] : []);
      expect(desired.interfaceEndpoints.map((endpoint) => endpoint.service)).toEqual(reused ? [] : ['sts']);
    });
  });
});

describe('routeTablesOfAppSubnets', () => {
  it('gives each app subnet its explicit table, else the main table; sorted and unique', () => {
    // Standard VPC: app 1 and 2 on their own tables, app 3 on the main table; the public subnet is not an app subnet.
    expect(routeTablesOfAppSubnets(ObservationBuilder.standard().build())).toEqual(['rtb-00000000000000main', 'rtb-000000000000app01', 'rtb-000000000000app02']);
  });

  it('lists a table shared by several app subnets once', () => {
    const observation = ObservationBuilder.bareVpc()
      .withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20', routeTableId: 'rtb-0000000000000shared' })
      .withAppSubnet({ subnetId: 'subnet-00000000000000002', azId: AZ2, cidr: '10.0.16.0/20' })
      .withRouteTableAssociation('rtb-0000000000000shared', 'subnet-00000000000000002')
      .build();
    expect(routeTablesOfAppSubnets(observation)).toEqual(['rtb-0000000000000shared']);
  });

  it('gives nothing for an app subnet when the VPC shows no main table and no association', () => {
    const observation = ObservationBuilder.bareVpc().withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20' }).build();
    expect(routeTablesOfAppSubnets({ ...observation, routeTables: [] })).toEqual([]);
  });
});

describe('appIpv4Blocks', () => {
  const withBlocks = (ipv4Blocks: string[]): ObservationBuilder => ObservationBuilder.bareVpc().withVpcChanges({ ipv4Blocks });

  it("keeps the VPC's blocks that hold an app subnet, in the VPC's order", () => {
    const observation = withBlocks(['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16'])
      .withAppSubnet({ subnetId: 'subnet-00000000000000002', azId: AZ2, cidr: '10.2.0.0/20' })
      .withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.16.0/20' })
      .build();
    expect(appIpv4Blocks(observation)).toEqual(['10.0.0.0/16', '10.2.0.0/16']);
  });

  it('ignores IPv6-only app subnets and VPC blocks it cannot parse', () => {
    const observation = withBlocks(['not-a-cidr', '10.0.0.0/16'])
      .withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20' })
      .withAppSubnet({ subnetId: 'subnet-0000000000ipv6only', azId: AZ2, cidr: '', ipv6Cidrs: ['2600:1f18:abc:de00::/64'] })
      .build();
    expect(appIpv4Blocks(observation)).toEqual(['10.0.0.0/16']);
  });

  it('gives nothing when the VPC was not observed', () => {
    const observation = withBlocks(['10.0.0.0/16']).withAppSubnet({ subnetId: 'subnet-00000000000000001', azId: AZ1, cidr: '10.0.0.0/20' }).build();
    expect(appIpv4Blocks({ ...observation, vpc: undefined })).toEqual([]);
  });
});

describe('chooseAddressing', () => {
  const offering = (supportedIpAddressTypes: string[]): ObservedService => ({
    serviceName: fullServiceName('ecr.api'),
    type: 'Interface',
    azIds: [AZ1],
    supportedIpAddressTypes,
  });
  // Each row: requested type, what the service supports, expected addressing ([interfaces, DNS records]) or undefined.
  const cases: [IpAddressType, string[], [string, string] | undefined][] = [
    ['ipv4', ['ipv4'], ['ipv4', 'ipv4']],
    ['ipv4', ['ipv4', 'ipv6'], ['ipv4', 'ipv4']],
    ['dualstack', ['ipv4', 'ipv6'], ['dualstack', 'dualstack']],
    ['dualstack', ['ipv4'], ['ipv4', 'ipv4']],
    ['ipv6', ['ipv4', 'ipv6'], ['dualstack', 'ipv6']],
    ['ipv6', ['ipv6'], ['dualstack', 'ipv6']],
    ['ipv6', ['ipv4'], undefined],
  ];

  it.each(cases)('%s on a service supporting %j → %j', (requested, supported, expected) => {
    const addressing = chooseAddressing(requested, offering(supported));
    expect(addressing && [addressing.ipAddressType, addressing.dnsRecordIpType]).toEqual(expected);
  });
});

describe('ecrLayersOnlyPolicy', () => {
  it.each([
    ['aws', 'eu-west-1', 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*'],
    ['aws-cn', 'cn-north-1', 'arn:aws-cn:s3:::prod-cn-north-1-starport-layer-bucket/*'],
    ['aws-us-gov', 'us-gov-west-1', 'arn:aws-us-gov:s3:::prod-us-gov-west-1-starport-layer-bucket/*'],
  ])('allows only s3:GetObject on the ECR layer bucket (%s, %s)', (partition, region, resource) => {
    const policy = JSON.parse(ecrLayersOnlyPolicy(partition, region)) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: resource })]);
  });

  it('is the same document, word for word, as deployed endpoints hold', () => {
    // The planner compares this text with each endpoint's policy: any change to it rewrites the policy of every deployed
    // s3 gateway endpoint on its next Update.
    expect(JSON.parse(ecrLayersOnlyPolicy('aws', 'eu-west-1'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowEcrImageLayers', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*' },
      ],
    });
  });
});
