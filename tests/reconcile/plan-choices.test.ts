/**
 * planConvergence and planRemoval: the choices the planner makes between resources it owns (which duplicate stays, which
 * subnet is kept), the details of what it asks EC2 for (addressing, private DNS, route tables, tags) and the reasons it
 * gives when the VPC cannot take the plan. Each case was a mutant that no other plan test noticed (npm run mutate -- plan).
 *
 * Every observation is built inside its test: a plan computed at describe level makes a broken planner fail the whole
 * file at load time, which mutation testing counts as an error rather than a kill.
 */
import type { Action, ModifyEndpointAction } from '../../lib/reconcile/actions';
import type { Observation, ObservedEndpoint } from '../../lib/reconcile/observed';
import { ownedResources, planConvergence, planRemoval } from '../../lib/reconcile/plan';
import type { EndpointSpec } from '../../lib/properties/spec';
import { ObservationBuilder, OTHER_OWNER, TEST_AZ_IDS, TEST_OWNER } from '../support/observation-builder';
import { buildSpec } from '../support/spec-builder';
import { ownedEndpoint, ownedSubnetIn, withEndpointChanges } from './support/observation-edits';
import { actionsOf, convergedObservation, modifyEndpointAction, planOk, TEST_CONTEXT } from './support/plan-invariants';

const [AZ1, AZ2, AZ3] = TEST_AZ_IDS as [string, string, string];

function failedPlan(spec: EndpointSpec, observation: Observation): string[] {
  const plan = planConvergence(spec, observation, TEST_CONTEXT);
  if (plan.ok) throw new Error(`expected a failed plan, got ${plan.actions.length} actions`);
  return [...plan.problems];
}

function modificationsOf(actions: readonly Action[]): ModifyEndpointAction[] {
  return actionsOf(actions, 'modifyEndpoint');
}

/** The S3 pair an earlier Create left: an Interface endpoint answering only a Resolver, and the Gateway it relies on. */
function s3Pair(interfaceState: string, interfaceChanges: Partial<ObservedEndpoint> = {}, gatewayService = 's3'): Observation {
  return ObservationBuilder.standard()
    .withOwnedEndpoint(TEST_OWNER, 's3', {
      endpointId: 'vpce-00000000000s3intf',
      state: interfaceState,
      privateDnsEnabled: true,
      privateDnsOnlyForInboundResolverEndpoint: true,
      ...interfaceChanges,
    })
    .withOwnedEndpoint(TEST_OWNER, gatewayService, { endpointId: 'vpce-000000000s3gatew', type: 'Gateway', routeTableIds: ['rtb-000000000000app01'] })
    .build();
}

describe('planRemoval: an interface endpoint relying on the gateway that goes with it', () => {
  const releasing = { kind: 'modifyEndpoint', endpointId: 'vpce-00000000000s3intf', privateDnsOnlyForInboundResolverEndpoint: false };

  it.each(['available', 'pending'])('first turns PrivateDnsOnlyForInboundResolverEndpoint off when the endpoint is %s', (state) => {
    const actions = planRemoval(ownedResources(s3Pair(state), TEST_OWNER));

    expect(actions[0]).toMatchObject(releasing);
    expect(actions[1]).toEqual({ kind: 'deleteEndpoints', endpointIds: ['vpce-00000000000s3intf', 'vpce-000000000s3gatew'] });
  });

  it.each<[string, string, Partial<ObservedEndpoint>, string]>([
    ['in a state EC2 does not modify', 'failed', {}, 's3'],
    ['with private DNS off', 'available', { privateDnsEnabled: false }, 's3'],
    ['answering every client, not only a Resolver', 'available', { privateDnsOnlyForInboundResolverEndpoint: false }, 's3'],
    ['when the gateway going is of another service', 'available', {}, 'dynamodb'],
  ])('modifies nothing for an interface endpoint %s', (_label, state, changes, gatewayService) => {
    const actions = planRemoval(ownedResources(s3Pair(state, changes, gatewayService), TEST_OWNER));

    expect(modificationsOf(actions)).toEqual([]);
    expect(actionsOf(actions, 'deleteEndpoints')).toHaveLength(1);
  });

  it('lists the endpoints to delete in ID order, whatever order EC2 described them in', () => {
    const observation = ObservationBuilder.standard()
      .withOwnedEndpoint(TEST_OWNER, 'logs', { endpointId: 'vpce-0000000000000ccc' })
      .withOwnedEndpoint(TEST_OWNER, 'ecr.api', { endpointId: 'vpce-0000000000000aaa' })
      .withOwnedEndpoint(TEST_OWNER, 'ecr.dkr', { endpointId: 'vpce-0000000000000bbb' })
      .build();

    expect(planRemoval(ownedResources(observation, TEST_OWNER))).toEqual([
      { kind: 'deleteEndpoints', endpointIds: ['vpce-0000000000000aaa', 'vpce-0000000000000bbb', 'vpce-0000000000000ccc'] },
    ]);
  });
});

