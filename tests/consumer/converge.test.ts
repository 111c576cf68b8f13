import { ASSOCIATION_RETRY_PAUSES_MS, ConsumerBugError, applyConsumerSteps } from '../../lib/consumer/apply';
import { convergeConsumer, teardownConsumer } from '../../lib/consumer/converge';
import { planConverge } from '../../lib/consumer/plan';
import { PreconditionFailedError, StaleObservationError, StillPendingError } from '../../lib/errors';
import { readServiceName, type ServiceName } from '../../lib/properties/service-names';
import { FakeConsumerWorld, SimulatedCrash } from './support/fake-ports';
import { HUB_ACCOUNT, HUB_GROUP, HUB_ID, OTHER_OWNER, OWNER, spec, SPOKE_ACCOUNT, SPOKE_VPC } from './support/fixtures';

const CONTEXT = { owner: OWNER, accountId: SPOKE_ACCOUNT, region: 'eu-west-1' };

function names(...written: string[]): ServiceName[] {
  return written.map((text) => (readServiceName(text) as { name: ServiceName }).name);
}

function newWorld(): FakeConsumerWorld {
  return new FakeConsumerWorld(HUB_ID, HUB_ACCOUNT, 'vpc-0a0a0a0a', HUB_GROUP, SPOKE_ACCOUNT, {
    groupTags: { 'vpce-provisioner:hub': HUB_ID, 'vpce-provisioner:allowed-consumers': SPOKE_ACCOUNT },
    spoke: {
      vpcId: SPOKE_VPC,
      ipv4Blocks: ['10.1.0.0/16', '10.2.0.0/16'],
      ipv6Blocks: [],
      enableDnsSupport: true,
      enableDnsHostnames: true,
      privateDnsEndpoints: [],
      routeTables: [{ routeTableId: 'rtb-0d0d0d0d', routes: [{ destination: '10.0.0.0/8', target: 'transit-gateway' }] }],
    },
  })
    .addHubZone('ZECRAPI', 'api.ecr.eu-west-1.amazonaws.com', 'ecr.api')
    .addHubZone('ZECRDKR', 'dkr.ecr.eu-west-1.amazonaws.com', 'ecr.dkr')
    .addHubZone('ZLOGS', 'logs.eu-west-1.amazonaws.com', 'logs');
}

/** What a consumer leaves in the world: its rules (CIDR and tags) and the spoke's traces in the hub's zones. */
function footprint(world: FakeConsumerWorld) {
  return { rules: world.rules.map((rule) => ({ cidr: rule.cidr, owner: rule.tags['vpce-provisioner:owner'], spoke: rule.tags['vpce-provisioner:consumer-vpc'] })), ...world.spokeTraces() };
}

const CREATED = {
  rules: [
    { cidr: '10.1.0.0/16', owner: OWNER.physicalId, spoke: SPOKE_VPC },
    { cidr: '10.2.0.0/16', owner: OWNER.physicalId, spoke: SPOKE_VPC },
  ],
  associations: ['ZECRAPI', 'ZECRDKR', 'ZLOGS'],
  authorisations: [],
};
const NOTHING = { rules: [], associations: [], authorisations: [] };

