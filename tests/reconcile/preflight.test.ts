/**
 * preflightProblems: every reason the VPC cannot take the endpoints, found before any write, each a sentence that
 * names what is wrong.
 */
import { desiredState } from '../../lib/reconcile/desired';
import type { Observation } from '../../lib/reconcile/observed';
import { planConvergence } from '../../lib/reconcile/plan';
import { INGRESS_RULES_PER_GROUP, INTERFACE_ENDPOINTS_PER_VPC, preflightProblems, SUBNETS_PER_VPC } from '../../lib/reconcile/preflight';
import { DEFAULT_QUOTAS } from '../../lib/reconcile/quotas';
import type { EndpointSpec } from '../../lib/properties/spec';
import { ObservationBuilder, OTHER_ACCOUNT, TEST_ACCOUNT, TEST_AZ_IDS, TEST_OWNER, TEST_REGION } from '../support/observation-builder';
import { buildSpec, TEST_VPC_ID } from '../support/spec-builder';
import { ownedSubnetIn } from './support/observation-edits';
import { convergedObservation, TEST_CONTEXT } from './support/plan-invariants';

const [AZ1, AZ2] = TEST_AZ_IDS as [string, string];

function problemsFor(spec: EndpointSpec, observation: Observation): string[] {
  return preflightProblems(spec, observation, desiredState(spec, observation, TEST_OWNER), TEST_OWNER);
}

/** The standard VPC, with `count` app subnets (/24s, round-robin over the three AZs) instead of its three. */
/** Adds `count` /28 subnets of other teams to the VPC, in 10.1.0.0/16. */
function withOtherSubnets(builder: ObservationBuilder, count: number): ObservationBuilder {
  for (let index = 0; index < count; index++) {
    builder.withSubnet({ subnetId: `subnet-0000000000other${String(index).padStart(3, '0')}`, azId: TEST_AZ_IDS[index % 3] as string, cidr: `10.1.${Math.floor(index / 16)}.${(index % 16) * 16}/28` });
  }
  return builder;
}

function vpcWithAppSubnets(count: number, ipv6 = false): ObservationBuilder {
  const builder = ObservationBuilder.bareVpc().withInterfaceService('ecr.api').withGatewayService('s3');
  if (ipv6) builder.withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] });
  for (let index = 0; index < count; index++) {
    builder.withAppSubnet({
      subnetId: `subnet-00000000000app${String(index).padStart(3, '0')}`,
      azId: TEST_AZ_IDS[index % 3] as string,
      cidr: `10.0.${index}.0/24`,
      ipv6Cidrs: ipv6 ? [`2600:1f18:abc:de${index.toString(16).padStart(2, '0')}::/64`] : [],
    });
  }
  return builder;
}