describe('planConvergence: the S3 pair when only one of them goes', () => {
  const spec = buildSpec({ interfaceServices: ['ecr.api', 's3'] });
  const withS3Interface = () => ObservationBuilder.standard().withInterfaceService('s3').build();

  it('removing the gateway releases the interface endpoint once, a stage before the gateway goes', () => {
    const converged = convergedObservation(spec, withS3Interface());
    const s3Interface = ownedEndpoint(converged, 's3');
    expect(s3Interface.privateDnsOnlyForInboundResolverEndpoint).toBe(true);

    const { actions } = planOk({ ...spec, gatewayServices: [] }, converged);

    expect(modificationsOf(actions)).toEqual([expect.objectContaining({ endpointId: s3Interface.endpointId, privateDnsOnlyForInboundResolverEndpoint: false })]);
    expect(actions.map((action) => action.kind)).toEqual(['modifyEndpoint', 'deleteEndpoints']);
    expect(actionsOf(actions, 'deleteEndpoints')[0]?.endpointIds).toEqual([ownedEndpoint(converged, 's3', 'Gateway').endpointId]);
  });

  it('removing the interface endpoint while the gateway stays deletes it without modifying it first', () => {
    const converged = convergedObservation(spec, withS3Interface());

    const { actions } = planOk({ ...spec, interfaceServices: ['ecr.api'] }, converged);

    expect(actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: [ownedEndpoint(converged, 's3').endpointId] }]);
  });

  it('turns the option on for an interface endpoint that now has its own gateway', () => {
    const converged = convergedObservation(spec, withS3Interface());
    const s3Interface = ownedEndpoint(converged, 's3');
    const before = withEndpointChanges(converged, s3Interface.endpointId, { privateDnsOnlyForInboundResolverEndpoint: false });

    expect(modificationsOf(planOk(spec, before).actions)).toEqual([
      expect.objectContaining({ endpointId: s3Interface.endpointId, privateDnsOnlyForInboundResolverEndpoint: true, addSubnetAzIds: [] }),
    ]);
  });

  it('sends the option along when private DNS is switched back on, so EC2 does not apply its own default', () => {
    const converged = convergedObservation({ ...spec, gatewayServices: [] }, withS3Interface());
    const s3Interface = ownedEndpoint(converged, 's3');
    const dnsOff = withEndpointChanges(converged, s3Interface.endpointId, { privateDnsEnabled: false });

    const [modification] = modificationsOf(planOk({ ...spec, gatewayServices: [] }, dnsOff).actions);

    expect(modification).toMatchObject({ endpointId: s3Interface.endpointId, privateDnsEnabled: true, privateDnsOnlyForInboundResolverEndpoint: false });
  });
});

