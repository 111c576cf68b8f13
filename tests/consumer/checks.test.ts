import { checkConsumer } from '../../lib/consumer/checks';
import { readServiceName, type ServiceName } from '../../lib/properties/service-names';
import { claimRule, hub, HUB_GROUP, OTHER_OWNER, observation, spec, SPOKE_VPC, WHO, zone } from './support/fixtures';

function names(...written: string[]): ServiceName[] {
  return written.map((text) => (readServiceName(text) as { name: ServiceName }).name);
}

describe('checkConsumer', () => {
  it('finds nothing wrong with a hub that admits the account and a spoke ready for its zones', () => {
    expect(checkConsumer(observation(), spec(), WHO)).toEqual({ problems: [], notes: [] });
  });

  it('refuses when no hub is found under the HubId', () => {
    expect(checkConsumer({ spoke: observation().spoke }, spec(), WHO).problems).toEqual([
      'No hub found for HubId arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a: account 111122223333 has no security group tagged ' +
        'vpce-provisioner:hub=arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a in eu-west-1. Check the HubId (the hub\'s HubId output), and that the hub uses DnsMode HostedZones.',
    ]);
  });

  it('refuses when the hub’s group does not say who may consume', () => {
    const problems = checkConsumer(observation({ hub: { groupTags: { 'vpce-provisioner:hub': 'x' } } }), spec(), WHO).problems;

    expect(problems).toEqual([
      'The hub arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a does not say who may consume it: its security group sg-0c0c0c0c has no readable ' +
        "vpce-provisioner:allowed-consumers tag. Update the hub's stack (AllowedConsumers) so that it writes the tag again.",
    ]);
  });

  it.each([
    ['another account only', { 'vpce-provisioner:allowed-consumers': '777788889999' }, false],
    ['this account in a second chunk', { 'vpce-provisioner:allowed-consumers': '777788889999', 'vpce-provisioner:allowed-consumers-2': '444455556666' }, true],
    ['the organisation', { 'vpce-provisioner:allowed-consumers': 'Organization' }, true],
  ])('admits the consumer’s account by the hub’s tags: %s', (_label, tags, admitted) => {
    const problems = checkConsumer(observation({ hub: { groupTags: tags } }), spec(), WHO).problems;

    expect(problems).toEqual(
      admitted
        ? []
        : ["Account 444455556666 may not consume the hub arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a: add it to the hub's AllowedConsumers and update the hub's stack first."],
    );
  });

  it('refuses requested services the hub has no zone for, naming what it serves', () => {
    const problems = checkConsumer(observation(), spec({ services: names('logs', 'kms', 'com.amazonaws.eu-west-1.sts') }), WHO).problems;

    expect(problems).toEqual([
      'The hub serves no zone for "kms", "com.amazonaws.eu-west-1.sts" (it serves "ecr.api", "ecr.dkr", "logs"): remove them from Services, or add them to the hub’s InterfaceServices first.',
    ]);
  });

  it.each([
    ['enableDnsSupport', { enableDnsSupport: false }],
    ['enableDnsHostnames', { enableDnsHostnames: false }],
  ])('refuses a spoke with %s off', (attribute, change) => {
    expect(checkConsumer(observation({ spoke: change }), spec(), WHO).problems).toEqual([
      `The spoke VPC vpc-0b0b0b0b has ${attribute} off: private hosted zones answer only in VPCs with both DNS attributes on. ` +
        "Turn it on (ModifyVpcAttribute, or the VPC's EnableDnsSupport/EnableDnsHostnames), then retry.",
    ]);
  });

  it('refuses a spoke whose own endpoint serves a requested zone’s name with private DNS (a wildcard name included)', () => {
    const endpoint = { endpointId: 'vpce-0e0e0e0e', serviceName: 'com.amazonaws.eu-west-1.ecr.dkr', privateDnsNames: ['*.dkr.ecr.eu-west-1.amazonaws.com'] };

    const problems = checkConsumer(observation({ spoke: { privateDnsEndpoints: [endpoint] } }), spec(), WHO).problems;

    expect(problems).toEqual([
      'The spoke VPC vpc-0b0b0b0b has interface endpoint vpce-0e0e0e0e (com.amazonaws.eu-west-1.ecr.dkr) with private DNS on, which serves ' +
        "dkr.ecr.eu-west-1.amazonaws.com itself: the hub's zone of that name cannot be associated beside it. Remove that endpoint (or turn its private DNS off), or leave its service out of Services.",
    ]);
  });

  it('lets a private-DNS endpoint of a service not requested stay', () => {
    const endpoint = { endpointId: 'vpce-0e0e0e0e', serviceName: 'com.amazonaws.eu-west-1.ecr.dkr', privateDnsNames: ['*.dkr.ecr.eu-west-1.amazonaws.com'] };

    expect(checkConsumer(observation({ spoke: { privateDnsEndpoints: [endpoint] } }), spec({ services: names('logs') }), WHO).problems).toEqual([]);
  });

  it('refuses a spoke associated with another zone of a requested zone’s name, but not with the hub’s own zone', () => {
    const associatedZones = [
      { zoneId: 'ZTEAMLOGS', name: 'logs.eu-west-1.amazonaws.com' },
      { zoneId: 'ZECRAPI', name: 'api.ecr.eu-west-1.amazonaws.com' },
      { zoneId: 'ZPARENT', name: 'eu-west-1.amazonaws.com' },
    ];

    expect(checkConsumer(observation({ spoke: { associatedZones } }), spec(), WHO).problems).toEqual([
      'The spoke VPC vpc-0b0b0b0b is associated with another private zone named logs.eu-west-1.amazonaws.com (ZTEAMLOGS): Route 53 allows one zone of a name per VPC. ' +
        'Disassociate that zone, or leave its service out of Services.',
    ]);
  });

  it('refuses a zone at its VPC limit as read from the zone, and only for zones still to associate', () => {
    const zones = [
      zone('api.ecr.eu-west-1.amazonaws.com', 'ecr.api', { associatedVpcCount: 100, maxAssociatedVpcs: 100 }),
      zone('dkr.ecr.eu-west-1.amazonaws.com', 'ecr.dkr', { associatedVpcCount: 299 }),
      zone('logs.eu-west-1.amazonaws.com', 'logs', { associatedVpcCount: 300 }),
    ];
    const alreadyInLogs = { associatedZones: [{ zoneId: 'ZLOGS', name: 'logs.eu-west-1.amazonaws.com' }] };

    expect(checkConsumer(observation({ hub: { zones }, spoke: alreadyInLogs }), spec(), WHO).problems).toEqual([
      "The hub's zone api.ecr.eu-west-1.amazonaws.com (ZECRAPI) is associated with 100 VPCs, its limit (MAX_VPCS_ASSOCIATED_BY_ZONE 100): ask AWS Support to raise it, or remove a consumer first.",
    ]);
  });

  it('refuses a zone holding 100 pending authorisations, unless one of them is the spoke’s', () => {
    const full = Array.from({ length: 100 }, (_unused, index) => `vpc-${(0x10000000 + index).toString(16)}`);
    const zones = [
      zone('api.ecr.eu-west-1.amazonaws.com', 'ecr.api', { authorisedVpcIds: full }),
      zone('dkr.ecr.eu-west-1.amazonaws.com', 'ecr.dkr', { authorisedVpcIds: [...full.slice(1), SPOKE_VPC] }),
      zone('logs.eu-west-1.amazonaws.com', 'logs', { authorisedVpcIds: full.slice(1) }),
    ];

    expect(checkConsumer(observation({ hub: { zones } }), spec(), WHO).problems).toEqual([
      "The hub's zone api.ecr.eu-west-1.amazonaws.com (ZECRAPI) holds 100 pending VPC association authorisations, the most Route 53 allows (100): " +
        'other consumers are being added right now, or left authorisations behind. Retry later; the hub account can list them with ListVPCAssociationAuthorizations.',
    ]);
  });

  it('refuses a second consumer of the same hub and spoke, naming the first', () => {
    const ingressRules = [claimRule('sgr-0a', '10.1.0.0/16', OTHER_OWNER)];

    expect(checkConsumer(observation({ hub: { ingressRules } }), spec(), WHO).problems).toEqual([
      'Another consumer already uses this hub for the spoke VPC vpc-0b0b0b0b: OldConsumer in stack arn:aws:cloudformation:eu-west-1:444455556666:stack/older-spoke/0f0f0f0f-0000-4000-8000-000000000002 ' +
        '(physical ID vpce-consumer-v1-vpc-0b0b0b0b-99887766554433221100). One consumer per hub and spoke VPC: remove that one first, or keep it and drop this one.',
    ]);
  });

  it('accepts its own claim (a retry) and other consumers’ claims on other spokes', () => {
    const ingressRules = [claimRule('sgr-0a', '10.1.0.0/16'), claimRule('sgr-0b', '10.2.0.0/16', OTHER_OWNER, 'vpc-0f0f0f0f')];

    expect(checkConsumer(observation({ hub: { ingressRules } }), spec(), WHO).problems).toEqual([]);
  });

  it('refuses a spoke CIDR that the hub’s group already admits through a rule not its own', () => {
    const ingressRules = [
      claimRule('sgr-0b', '10.1.0.0/16', OTHER_OWNER, 'vpc-0f0f0f0f'),
      { ruleId: 'sgr-0c', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.1.0.0/16', tags: {} },
    ];

    expect(checkConsumer(observation({ hub: { ingressRules } }), spec(), WHO).problems).toEqual([
      `The hub's security group ${HUB_GROUP} already admits HTTPS from 10.1.0.0/16 through rule sgr-0b, held by OldConsumer in stack ${OTHER_OWNER.stackId} ` +
        `(physical ID ${OTHER_OWNER.physicalId}): the spoke VPC vpc-0b0b0b0b shares that address space, and a rule cannot be claimed twice. Spokes of one hub need distinct CIDR blocks.`,
      `The hub's security group ${HUB_GROUP} already admits HTTPS from 10.1.0.0/16 through rule sgr-0c, held by a rule without this provider’s owner tags: ` +
        'the spoke VPC vpc-0b0b0b0b shares that address space, and a rule cannot be claimed twice. Spokes of one hub need distinct CIDR blocks.',
    ]);
  });

  it.each([
    ['no route at all', []],
    ['a route through the internet gateway', [{ destination: '0.0.0.0/0', target: 'internet' as const }]],
    ['a route to a narrower block', [{ destination: '10.0.0.0/24', target: 'transit-gateway' as const }]],
    ['a blackhole', [{ destination: '10.0.0.0/16', target: 'blackhole' as const }]],
  ])('notes, without refusing, a spoke with %s toward the hub', (_label, routes) => {
    const result = checkConsumer(observation({ spoke: { routeTables: [{ routeTableId: 'rtb-0d0d0d0d', routes }] } }), spec(), WHO);

    expect(result).toEqual({
      problems: [],
      notes: [
        "No route table of the spoke VPC vpc-0b0b0b0b has a route toward the hub's 10.0.0.0/16: the hub's names resolve there, but its endpoints " +
          'are unreachable until one exists (through a Transit Gateway or peering; this provider does not manage routes).',
      ],
    });
  });

  it('notes a missing route toward the hub’s IPv6 block only when the hub is dual-stack and the spoke has IPv6', () => {
    const dualHub = { dualStack: true, vpcIpv6Blocks: ['2600:1f18:aaaa:bb00::/56'] };
    const ipv4Only = [{ routeTableId: 'rtb-0d0d0d0d', routes: [{ destination: '10.0.0.0/8', target: 'transit-gateway' as const }] }];

    const withIpv6 = checkConsumer(observation({ hub: dualHub, spoke: { ipv6Blocks: ['2600:1f18:cccc:dd00::/56'], routeTables: ipv4Only } }), spec(), WHO);
    const withoutIpv6 = checkConsumer(observation({ hub: dualHub, spoke: { routeTables: ipv4Only } }), spec(), WHO);

    expect(withIpv6.notes).toEqual([
      "No route table of the spoke VPC vpc-0b0b0b0b has a route toward the hub's 2600:1f18:aaaa:bb00::/56: the hub's names resolve there, but its endpoints " +
        'are unreachable until one exists (through a Transit Gateway or peering; this provider does not manage routes).',
    ]);
    expect(withoutIpv6.notes).toEqual([]);
  });

  it('names every problem at once', () => {
    const result = checkConsumer(
      observation({ hub: { groupTags: { 'vpce-provisioner:allowed-consumers': '777788889999' } }, spoke: { enableDnsSupport: false, enableDnsHostnames: false } }),
      spec({ services: names('kms') }),
      WHO,
    );

    expect(result.problems).toHaveLength(3);
  });

  it('refuses a spoke VPC that is not found', () => {
    expect(checkConsumer({ hub: hub() }, spec(), WHO).problems).toEqual(['VpcId vpc-0b0b0b0b was not found in account 444455556666 (eu-west-1).']);
  });
});

describe('checkConsumer, admission by OU', () => {
  const byUnit = { 'vpce-provisioner:allowed-consumers': '777788889999', 'vpce-provisioner:allowed-consumers-ous': 'ou-a1b2-workload1 r-c3d4' };
  const refused = 'Account 444455556666 may not consume the hub arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a';

  it('admits an account whose parents include a listed OU', () => {
    const who = { ...WHO, ancestry: { kind: 'read', parentIds: ['ou-a1b2-prod0001', 'ou-a1b2-workload1', 'r-a1b2'] } } as const;

    expect(checkConsumer(observation({ hub: { groupTags: byUnit } }), spec(), who).problems).toEqual([]);
  });

  it('refuses an account none of whose parents is listed, naming its parents and the OUs admitted', () => {
    const who = { ...WHO, ancestry: { kind: 'read', parentIds: ['ou-a1b2-sandbox1', 'r-a1b2'] } } as const;

    expect(checkConsumer(observation({ hub: { groupTags: byUnit } }), spec(), who).problems).toEqual([
      `${refused}: it is not listed, and none of its parents (ou-a1b2-sandbox1 < r-a1b2) is among the OUs the hub admits (ou-a1b2-workload1, r-c3d4). ` +
        "Add the account or one of its OUs to the hub's AllowedConsumers and update the hub's stack first.",
    ]);
  });

  it('refuses, with the reason, when the organisation could not be read', () => {
    const who = { ...WHO, ancestry: { kind: 'unreadable', reason: 'AWS Organizations refused ListParents' } } as const;

    expect(checkConsumer(observation({ hub: { groupTags: byUnit } }), spec(), who).problems).toEqual([
      `${refused} unless it is in one of the OUs the hub admits (ou-a1b2-workload1, r-c3d4), and that is not known: AWS Organizations refused ListParents.`,
    ]);
  });

  it('refuses rather than admits when the parents were never read', () => {
    expect(checkConsumer(observation({ hub: { groupTags: byUnit } }), spec(), WHO).problems).toEqual([
      `${refused} unless it is in one of the OUs the hub admits (ou-a1b2-workload1, r-c3d4), and that is not known: its parents in the organisation were not read.`,
    ]);
  });

  it('admits a listed account whatever the organisation says', () => {
    const tags = { ...byUnit, 'vpce-provisioner:allowed-consumers': '444455556666' };
    const who = { ...WHO, ancestry: { kind: 'unreadable', reason: 'not asked' } } as const;

    expect(checkConsumer(observation({ hub: { groupTags: tags } }), spec(), who).problems).toEqual([]);
  });
});