describe('preflightProblems: one problem each', () => {
  // Each row: the spec, the observation, and fragments the (single) problem must contain.
  const cases: { name: string; spec?: EndpointSpec; observation: Observation; mentions: string[] }[] = [
    {
      name: 'the VPC does not exist',
      observation: ObservationBuilder.standard().withoutVpc().withMissingSubnet('subnet-0000000000000a001').build(),
      mentions: [`VPC ${TEST_VPC_ID} does not exist`, TEST_ACCOUNT, TEST_REGION],
    },
    {
      name: 'the VPC is shared through RAM by another account',
      observation: ObservationBuilder.standard().withVpcChanges({ ownerId: OTHER_ACCOUNT }).build(),
      mentions: [`belongs to account ${OTHER_ACCOUNT}`, 'AWS RAM', `Deploy this resource in account ${OTHER_ACCOUNT}`],
    },
    {
      name: 'a subnet does not exist',
      observation: ObservationBuilder.standard().withMissingSubnet('subnet-0000000000000dead').build(),
      mentions: ['SubnetIds', 'subnet-0000000000000dead does not exist'],
    },
    {
      name: 'a subnet is in another VPC',
      observation: ObservationBuilder.standard().withSubnetInOtherVpc('subnet-0000000000000e1se', 'vpc-0ffffffffffffffff').build(),
      mentions: ['subnet-0000000000000e1se is in vpc-0ffffffffffffffff', `not in ${TEST_VPC_ID}`],
    },
    {
      name: 'an app subnet belongs to another account',
      observation: ObservationBuilder.standard().withSubnetChanges('subnet-0000000000000a002', { ownerId: OTHER_ACCOUNT }).build(),
      mentions: ['subnet-0000000000000a002', `belongs to account ${OTHER_ACCOUNT}`],
    },
    {
      name: 'enableDnsSupport is off',
      observation: ObservationBuilder.standard().withVpcChanges({ enableDnsSupport: false }).build(),
      mentions: ['has enableDnsSupport turned off', 'PrivateDnsEnabled'],
    },
    {
      name: 'enableDnsHostnames is off',
      observation: ObservationBuilder.standard().withVpcChanges({ enableDnsHostnames: false }).build(),
      mentions: ['has enableDnsHostnames turned off', 'turn it on'],
    },
    {
      name: 'both DNS attributes are off',
      observation: ObservationBuilder.standard().withVpcChanges({ enableDnsSupport: false, enableDnsHostnames: false }).build(),
      mentions: ['has enableDnsSupport and enableDnsHostnames turned off', 'turn them on'],
    },
    {
      name: 'a service name is unknown',
      spec: buildSpec({ interfaceServices: ['ecr.api', 'ecr.dkrr'] }),
      observation: ObservationBuilder.standard().withUnresolvedService('ecr.dkrr', 'Interface').build(),
      mentions: ['InterfaceServices: "ecr.dkrr" is not an endpoint service', 'Check the name'],
    },
    {
      name: 'a service name is unknown and close to one of the region',
      spec: buildSpec({ interfaceServices: ['ecr.api', 'secretmanager'] }),
      observation: ObservationBuilder.standard().withUnresolvedService('secretmanager', 'Interface', [], 'secretsmanager').build(),
      mentions: ['InterfaceServices: "secretmanager" is not an endpoint service in eu-west-1. Did you mean "secretsmanager"?'],
    },
    {
      name: 'a service lacks the requested type',
      spec: buildSpec({ interfaceServices: ['ecr.api', 'dynamodb'] }),
      observation: ObservationBuilder.standard().withUnresolvedService('dynamodb', 'Interface', ['Gateway']).build(),
      mentions: ['"dynamodb" offers no Interface endpoint', 'Move it to GatewayServices'],
    },
    {
      name: 'a gateway service lacks the Gateway type',
      spec: buildSpec({ gatewayServices: ['s3', 'logs'] }),
      observation: ObservationBuilder.standard().withUnresolvedService('logs', 'Gateway', ['Interface']).build(),
      mentions: ['GatewayServices: "logs" offers no Gateway endpoint', 'Move it to InterfaceServices'],
    },
    {
      name: 'a service is offered in none of the AZs',
      observation: ObservationBuilder.standard().withInterfaceService('ecr.dkr', { azIds: ['euw1-az5', 'euw1-az6'] }).build(),
      mentions: ['"ecr.dkr" is not offered in any AZ', TEST_AZ_IDS.join(', '), 'euw1-az5, euw1-az6'],
    },
    {
      name: 'a foreign endpoint holds the private DNS name of a requested service',
      spec: buildSpec({ interfaceServices: ['ecr.api', 'sts'] }),
      observation: ObservationBuilder.standard().build(),
      mentions: ['endpoint vpce-0000000000foreign1', 'com.amazonaws.eu-west-1.sts', 'ExistingEndpoints to reuse'],
    },
    {
      name: 'dual-stack in a VPC without IPv6',
      spec: buildSpec({ ipAddressType: 'dualstack' }),
      observation: ObservationBuilder.standard().build(),
      mentions: ['IpAddressType is dualstack', 'has no IPv6 CIDR block'],
    },
    {
      name: 'ipv6 for a service without IPv6',
      spec: buildSpec({ ipAddressType: 'ipv6' }),
      observation: ObservationBuilder.standard().withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] }).withInterfaceService('logs', { supportedIpAddressTypes: ['ipv4'] }).build(),
      mentions: ['"logs" supports no IPv6'],
    },
    {
      name: 'dual-stack asked of a resource whose endpoint subnet has no IPv6 range',
      spec: buildSpec({ ipAddressType: 'dualstack' }),
      observation: ObservationBuilder.standard()
        .withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] })
        .withOwnedSubnet(TEST_OWNER, { subnetId: 'subnet-0000000000000e01', azId: TEST_AZ_IDS[0] as string, cidr: '10.0.255.240/28' })
        .build(),
      mentions: ['subnet-0000000000000e01', 'without an IPv6 range', 'Replace the resource'],
    },
    {
      name: 'an extra security group that does not exist',
      spec: buildSpec({ securityGroupIds: ['sg-0000000000000dead'] }),
      observation: ObservationBuilder.standard().build(),
      mentions: ['SecurityGroupIds', 'sg-0000000000000dead', 'does not exist'],
    },
    {
      name: 'an extra security group of another VPC',
      spec: buildSpec({ securityGroupIds: ['sg-0000000000000ee1'] }),
      observation: ObservationBuilder.standard().withExtraSecurityGroup('sg-0000000000000ee1', 'vpc-0000000000000ee1').build(),
      mentions: ['sg-0000000000000ee1 is in vpc-0000000000000ee1'],
    },
    {
      name: 'CidrRange together with an IPAM pool',
      spec: buildSpec({ cidrRange: '10.0.200.0/24', ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' }),
      observation: ObservationBuilder.standard().build(),
      mentions: ['CidrRange and Ipv4IpamPoolId cannot be combined'],
    },
    {
      name: 'too many interface endpoints for the VPC quota',
      // The standard VPC already holds two foreign interface endpoints; 46 more, plus three requested, is 51.
      observation: ObservationBuilder.standard().withForeignInterfaceEndpoints(46).build(),
      mentions: ['already has 48 interface endpoints of others', `quota of ${INTERFACE_ENDPOINTS_PER_VPC}`],
    },
    {
      name: 'too many ingress CIDRs for one group',
      observation: vpcWithAppSubnets(INGRESS_RULES_PER_GROUP + 1).build(),
      mentions: [`have ${INGRESS_RULES_PER_GROUP + 1} IPv4 CIDR blocks`, `the quota of ${INGRESS_RULES_PER_GROUP} IPv4 rules per group`, 'L-0EA8095F'],
    },

    {
      name: 'too many subnets for the VPC quota',
      // Three app subnets (within the ingress limit) among many subnets that are not part of the request.
      spec: buildSpec({ interfaceServices: ['ecr.api'] }),
      observation: withOtherSubnets(vpcWithAppSubnets(3), SUBNETS_PER_VPC - 5)
        .withVpcChanges({ ipv4Blocks: ['10.0.0.0/16', '10.1.0.0/16'] })
        .build(),
      mentions: [`has ${SUBNETS_PER_VPC - 2} subnets; 3 endpoint subnets more`],
    },
  ];

  it.each(cases)('$name', ({ spec, observation, mentions }) => {
    const problems = problemsFor(spec ?? buildSpec(), observation);
    expect(problems).toHaveLength(1);
    expect(mentions.length).toBeGreaterThan(0);
    for (const fragment of mentions) expect(problems[0]).toContain(fragment);
  });
});