describe('planConvergence: duplicates a crash or a race left behind', () => {
  const spec = buildSpec();

  it('keeps the lower-ID interface endpoint of a service and deletes the other', () => {
    const converged = convergedObservation(spec, ObservationBuilder.standard().build());
    const kept = ownedEndpoint(converged, 'ecr.api');
    const duplicate: ObservedEndpoint = { ...kept, endpointId: 'vpce-zzzzzzzzzzzzzzzzz' };
    const earlier: ObservedEndpoint = { ...kept, endpointId: 'vpce-00000000000000000' };

    const { actions } = planOk(spec, { ...converged, endpoints: [...converged.endpoints, duplicate, earlier] });

    expect(actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: [kept.endpointId, 'vpce-zzzzzzzzzzzzzzzzz'].sort() }]);
  });

  it('keeps a working endpoint over a failed one with a lower ID', () => {
    const converged = convergedObservation(spec, ObservationBuilder.standard().build());
    const kept = ownedEndpoint(converged, 'ecr.api');
    const failed: ObservedEndpoint = { ...kept, endpointId: 'vpce-00000000000000000', state: 'failed' };

    const { actions } = planOk(spec, { ...converged, endpoints: [failed, ...converged.endpoints] });

    expect(actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: ['vpce-00000000000000000'] }]);
  });

  it('keeps one gateway endpoint of a service and deletes the other', () => {
    const converged = convergedObservation(spec, ObservationBuilder.standard().build());
    const kept = ownedEndpoint(converged, 's3', 'Gateway');
    const duplicate: ObservedEndpoint = { ...kept, endpointId: 'vpce-zzzzzzzzzzzzzzzzz' };

    const { actions } = planOk(spec, { ...converged, endpoints: [...converged.endpoints, duplicate] });

    expect(actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: ['vpce-zzzzzzzzzzzzzzzzz'] }]);
  });

  it('keeps, of two endpoint subnets in one AZ, the one the endpoints use, even with the higher ID', () => {
    const converged = convergedObservation(spec, ObservationBuilder.standard().build());
    const used = ownedSubnetIn(converged, AZ1);
    const usedSubnet = converged.vpcSubnets.find((subnet) => subnet.subnetId === used);
    const spare = { ...usedSubnet, subnetId: 'subnet-00000000000000000', cidr: '10.0.250.0/28' } as (typeof converged.vpcSubnets)[number];

    const { actions } = planOk(spec, { ...converged, vpcSubnets: [spare, ...converged.vpcSubnets] });

    expect(actions).toEqual([{ kind: 'deleteSubnet', subnetId: 'subnet-00000000000000000', azId: AZ1 }]);
  });

  it('keeps the lower-ID security group of two and deletes the other', () => {
    const converged = convergedObservation(spec, ObservationBuilder.standard().build());
    const [group] = converged.ownedSecurityGroups;
    const extra = { ...group, groupId: 'sg-zzzzzzzzzzzzzzzzz' } as NonNullable<typeof group>;

    const { actions } = planOk(spec, { ...converged, ownedSecurityGroups: [extra, ...converged.ownedSecurityGroups] });

    expect(actions).toEqual([{ kind: 'deleteSecurityGroup', groupId: 'sg-zzzzzzzzzzzzzzzzz' }]);
  });

  it('counts as its own only the groups that carry its owner tags, whatever list discovery put them in', () => {
    const observation = ObservationBuilder.standard()
      .withOwnedSecurityGroup(TEST_OWNER, { groupId: 'sg-0000000000000mine' })
      .withOwnedSecurityGroup(OTHER_OWNER, { groupId: 'sg-000000000000other' })
      .build();

    expect(ownedResources(observation, TEST_OWNER).securityGroups.map((group) => group.groupId)).toEqual(['sg-0000000000000mine']);
  });
});