describe('convergeConsumer', () => {
  it('claims the spoke’s CIDRs, associates it with every hub zone, leaves no authorisation, and answers its outputs', async () => {
    const world = newWorld();

    const result = await convergeConsumer(spec(), CONTEXT, world.ports());

    expect(footprint(world)).toEqual(CREATED);
    expect(result).toEqual({ hubId: HUB_ID, associatedZoneIds: ['ZECRAPI', 'ZECRDKR', 'ZLOGS'], ingressCidrs: ['10.1.0.0/16', '10.2.0.0/16'], notes: [], writes: 11 });
    expect(world.writes.slice(0, 5)).toEqual([
      'AuthorizeSecurityGroupIngress 10.1.0.0/16',
      'AuthorizeSecurityGroupIngress 10.2.0.0/16',
      'CreateVPCAssociationAuthorization ZECRAPI',
      'CreateVPCAssociationAuthorization ZECRDKR',
      'CreateVPCAssociationAuthorization ZLOGS',
    ]);
  });

  it('makes zero writes when a check fails, and names every problem', async () => {
    const world = newWorld();
    world.groupTags = { 'vpce-provisioner:hub': HUB_ID, 'vpce-provisioner:allowed-consumers': '777788889999' };
    (world.spoke as { enableDnsHostnames: boolean }).enableDnsHostnames = false;

    await expect(convergeConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(PreconditionFailedError);
    await expect(convergeConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(/^2 problems: \(1\) Account 444455556666 may not consume/);
    expect(world.writes).toEqual([]);
  });

  it('makes zero writes for a duplicate delivery', async () => {
    const world = newWorld();
    await convergeConsumer(spec(), CONTEXT, world.ports());
    const before = world.writes.length;

    const again = await convergeConsumer(spec(), CONTEXT, world.ports());

    expect(world.writes.length).toBe(before);
    expect(again.writes).toBe(0);
    expect(again.associatedZoneIds).toEqual(['ZECRAPI', 'ZECRDKR', 'ZLOGS']);
  });

  it.each([...Array.from({ length: 11 }, (_unused, index) => [index, 'before-effect'] as const), ...Array.from({ length: 11 }, (_unused, index) => [index, 'after-effect'] as const)])(
    'after a crash at write %i (%s), a retry ends exactly where an uninterrupted Create does',
    async (crashAt, mode) => {
      const world = newWorld();
      world.crashAfter(crashAt, mode);

      await expect(convergeConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(SimulatedCrash);
      const retry = await convergeConsumer(spec(), CONTEXT, world.ports());

      expect(footprint(world)).toEqual(CREATED);
      expect(retry.associatedZoneIds).toEqual(['ZECRAPI', 'ZECRDKR', 'ZLOGS']);
    },
  );

  it('in the hub’s own account, associates with no authorisation call at all', async () => {
    const world = new FakeConsumerWorld(HUB_ID, HUB_ACCOUNT, 'vpc-0a0a0a0a', HUB_GROUP, HUB_ACCOUNT, {
      groupTags: { 'vpce-provisioner:hub': HUB_ID, 'vpce-provisioner:allowed-consumers': HUB_ACCOUNT },
      spoke: { vpcId: SPOKE_VPC, ipv4Blocks: ['10.1.0.0/16'], ipv6Blocks: [], enableDnsSupport: true, enableDnsHostnames: true, privateDnsEndpoints: [], routeTables: [] },
    }).addHubZone('ZLOGS', 'logs.eu-west-1.amazonaws.com', 'logs');

    await convergeConsumer(spec(), { ...CONTEXT, accountId: HUB_ACCOUNT }, world.ports());

    expect(world.writes).toEqual(['AuthorizeSecurityGroupIngress 10.1.0.0/16', 'AssociateVPCWithHostedZone ZLOGS']);
  });

  it('waits out an authorisation Route 53 has not made usable yet, then associates', async () => {
    const world = newWorld();
    world.authorisationLag = 2;

    await convergeConsumer(spec({ services: names('logs') }), CONTEXT, world.ports());

    expect(world.pauses).toEqual([1_000, 2_000]);
    expect(footprint(world).associations).toEqual(['ZLOGS']);
  });

  it('hands the request on as pending when the authorisation stays unusable through every pause', async () => {
    const world = newWorld();
    world.authorisationLag = ASSOCIATION_RETRY_PAUSES_MS.length + 1;

    await expect(convergeConsumer(spec({ services: names('logs') }), CONTEXT, world.ports())).rejects.toThrow(StillPendingError);
    expect(world.pauses).toEqual([1_000, 2_000, 4_000, 8_000]);

    const retry = await convergeConsumer(spec({ services: names('logs') }), CONTEXT, world.ports());
    expect(retry.writes).toBe(2);
    expect(world.spokeTraces()).toEqual({ associations: ['ZLOGS'], authorisations: [] });
  });

  it('on Update, leaves removed services’ zones, joins added ones, and follows the spoke’s CIDRs', async () => {
    const world = newWorld();
    await convergeConsumer(spec({ services: names('ecr.api', 'ecr.dkr') }), CONTEXT, world.ports());
    world.spoke?.ipv4Blocks.splice(1, 1, '10.3.0.0/16');

    const updated = await convergeConsumer(spec({ services: names('logs', 'ecr.api') }), CONTEXT, world.ports());

    expect(updated).toMatchObject({ associatedZoneIds: ['ZECRAPI', 'ZLOGS'], ingressCidrs: ['10.1.0.0/16', '10.3.0.0/16'] });
    expect(footprint(world)).toEqual({
      rules: [
        { cidr: '10.1.0.0/16', owner: OWNER.physicalId, spoke: SPOKE_VPC },
        { cidr: '10.3.0.0/16', owner: OWNER.physicalId, spoke: SPOKE_VPC },
      ],
      associations: ['ZECRAPI', 'ZLOGS'],
      authorisations: [],
    });
  });

  it('refuses a second consumer of the same hub and spoke with zero writes', async () => {
    const world = newWorld();
    await convergeConsumer(spec(), { ...CONTEXT, owner: OTHER_OWNER }, world.ports());
    const before = world.writes.length;

    await expect(convergeConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(/Another consumer already uses this hub for the spoke VPC vpc-0b0b0b0b: OldConsumer/);
    expect(world.writes.length).toBe(before);
  });
});

describe('teardownConsumer', () => {
  it('disassociates, then releases the claim, leaving nothing of the spoke in the hub', async () => {
    const world = newWorld();
    await convergeConsumer(spec(), CONTEXT, world.ports());

    const result = await teardownConsumer(spec(), CONTEXT, world.ports());

    expect(footprint(world)).toEqual(NOTHING);
    expect(result.writes).toBe(5);
    expect(world.writes.slice(-2)).toEqual(['RevokeSecurityGroupIngress sgr-00000001', 'RevokeSecurityGroupIngress sgr-00000002']);
  });

  it.each([...Array.from({ length: 5 }, (_unused, index) => [index, 'before-effect'] as const), ...Array.from({ length: 5 }, (_unused, index) => [index, 'after-effect'] as const)])(
    'after a crash at write %i (%s), a retried Delete leaves nothing behind',
    async (crashAt, mode) => {
      const world = newWorld();
      await convergeConsumer(spec(), CONTEXT, world.ports());
      world.crashAfter(crashAt, mode);

      await expect(teardownConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(SimulatedCrash);
      await teardownConsumer(spec(), CONTEXT, world.ports());

      expect(footprint(world)).toEqual(NOTHING);
    },
  );

  it.each(Array.from({ length: 11 }, (_unused, index) => [index] as const))('undoes a Create that crashed at write %i', async (crashAt) => {
    const world = newWorld();
    world.crashAfter(crashAt);
    await expect(convergeConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(SimulatedCrash);

    await teardownConsumer(spec(), CONTEXT, world.ports());

    expect(footprint(world)).toEqual(NOTHING);
  });

  it('touches nothing of another consumer of the same hub, nor associations it holds no claim for', async () => {
    const world = newWorld();
    world.addRule('10.9.0.0/16', { 'vpce-provisioner:owner': 'someone', 'vpce-provisioner:consumer-vpc': 'vpc-0f0f0f0f' });
    world.zone('ZLOGS').vpcs.add(SPOKE_VPC);

    const result = await teardownConsumer(spec(), CONTEXT, world.ports());

    expect(result.writes).toBe(0);
    expect(world.writes).toEqual([]);
  });

  it('makes zero writes for a duplicate delivery of a Delete', async () => {
    const world = newWorld();
    await convergeConsumer(spec(), CONTEXT, world.ports());
    await teardownConsumer(spec(), CONTEXT, world.ports());
    const before = world.writes.length;

    expect((await teardownConsumer(spec(), CONTEXT, world.ports())).writes).toBe(0);
    expect(world.writes.length).toBe(before);
  });
});

describe('applyConsumerSteps on a world that moved since the observation', () => {
  /** The Create plan of a fresh world, observed before `change`. */
  async function stalePlan(change: (world: FakeConsumerWorld) => void) {
    const world = newWorld();
    const ports = world.ports();
    const hub = await ports.hub.observeHub(spec().hub, HUB_ID);
    const spoke = await ports.spoke.observeSpoke(SPOKE_VPC);
    const plan = planConverge(hub as NonNullable<typeof hub>, spoke as NonNullable<typeof spoke>, spec({ services: names('logs') }), { owner: OWNER, region: 'eu-west-1' });
    change(world);
    return { world, steps: plan.steps };
  }

  it('counts its own rule already there (InvalidPermission.Duplicate) and an association already made (ConflictingDomainExists) as done', async () => {
    const { world, steps } = await stalePlan((moved) => {
      moved.addRule('10.1.0.0/16', { 'vpce-provisioner:owner': OWNER.physicalId, 'vpce-provisioner:stack-id': OWNER.stackId, 'vpce-provisioner:logical-id': OWNER.logicalResourceId, 'vpce-provisioner:consumer-vpc': SPOKE_VPC });
      moved.zone('ZLOGS').vpcs.add(SPOKE_VPC);
    });

    const result = await applyConsumerSteps(steps, world.ports(), { owner: OWNER });

    expect(result.writes).toBe(3);
    expect(footprint(world)).toEqual({ ...CREATED, associations: ['ZLOGS'] });
  });

  it('refuses, as stale, a rule for its CIDR that someone else added meanwhile', async () => {
    const { world, steps } = await stalePlan((moved) => void moved.addRule('10.1.0.0/16', {}));

    await expect(applyConsumerSteps(steps, world.ports(), { owner: OWNER })).rejects.toThrow(StaleObservationError);
  });

  it('refuses, naming the zone, an association that conflicts with a zone of the same name added meanwhile', async () => {
    const { world, steps } = await stalePlan((moved) => void moved.addSpokeZone('ZTEAMLOGS', 'logs.eu-west-1.amazonaws.com'));

    await expect(applyConsumerSteps(steps, world.ports(), { owner: OWNER })).rejects.toThrow(
      new PreconditionFailedError([
        "The spoke VPC vpc-0b0b0b0b cannot be associated with the hub's zone logs.eu-west-1.amazonaws.com (ZLOGS): Route 53 answered ConflictingDomainExists, " +
          'since it is associated with ZTEAMLOGS of the same name. Remove that zone or private-DNS endpoint from the spoke, or leave the service out of Services.',
      ]),
    );
  });

  it('counts a disassociation someone made meanwhile (VPCAssociationNotFound) and a rule revoked meanwhile as done', async () => {
    const world = newWorld();
    await convergeConsumer(spec(), CONTEXT, world.ports());
    const ports = world.ports();
    const hub = await ports.hub.observeHub(spec().hub, HUB_ID);
    world.zone('ZLOGS').vpcs.delete(SPOKE_VPC);
    world.rules.splice(0, 1);
    const steps = [
      { kind: 'disassociate' as const, zoneId: 'ZLOGS', zoneName: 'logs.eu-west-1.amazonaws.com', vpcId: SPOKE_VPC, vpcRegion: 'eu-west-1' },
      { kind: 'release-cidr' as const, groupId: HUB_GROUP, ruleId: hub?.ingressRules[0]?.ruleId ?? '', cidr: '10.1.0.0/16' },
    ];

    expect(await applyConsumerSteps(steps, ports, { owner: OWNER })).toEqual({ writes: 0 });
  });

  it('counts a zone deleted meanwhile (NoSuchHostedZone) as done, for the disassociation and the authorisation’s removal', async () => {
    const world = newWorld();
    await convergeConsumer(spec(), CONTEXT, world.ports());
    world.zones.splice(world.zones.findIndex((zone) => zone.zoneId === 'ZLOGS'), 1);
    const pair = { zoneId: 'ZLOGS', zoneName: 'logs.eu-west-1.amazonaws.com', vpcId: SPOKE_VPC, vpcRegion: 'eu-west-1' };
    const steps = [
      { kind: 'disassociate' as const, ...pair },
      { kind: 'remove-authorisation' as const, ...pair },
    ];

    expect(await applyConsumerSteps(steps, world.ports(), { owner: OWNER })).toEqual({ writes: 0 });
  });

  it('reports a zone losing its last VPC as a bug, not as done', async () => {
    const world = newWorld();
    await convergeConsumer(spec({ services: names('logs') }), CONTEXT, world.ports());
    world.zone('ZLOGS').vpcs.delete('vpc-0a0a0a0a');

    await expect(teardownConsumer(spec(), CONTEXT, world.ports())).rejects.toThrow(ConsumerBugError);
    expect(world.rules).toHaveLength(2);
  });
});

describe('convergeConsumer, admitted by OU', () => {
  const PROVIDER = '123456789012';
  const byUnit = { 'vpce-provisioner:hub': HUB_ID, 'vpce-provisioner:allowed-consumers': '', 'vpce-provisioner:allowed-consumers-ous': 'ou-a1b2-workload1' };

  function organizations(parents: Record<string, { id: string; type: string }> | Error) {
    const asked: string[] = [];
    return {
      asked,
      port: {
        callerAccountId: PROVIDER,
        listParents: async (childId: string) => {
          asked.push(childId);
          if (parents instanceof Error) throw parents;
          return [parents[childId] as { id: string; type: string }];
        },
      },
    };
  }
  const tree = { [SPOKE_ACCOUNT]: { id: 'ou-a1b2-prod0001', type: 'ORGANIZATIONAL_UNIT' }, 'ou-a1b2-prod0001': { id: 'ou-a1b2-workload1', type: 'ORGANIZATIONAL_UNIT' }, 'ou-a1b2-workload1': { id: 'r-a1b2', type: 'ROOT' } };

  it('converges an account whose OU the hub admits, after walking its parents', async () => {
    const world = newWorld();
    world.groupTags = byUnit;
    const org = organizations(tree);

    const result = await convergeConsumer(spec(), CONTEXT, { ...world.ports(), organizations: org.port });

    expect(org.asked).toEqual([SPOKE_ACCOUNT, 'ou-a1b2-prod0001', 'ou-a1b2-workload1']);
    expect(footprint(world)).toEqual(CREATED);
    expect(result.writes).toBe(11);
  });

  it('refuses with zero writes when Organizations will not answer the provider’s account', async () => {
    const world = newWorld();
    world.groupTags = byUnit;
    const org = organizations(Object.assign(new Error('You don’t have permissions to access this resource.'), { name: 'AccessDeniedException' }));

    const attempt = convergeConsumer(spec(), CONTEXT, { ...world.ports(), organizations: org.port });

    await expect(attempt).rejects.toThrow(PreconditionFailedError);
    await expect(attempt).rejects.toThrow("AWS Organizations refused ListParents to the provider's role in account 123456789012 (AccessDeniedException)");
    expect(world.writes).toEqual([]);
  });

  it('never asks Organizations for an account the hub lists itself', async () => {
    const world = newWorld();
    world.groupTags = { ...byUnit, 'vpce-provisioner:allowed-consumers': SPOKE_ACCOUNT };
    const org = organizations(tree);

    await convergeConsumer(spec(), CONTEXT, { ...world.ports(), organizations: org.port });

    expect(org.asked).toEqual([]);
    expect(footprint(world)).toEqual(CREATED);
  });
});