describe('preflightProblems: limits at their boundary', () => {
  it.each([
    [45, 0],
    [46, 1],
  ])('with %i more foreign interface endpoints: %i problems', (foreign, expected) => {
    expect(problemsFor(buildSpec(), ObservationBuilder.standard().withForeignInterfaceEndpoints(foreign).build())).toHaveLength(expected);
  });

  it('does not count its own endpoints against the quota on a later run', () => {
    const converged = convergedObservation(buildSpec(), ObservationBuilder.standard().withForeignInterfaceEndpoints(45).build());
    expect(problemsFor(buildSpec(), converged)).toEqual([]);
  });

  it.each([
    [INGRESS_RULES_PER_GROUP, 0],
    [INGRESS_RULES_PER_GROUP + 1, 1],
  ])('with %i app CIDRs: %i problems', (count, expected) => {
    expect(problemsFor(buildSpec({ interfaceServices: ['ecr.api'] }), vpcWithAppSubnets(count).build())).toHaveLength(expected);
  });

  it('counts IPv4 and IPv6 rules separately: 60 dual-stack subnets (120 CIDRs) fit, 61 exceed both', () => {
    const spec = buildSpec({ interfaceServices: ['ecr.api'], ipAddressType: 'dualstack' });
    const atLimit = problemsFor(spec, vpcWithAppSubnets(INGRESS_RULES_PER_GROUP, true).build());
    const over = problemsFor(spec, vpcWithAppSubnets(INGRESS_RULES_PER_GROUP + 1, true).build());

    expect(atLimit).toEqual([]);
    expect(over).toHaveLength(2);
    expect(over[0]).toContain(`${INGRESS_RULES_PER_GROUP + 1} IPv4 CIDR blocks`);
    expect(over[1]).toContain(`${INGRESS_RULES_PER_GROUP + 1} IPv6 CIDR blocks`);
  });

  it('counts against the applied quotas when they were read', () => {
    const observation = { ...ObservationBuilder.standard().withForeignInterfaceEndpoints(46).build() };
    const raised = { ...observation, quotas: { ...DEFAULT_QUOTAS, interfaceEndpointsPerVpc: { value: 51, applied: true } } };

    expect(problemsFor(buildSpec(), observation)).toHaveLength(1);
    expect(problemsFor(buildSpec(), raised)).toEqual([]);
  });

  // L-2AFB9258, security groups per network interface: 5 by default (the managed group and 4 more), adjustable to 16.
  describe('security groups per network interface', () => {
    const extraGroups = (count: number) => Array.from({ length: count }, (_, index) => `sg-${String(index + 1).padStart(17, '0')}`);
    const withGroups = (count: number, quotas = DEFAULT_QUOTAS) => {
      let builder = ObservationBuilder.standard();
      for (const groupId of extraGroups(count)) builder = builder.withExtraSecurityGroup(groupId);
      return { ...builder.build(), quotas };
    };

    it.each([
      [4, DEFAULT_QUOTAS, []],
      [5, DEFAULT_QUOTAS, ['SecurityGroupIds lists 5 security groups', 'each endpoint takes 6', 'the quota of 5 security groups per network interface (the default; Service Quotas was not read)', 'List at most 4', 'L-2AFB9258']],
      [15, { ...DEFAULT_QUOTAS, securityGroupsPerInterface: { value: 16, applied: true } }, []],
      [9, { ...DEFAULT_QUOTAS, securityGroupsPerInterface: { value: 8, applied: true } }, ['each endpoint takes 10', 'the quota of 8 security groups per network interface (applied to this account)', 'List at most 7']],
    ] as const)('%i extra groups against the quota given: the problem names %j', (count, quotas, mentions) => {
      const problems = problemsFor(buildSpec({ securityGroupIds: extraGroups(count) }), withGroups(count, quotas));

      expect(problems).toHaveLength(mentions.length === 0 ? 0 : 1);
      for (const mention of mentions) expect(problems[0]).toContain(mention);
    });
  });

  it('does not count ingress CIDRs when no interface endpoint needs the group', () => {
    expect(problemsFor(buildSpec({ interfaceServices: [] }), vpcWithAppSubnets(INGRESS_RULES_PER_GROUP + 1).build())).toEqual([]);
  });
});