describe('planConvergence: modifying what exists', () => {
  const spec = buildSpec({ interfaceServices: ['ecr.api'] });
  const converged = () => convergedObservation(spec, ObservationBuilder.standard().build());

  it('adds a route table to the gateway endpoint without replacing it', () => {
    const start = converged();
    const gateway = ownedEndpoint(start, 's3', 'Gateway');
    const missingOne = withEndpointChanges(start, gateway.endpointId, { routeTableIds: gateway.routeTableIds.slice(1) });

    expect(planOk(spec, missingOne).actions).toEqual([
      expect.objectContaining({ kind: 'modifyEndpoint', endpointId: gateway.endpointId, addRouteTableIds: gateway.routeTableIds.slice(0, 1), removeRouteTableIds: [] }),
    ]);
  });

  it('switches private DNS back on, and changes nothing else', () => {
    const start = converged();
    const endpoint = ownedEndpoint(start, 'ecr.api');

    const { actions } = planOk(spec, withEndpointChanges(start, endpoint.endpointId, { privateDnsEnabled: false }));

    expect(actions).toEqual([modifyEndpointAction(endpoint.endpointId, 'ecr.api', { privateDnsEnabled: true })]);
  });

  it.each<[string, Partial<ObservedEndpoint>]>([
    ['the IP address type', { ipAddressType: 'dualstack' }],
    ['only the DNS record type', { dnsRecordIpType: 'dualstack' }],
  ])('puts back %s of an IPv4 endpoint', (_label, changes) => {
    const start = converged();
    const endpoint = ownedEndpoint(start, 'ecr.api');

    const [modification] = modificationsOf(planOk(spec, withEndpointChanges(start, endpoint.endpointId, changes)).actions);

    expect(modification).toMatchObject({ endpointId: endpoint.endpointId, addressing: { ipAddressType: 'ipv4', dnsRecordIpType: 'ipv4' } });
  });

  it('takes an endpoint EC2 describes without an address type as IPv4: nothing to change', () => {
    const start = converged();
    const endpoint = ownedEndpoint(start, 'ecr.api');

    const unlabelled = withEndpointChanges(start, endpoint.endpointId, { ipAddressType: undefined, dnsRecordIpType: undefined });

    expect(planOk(spec, unlabelled).actions).toEqual([]);
  });

  it('moves an endpoint out of a subnet it no longer uses and into a new AZ in one modification', () => {
    const start = converged();
    const endpoint = ownedEndpoint(start, 'ecr.api');
    const inAz3 = ownedSubnetIn(start, AZ3);
    const inAz1 = start.vpcSubnets.find((subnet) => subnet.subnetId === ownedSubnetIn(start, AZ1));
    // A second endpoint subnet of its own in AZ1, left by a crash; the endpoint sits there instead of in AZ3.
    const spare = { ...inAz1, subnetId: 'subnet-zzzzzzzzzzzzzzzzz', cidr: '10.0.250.0/28' } as (typeof start.vpcSubnets)[number];
    const strayed = withEndpointChanges({ ...start, vpcSubnets: [...start.vpcSubnets, spare] }, endpoint.endpointId, {
      subnetIds: [...endpoint.subnetIds.filter((id) => id !== inAz3), spare.subnetId],
    });

    const { actions } = planOk(spec, strayed);

    expect(modificationsOf(actions)).toEqual([
      expect.objectContaining({ endpointId: endpoint.endpointId, addSubnetAzIds: [AZ3], removeSubnetIds: [spare.subnetId] }),
    ]);
    expect(actionsOf(actions, 'deleteSubnet')).toEqual([{ kind: 'deleteSubnet', subnetId: spare.subnetId, azId: AZ1 }]);
  });
});

describe('planConvergence: the user\'s tags on what stays', () => {
  const spec = buildSpec({ interfaceServices: ['ecr.api'], gatewayServices: [], tags: [{ key: 'team', value: 'blue' }] });

  it('sets the new tag and removes the one the user dropped in one call per change', () => {
    const start = convergedObservation({ ...spec, tags: [{ key: 'cost', value: 'x' }] }, ObservationBuilder.standard().build());

    const updates = actionsOf(planOk(spec, start, { ...TEST_CONTEXT, previousTagKeys: ['cost'] }).actions, 'updateTags');

    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ set: [{ key: 'team', value: 'blue' }], removeKeys: ['cost'] });
    expect(updates[0]?.resourceIds).toHaveLength(5);
  });

  it('never removes its own tags, even when an earlier template listed their keys', () => {
    const start = convergedObservation(spec, ObservationBuilder.standard().build());

    const { actions } = planOk(spec, start, { ...TEST_CONTEXT, previousTagKeys: ['vpce-provisioner:owner', 'vpce-provisioner:stack-id'] });

    expect(actions).toEqual([]);
  });

  it('does not retag an endpoint it is replacing', () => {
    const start = convergedObservation({ ...spec, tags: [] }, ObservationBuilder.standard().build());
    const failed = ownedEndpoint(start, 'ecr.api');

    const { actions } = planOk(spec, withEndpointChanges(start, failed.endpointId, { state: 'failed' }));

    expect(actionsOf(actions, 'updateTags').flatMap((update) => update.resourceIds)).not.toContain(failed.endpointId);
    expect(actionsOf(actions, 'deleteEndpoints')).toEqual([{ kind: 'deleteEndpoints', endpointIds: [failed.endpointId] }]);
  });
});