describe('preflightProblems: an existing endpoint subnet without room', () => {
  const spec = buildSpec();
  const base = ObservationBuilder.standard().withInterfaceService('secretsmanager').withInterfaceService('ssm').build();
  const converged = convergedObservation(spec, base);
  const az2Subnet = ownedSubnetIn(converged, AZ2);
  const withFreeAddresses = (count: number): Observation => ({
    ...converged,
    vpcSubnets: converged.vpcSubnets.map((subnet) => (subnet.subnetId === az2Subnet ? { ...subnet, availableIpAddressCount: count } : subnet)),
  });
  const twoMore = buildSpec({ interfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm'] });

  it.each([
    [2, []],
    [1, [az2Subnet]],
    [0, [az2Subnet]],
  ])('with %i free addresses and two services added, names %j', (free, named) => {
    const problems = problemsFor(twoMore, withFreeAddresses(free));
    expect(problems).toHaveLength(named.length);
    for (const [index, subnetId] of named.entries()) {
      expect(problems[index]).toContain(`Endpoint subnet ${subnetId}`);
      expect(problems[index]).toContain(`has ${free} free addresses but 2 more endpoints need one each`);
    }
  });

  it('counts only the endpoints not yet in the subnet', () => {
    expect(problemsFor(spec, withFreeAddresses(0))).toEqual([]);
  });
});

describe('preflightProblems: conditions that are not problems', () => {
  const cases: { name: string; spec: EndpointSpec; observation: Observation }[] = [
    { name: 'the standard VPC', spec: buildSpec(), observation: ObservationBuilder.standard().build() },
    { name: 'DNS attributes off with private DNS off', spec: buildSpec({ privateDnsEnabled: false }), observation: ObservationBuilder.standard().withVpcChanges({ enableDnsSupport: false, enableDnsHostnames: false }).build() },
    { name: 'DNS attributes not asked (undefined)', spec: buildSpec(), observation: ObservationBuilder.standard().withVpcChanges({ enableDnsSupport: undefined, enableDnsHostnames: undefined }).build() },
    { name: 'a foreign private-DNS endpoint with ExistingEndpoints reuse', spec: buildSpec({ interfaceServices: ['sts'], existingEndpoints: 'reuse' }), observation: ObservationBuilder.standard().build() },
    { name: 'a foreign private-DNS endpoint with private DNS off', spec: buildSpec({ interfaceServices: ['sts'], privateDnsEnabled: false }), observation: ObservationBuilder.standard().build() },
    { name: 'a service missing from some AZs only', spec: buildSpec(), observation: ObservationBuilder.standard().withInterfaceService('logs', { azIds: [AZ1] }).build() },
    { name: 'dual-stack with a service that falls back to ipv4', spec: buildSpec({ ipAddressType: 'dualstack' }), observation: ObservationBuilder.standard().withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] }).withInterfaceService('logs', { supportedIpAddressTypes: ['ipv4'] }).build() },
  ];

  it.each(cases)('$name', ({ spec, observation }) => {
    expect(problemsFor(spec, observation)).toEqual([]);
  });
});

describe('preflightProblems: several problems at once', () => {
  it('lists every problem, not only the first', () => {
    const spec = buildSpec({ interfaceServices: ['ecr.api', 'sts', 'nosuch'], ipAddressType: 'dualstack' });
    const observation = ObservationBuilder.standard()
      .withVpcChanges({ ownerId: OTHER_ACCOUNT, enableDnsHostnames: false })
      .withMissingSubnet('subnet-0000000000000dead')
      .withUnresolvedService('nosuch', 'Interface')
      .build();
    const problems = problemsFor(spec, observation);
    const expected = ['AWS RAM', 'subnet-0000000000000dead', 'enableDnsHostnames', '"nosuch" is not an endpoint service', 'vpce-0000000000foreign1', 'no IPv6 CIDR block'];
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, index) => expect(problems[index]).toContain(fragment));
  });

  it('makes planConvergence refuse with the same problems and no actions', () => {
    const spec = buildSpec({ ipAddressType: 'dualstack' });
    const observation = ObservationBuilder.standard().withMissingSubnet('subnet-0000000000000dead').build();
    expect(planConvergence(spec, observation, TEST_CONTEXT)).toEqual({ ok: false, problems: problemsFor(spec, observation) });
    expect(problemsFor(spec, observation)).toHaveLength(2);
  });
});

describe('preflightProblems: a hub', () => {
  it('names the services without a private DNS name, as no zone can be named for them', () => {
    // Prepare: dynamodb's interface endpoint has no private DNS name in the catalogue.
    const spec = buildSpec({ dnsMode: 'HostedZones', privateDnsEnabled: false, interfaceServices: ['logs', 'dynamodb'] });
    const observation = ObservationBuilder.standard().withInterfaceService('dynamodb', { privateDnsName: null }).build();

    // Act
    const problems = problemsFor(spec, observation);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('reports none for "dynamodb": no hosted zone can be named for it');
    expect(problems[0]).not.toContain('"logs"');
  });
});

describe('preflightProblems: a hub turned back to PrivateDns', () => {
  it('refuses before any write while the managed group is marked as a hub', () => {
    // Prepare: the group carries the hub tag a HostedZones converge wrote.
    const observation = ObservationBuilder.standard()
      .withOwnedSecurityGroup(TEST_OWNER, { groupId: 'sg-0000000000000hub1', tags: { ...ownerTagRecordOf(), 'vpce-provisioner:hub': 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d4e5f60718' } })
      .build();

    // Act
    const problems = problemsFor(buildSpec(), observation);

    // Assess
    expect(problems).toStrictEqual([
      'DnsMode: this resource is a hub (DnsMode "HostedZones"), and changing it back to "PrivateDns" is not available yet. ' +
        'Keep DnsMode "HostedZones", or replace the resource (delete it, then create it with "PrivateDns").',
    ]);
  });
});

function ownerTagRecordOf(): Record<string, string> {
  return { 'vpce-provisioner:owner': TEST_OWNER.physicalId, 'vpce-provisioner:stack-id': TEST_OWNER.stackId, 'vpce-provisioner:logical-id': TEST_OWNER.logicalResourceId };
}