describe('planConvergence: where the blocks come from', () => {
  it('describes the security group it creates in words an operator recognises', () => {
    const [group] = actionsOf(planOk(buildSpec(), ObservationBuilder.standard().build()).actions, 'createSecurityGroup');

    expect(group?.description).toBe('HTTPS from the application subnets to their VPC endpoints (managed by vpce-provisioner)');
  });

  it('accepts a CidrRange inside the second of the VPC\'s blocks', () => {
    const observation = ObservationBuilder.standard().withVpcChanges({ ipv4Blocks: ['10.0.0.0/16', '100.64.0.0/16'] }).build();

    const subnets = actionsOf(planOk(buildSpec({ cidrRange: '100.64.8.0/24' }), observation).actions, 'createSubnet');

    expect(subnets.map((subnet) => subnet.cidr)).toEqual(['100.64.8.240/28', '100.64.8.224/28', '100.64.8.208/28']);
  });

  it('names the VPC\'s blocks when CidrRange is outside all of them', () => {
    expect(failedPlan(buildSpec({ cidrRange: '192.168.0.0/24' }), ObservationBuilder.standard().build())).toEqual([
      'CidrRange 192.168.0.0/24 is not inside any CIDR block of vpc-0a1b2c3d4e5f60718 (10.0.0.0/16).',
    ]);
  });

  it('names every one of the VPC\'s blocks, in the order EC2 lists them, when CidrRange is outside all of them', () => {
    const observation = ObservationBuilder.standard().withVpcChanges({ ipv4Blocks: ['10.0.0.0/16', '100.64.0.0/16'] }).build();

    expect(failedPlan(buildSpec({ cidrRange: '192.168.0.0/24' }), observation)).toEqual([
      'CidrRange 192.168.0.0/24 is not inside any CIDR block of vpc-0a1b2c3d4e5f60718 (10.0.0.0/16, 100.64.0.0/16).',
    ]);
  });

  it('does not check CidrRange when every AZ already has its endpoint subnet: existing subnets stay where they are', () => {
    const converged = convergedObservation(buildSpec(), ObservationBuilder.standard().build());

    expect(planOk(buildSpec({ cidrRange: '192.168.0.0/24' }), converged).actions).toEqual([]);
  });

  it.each([
    [
      'a full range',
      { cidrRange: '10.0.0.0/20' },
      'No free /28 block is left in CidrRange 10.0.0.0/20 for AZ euw1-az1: existing subnets fill it. Widen CidrRange, or leave CidrRange out to carve anywhere in the VPC.',
    ],
    [
      'a range with a little room, for /26 subnets',
      { cidrRange: '10.0.128.0/23', subnetPrefixLength: 26 },
      'No free /26 block is left in CidrRange 10.0.128.0/23 for AZ euw1-az2: its largest free block is 10.0.129.0/26, and it must hold one /26 per new endpoint subnet (3). Widen CidrRange, ask for smaller subnets with a larger SubnetPrefixLength, or leave CidrRange out to carve anywhere in the VPC.',
    ],
  ])('says what to change when %s runs out', (_label, overrides, problem) => {
    const observation = ObservationBuilder.standard()
      .withSubnet({ subnetId: 'subnet-000000000000full', azId: AZ1, cidr: '10.0.129.64/26' })
      .withSubnet({ subnetId: 'subnet-00000000000full2', azId: AZ1, cidr: '10.0.129.128/25' })
      .build();

    expect(failedPlan(buildSpec(overrides), observation)).toEqual([problem]);
  });

  it('carves around an IPv6-only subnet (no IPv4 CIDR) in the VPC', () => {
    const observation = ObservationBuilder.standard()
      .withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] })
      .withSubnet({ subnetId: 'subnet-0000000000ipv6only', azId: AZ2, cidr: '', ipv6Cidrs: ['2600:1f18:abc:de00::/64'] })
      .build();

    expect(actionsOf(planOk(buildSpec(), observation).actions, 'createSubnet')).toHaveLength(3);
  });

  it('gives an IPv4 resource no IPv6 blocks, even in a dual-stack VPC', () => {
    const observation = ObservationBuilder.standard().withVpcChanges({ ipv6Blocks: ['2600:1f18:abc:de00::/56'] }).build();

    const subnets = actionsOf(planOk(buildSpec(), observation).actions, 'createSubnet');

    expect(subnets).toHaveLength(3);
    expect(subnets.map((subnet) => subnet.ipv6Cidr)).toEqual([undefined, undefined, undefined]);
  });
});
