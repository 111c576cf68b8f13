/**
 * planConvergence on a VPC the resource has already converged, after the user changed the properties or EC2 changed
 * the endpoints: each change gives exactly the actions it needs and nothing else.
 */
import { STAGE_OF, type Action, type ModifyEndpointAction } from '../../lib/reconcile/actions';
import type { Observation, ObservedSubnet } from '../../lib/reconcile/observed';
import type { PlanContext } from '../../lib/reconcile/plan';
import type { EndpointSpec, Tag } from '../../lib/properties/spec';
import { EC2_DEFAULT_POLICY, EXTRA_AZ_ID, ObservationBuilder, TEST_AZ_IDS, TEST_OWNER, fullServiceName } from '../support/observation-builder';
import { buildSpec, TEST_APP_SUBNET_IDS } from '../support/spec-builder';
import { applyToObservation } from './support/apply-to-observation';
import { ownedEndpoint, ownedSubnetIn, withAppSubnets, withEndpointChanges } from './support/observation-edits';
import { actionsOf, convergedObservation, modifyEndpointAction, planOk, TEST_CONTEXT } from './support/plan-invariants';

const [AZ1, AZ2, AZ3] = TEST_AZ_IDS as [string, string, string];
const [APP1, APP2, APP3] = TEST_APP_SUBNET_IDS as [string, string, string];
/** A fourth app subnet, in a fourth AZ, on the main route table. */
const APP4 = 'subnet-0000000000000a004';
/** Another subnet in AZ1, on the same route table as APP1. */
const APP1_REPLACEMENT = 'subnet-0000000000000b001';
const INTERFACE_SERVICES = ['ecr.api', 'ecr.dkr', 'logs'];

const spec = buildSpec();
const base = ObservationBuilder.standard()
  .withSubnet({ subnetId: APP4, azId: EXTRA_AZ_ID, cidr: '10.0.48.0/20' })
  .withSubnet({ subnetId: APP1_REPLACEMENT, azId: AZ1, cidr: '10.0.64.0/20' })
  .withRouteTableAssociation('rtb-000000000000app01', APP1_REPLACEMENT)
  .withInterfaceService('secretsmanager')
  .build();
const converged = convergedObservation(spec, base);
const groupId = converged.ownedSecurityGroups[0]?.groupId as string;
const endpointIdOf = (service: string, type: 'Interface' | 'Gateway' = 'Interface') => ownedEndpoint(converged, service, type).endpointId;

/** A modifyEndpoint with only the given changes. */
function modification(service: string, changes: Partial<ModifyEndpointAction>, type: 'Interface' | 'Gateway' = 'Interface'): ModifyEndpointAction {
  return modifyEndpointAction(endpointIdOf(service, type), service, changes);
}

/** Plans the change, checks the plan, and checks that applying it converges. */
function planChange(changedSpec: EndpointSpec, observation: Observation, context: PlanContext = TEST_CONTEXT): readonly Action[] {
  const { actions } = planOk(changedSpec, observation, context);
  const after = applyToObservation(observation, actions, TEST_OWNER);
  expect(planOk(changedSpec, after, context).actions).toEqual([]);
  return actions;
}

describe('planConvergence: service lists changed', () => {
  it('creates only the endpoint of an added service, behind the existing group', () => {
    const actions = planChange(buildSpec({ interfaceServices: [...INTERFACE_SERVICES, 'secretsmanager'] }), converged);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      kind: 'createEndpoint',
      service: 'secretsmanager',
      serviceName: fullServiceName('secretsmanager'),
      type: 'Interface',
      subnetAzIds: [AZ1, AZ2, AZ3],
      securityGroupIds: [groupId],
      privateDnsEnabled: true,
    });
  });

  it('deletes exactly the endpoint of a removed interface service', () => {
    const actions = planChange(buildSpec({ interfaceServices: ['ecr.api', 'ecr.dkr'] }), converged);
    expect(actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: [endpointIdOf('logs')] }]);
  });

  it('deletes exactly the endpoint of a removed gateway service', () => {
    const actions = planChange(buildSpec({ gatewayServices: [] }), converged);
    expect(actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: [endpointIdOf('s3', 'Gateway')] }]);
  });

  it('deletes every interface endpoint, then the endpoint subnets and the group, when no interface service is left', () => {
    const actions = planChange(buildSpec({ interfaceServices: [] }), converged);
    expect(actions.map((action) => action.kind)).toEqual(['deleteEndpoints', 'deleteSubnet', 'deleteSubnet', 'deleteSubnet', 'deleteSecurityGroup']);
    expect(actions[0]).toEqual({ kind: 'deleteEndpoints', endpointIds: INTERFACE_SERVICES.map((service) => endpointIdOf(service)).sort() });
    expect(actions[4]).toEqual({ kind: 'deleteSecurityGroup', groupId });
  });
});

describe('planConvergence: AZs changed', () => {
  it('carves a subnet for an added AZ and adds it to every interface endpoint', () => {
    const grown = withAppSubnets(converged, [APP1, APP2, APP3, APP4]);
    const actions = planChange(buildSpec({ subnetIds: [APP1, APP2, APP3, APP4] }), grown);
    expect(actions.map((action) => action.kind)).toEqual(['createSubnet', 'authorizeIngress', 'modifyEndpoint', 'modifyEndpoint', 'modifyEndpoint']);
    expect(actions[0]).toMatchObject({ kind: 'createSubnet', azId: EXTRA_AZ_ID, prefixLength: 28 });
    expect(actions[1]).toEqual({ kind: 'authorizeIngress', groupId, cidrs: ['10.0.48.0/20'] });
    expect(actionsOf(actions, 'modifyEndpoint')).toEqual(INTERFACE_SERVICES.map((service) => modification(service, { addSubnetAzIds: [EXTRA_AZ_ID] })));
  });

  it('takes a removed AZ out of every endpoint before deleting its subnet', () => {
    // APP3 is the only app subnet on the main route table, so the s3 route leaves that table too.
    const shrunk = withAppSubnets(converged, [APP1, APP2]);
    const az3Subnet = ownedSubnetIn(converged, AZ3);
    const actions = planChange(buildSpec({ subnetIds: [APP1, APP2] }), shrunk);
    expect(actions).toEqual([
      { kind: 'revokeIngress', groupId, cidrs: ['10.0.32.0/20'] },
      ...INTERFACE_SERVICES.map((service) => modification(service, { removeSubnetIds: [az3Subnet] })),
      modification('s3', { removeRouteTableIds: ['rtb-00000000000000main'] }, 'Gateway'),
      { kind: 'deleteSubnet', subnetId: az3Subnet, azId: AZ3 },
    ]);
  });

  it('only changes the ingress rules when app subnets change within the same AZs and route tables', () => {
    const swapped = withAppSubnets(converged, [APP1_REPLACEMENT, APP2, APP3]);
    const actions = planChange(buildSpec({ subnetIds: [APP1_REPLACEMENT, APP2, APP3] }), swapped);
    expect(actions).toEqual([
      { kind: 'revokeIngress', groupId, cidrs: ['10.0.0.0/20'] },
      { kind: 'authorizeIngress', groupId, cidrs: ['10.0.64.0/20'] },
    ]);
  });
});

describe('planConvergence: endpoint settings changed', () => {
  it('adds and removes the user security groups on interface endpoints only', () => {
    const withUserGroup = convergedObservation(buildSpec({ securityGroupIds: ['sg-0user00000000001'] }), base);
    const actions = planOk(buildSpec({ securityGroupIds: ['sg-0user00000000002'] }), withUserGroup).actions;
    expect(actions.map((action) => action.kind)).toEqual(['modifyEndpoint', 'modifyEndpoint', 'modifyEndpoint']);
    for (const action of actionsOf(actions, 'modifyEndpoint')) {
      expect(action).toMatchObject({ addSecurityGroupIds: ['sg-0user00000000002'], removeSecurityGroupIds: ['sg-0user00000000001'], addSubnetAzIds: [], removeSubnetIds: [] });
    }
  });

  it.each([false, true])('turns private DNS to %s on interface endpoints only', (privateDnsEnabled) => {
    const start = convergedObservation(buildSpec({ privateDnsEnabled: !privateDnsEnabled }), base);
    const actions = planOk(buildSpec({ privateDnsEnabled }), start).actions;
    expect(actions).toEqual(INTERFACE_SERVICES.map((service) => ({ ...modification(service, {}), endpointId: ownedEndpoint(start, service).endpointId, privateDnsEnabled })));
  });
});

describe('planConvergence: endpoint policies', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetAuthorizationToken'], Resource: '*' }] };
  const policySpec = buildSpec({ endpointPolicies: { 'ecr.api': JSON.stringify(policy) } });
  const withPolicy = convergedObservation(policySpec, base);
  const policyEndpoint = ownedEndpoint(withPolicy, 'ecr.api').endpointId;
  const reserialized = JSON.stringify(
    { Statement: [{ Resource: '*', Action: ['ecr:BatchGetImage', 'ecr:GetAuthorizationToken'], Principal: '*', Effect: 'Allow' }], Version: '2012-10-17' },
    null,
    2,
  );

  it('modifies nothing when EC2 reports the same policy with its keys reordered and reindented', () => {
    const observation = withEndpointChanges(withPolicy, policyEndpoint, { policyDocument: reserialized });
    expect(planOk(policySpec, observation).actions).toEqual([]);
  });

  it('modifies nothing when the default policy comes back in another serialization', () => {
    const defaultPolicy = '{ "Statement": [ { "Resource": "*", "Action": "*", "Principal": "*", "Effect": "Allow" } ] }';
    const observation = withEndpointChanges(converged, endpointIdOf('logs'), { policyDocument: defaultPolicy });
    expect(planOk(spec, observation).actions).toEqual([]);
  });

  it('sets only the policy when the wanted document changed', () => {
    const changed = JSON.stringify({ ...policy, Statement: [{ ...policy.Statement[0], Action: 'ecr:*' }] });
    const changedSpec = buildSpec({ endpointPolicies: { 'ecr.api': changed } });
    expect(planChange(changedSpec, withPolicy)).toEqual([{ ...modification('ecr.api', {}), endpointId: policyEndpoint, policyDocument: changed }]);
  });

  it('puts the full-access policy back on an interface endpoint when the user drops its policy (ResetPolicy is for gateways)', () => {
    const fullAccess = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
    expect(planChange(spec, withPolicy)).toEqual([{ ...modification('ecr.api', {}), endpointId: policyEndpoint, policyDocument: fullAccess }]);
  });

  it('sets the ecr-layers-only policy on the existing s3 endpoint, and resets it when switched back to full', () => {
    const layersOnly = buildSpec({ s3GatewayPolicy: 'ecr-layers-only' });
    const [restrict] = planChange(layersOnly, converged);
    expect(restrict).toMatchObject({ kind: 'modifyEndpoint', endpointId: endpointIdOf('s3', 'Gateway'), policyDocument: expect.stringContaining('starport-layer-bucket') });
    const restricted = applyToObservation(converged, [restrict as Action], TEST_OWNER);
    expect(planChange(spec, restricted)).toEqual([modification('s3', { resetPolicy: true }, 'Gateway')]);
    expect(ownedEndpoint(restricted, 's3', 'Gateway').policyDocument).not.toBe(EC2_DEFAULT_POLICY);
  });
});

describe('planConvergence: endpoints in a dead or passing state', () => {
  const cases: { state: string; service: string; type: 'Interface' | 'Gateway'; replaced: boolean }[] = [
    { state: 'failed', service: 'ecr.dkr', type: 'Interface', replaced: true },
    { state: 'rejected', service: 'logs', type: 'Interface', replaced: true },
    { state: 'expired', service: 'ecr.api', type: 'Interface', replaced: true },
    { state: 'failed', service: 's3', type: 'Gateway', replaced: true },
    { state: 'pending', service: 'ecr.dkr', type: 'Interface', replaced: false },
    { state: 'pendingacceptance', service: 'logs', type: 'Interface', replaced: false },
  ];

  it.each(cases)('an owned $type endpoint in state $state is replaced: $replaced', ({ state, service, type, replaced }) => {
    const endpointId = endpointIdOf(service, type);
    const actions = planOk(spec, withEndpointChanges(converged, endpointId, { state })).actions;
    if (!replaced) {
      expect(actions).toEqual([]);
      return;
    }
    expect(actions.map((action) => action.kind)).toEqual(['createEndpoint', 'deleteEndpoints']);
    expect(actions[0]).toMatchObject({ kind: 'createEndpoint', service, type, replaces: endpointId });
    expect(actions[1]).toEqual({ kind: 'deleteEndpoints', endpointIds: [endpointId] });
  });

  it('creates a fresh endpoint (not a replacement) when the owned one is already deleting', () => {
    const endpointId = endpointIdOf('logs');
    const actions = planOk(spec, withEndpointChanges(converged, endpointId, { state: 'deleting' })).actions;
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ kind: 'createEndpoint', service: 'logs', replaces: undefined });
  });
});

describe('planConvergence: duplicates left by retries', () => {
  const duplicateOf = (subnet: ObservedSubnet, subnetId: string, cidr: string): ObservedSubnet => ({ ...subnet, subnetId, cidr });

  it('keeps the first owned subnet of an AZ (by ID) and deletes the other', () => {
    const original = converged.vpcSubnets.find((subnet) => subnet.subnetId === ownedSubnetIn(converged, AZ2)) as ObservedSubnet;
    const observation = { ...converged, vpcSubnets: [...converged.vpcSubnets, duplicateOf(original, 'subnet-0f00000000000dupe', '10.0.100.0/28')] };
    expect(planOk(spec, observation).actions).toEqual([{ kind: 'deleteSubnet', subnetId: 'subnet-0f00000000000dupe', azId: AZ2 }]);
  });

  it('keeps the duplicate the endpoints already use, even when its ID sorts after the empty one', () => {
    const original = converged.vpcSubnets.find((subnet) => subnet.subnetId === ownedSubnetIn(converged, AZ2)) as ObservedSubnet;
    const observation = { ...converged, vpcSubnets: [...converged.vpcSubnets, duplicateOf(original, 'subnet-0000000000000000', '10.0.100.0/28')] };
    expect(planOk(spec, observation).actions).toEqual([{ kind: 'deleteSubnet', subnetId: 'subnet-0000000000000000', azId: AZ2 }]);
  });

  it('keeps one owned endpoint per service and deletes the other', () => {
    const original = ownedEndpoint(converged, 'ecr.api');
    const observation = { ...converged, endpoints: [...converged.endpoints, { ...original, endpointId: 'vpce-0f00000000000dupe', subnetIds: [] }] };
    expect(planOk(spec, observation).actions).toEqual([{ kind: 'deleteEndpoints', endpointIds: ['vpce-0f00000000000dupe'] }]);
  });

  it('keeps one owned group and deletes the other', () => {
    const original = converged.ownedSecurityGroups[0];
    const observation = { ...converged, ownedSecurityGroups: [...converged.ownedSecurityGroups, { ...original!, groupId: 'sg-0f00000000000dupe' }] };
    expect(planOk(spec, observation).actions).toEqual([{ kind: 'deleteSecurityGroup', groupId: 'sg-0f00000000000dupe' }]);
  });
});

describe('planConvergence: tags changed', () => {
  const oldTags: Tag[] = [
    { key: 'team', value: 'payments' },
    { key: 'ticket', value: 'OPS-1' },
  ];
  const tagged = convergedObservation(buildSpec({ tags: oldTags }), base);
  const ownedIds = [
    ...TEST_AZ_IDS.map((azId) => ownedSubnetIn(tagged, azId)),
    tagged.ownedSecurityGroups[0]?.groupId,
    // The gateway endpoint is created in the first stage (stageOf), so it holds the first endpoint ID.
    ...[ownedEndpoint(tagged, 's3', 'Gateway'), ...INTERFACE_SERVICES.map((service) => ownedEndpoint(tagged, service))].map((endpoint) => endpoint.endpointId),
  ];
  const previousTagKeys = oldTags.map((tag) => tag.key);

  const cases: { name: string; tags: Tag[]; set: Tag[]; removeKeys: string[] }[] = [
    { name: 'a value changed', tags: [{ key: 'team', value: 'platform' }, oldTags[1]!], set: [{ key: 'team', value: 'platform' }], removeKeys: [] },
    { name: 'a tag added', tags: [...oldTags, { key: 'env', value: 'prod' }], set: [{ key: 'env', value: 'prod' }], removeKeys: [] },
    { name: 'a tag removed', tags: [oldTags[0]!], set: [], removeKeys: ['ticket'] },
    { name: 'changed, added and removed at once', tags: [{ key: 'team', value: 'platform' }, { key: 'env', value: 'prod' }], set: [{ key: 'team', value: 'platform' }, { key: 'env', value: 'prod' }], removeKeys: ['ticket'] },
    { name: 'a Name given by the user', tags: [...oldTags, { key: 'Name', value: 'shared' }], set: [{ key: 'Name', value: 'shared' }], removeKeys: [] },
  ];

  it.each(cases)('updates the tags of every owned resource in one call and nothing else: $name', ({ tags, set, removeKeys }) => {
    const actions = planChange(buildSpec({ tags }), tagged, { ...TEST_CONTEXT, previousTagKeys });
    expect(actions).toEqual([{ kind: 'updateTags', resourceIds: ownedIds, set, removeKeys }]);
  });

  it('restores the generated Names when the user drops their Name, one call per distinct Name', () => {
    const named = convergedObservation(buildSpec({ tags: [{ key: 'Name', value: 'shared' }] }), base);
    const actions = planChange(spec, named, { ...TEST_CONTEXT, previousTagKeys: ['Name'] });
    expect(actions.every((action) => action.kind === 'updateTags' && action.removeKeys.length === 0 && action.resourceIds.length === 1)).toBe(true);
    expect(actionsOf(actions, 'updateTags').map((action) => action.set)).toEqual([
      ...TEST_AZ_IDS.map((azId) => [{ key: 'Name', value: `app-Endpoints-endpoints-${azId}` }]),
      [{ key: 'Name', value: 'app-Endpoints-endpoints' }],
      ...['s3', ...INTERFACE_SERVICES].map((service) => [{ key: 'Name', value: `app-Endpoints-${service}` }]),
    ]);
  });

  it('removes no tag the user did not have in the previous properties', () => {
    expect(planOk(buildSpec({ tags: [oldTags[0]!] }), tagged, TEST_CONTEXT).actions).toEqual([]);
  });
});

describe('planConvergence: action order', () => {
  it('orders a plan that mixes every stage by STAGE_OF, keeping dependencies apart', () => {
    // An AZ removed, a service swapped for another, a dead endpoint, new tags and a new ingress CIDR, all at once.
    const observation = withEndpointChanges(withAppSubnets(converged, [APP1_REPLACEMENT, APP2]), endpointIdOf('ecr.dkr'), { state: 'failed' });
    const changed = buildSpec({ interfaceServices: ['ecr.api', 'ecr.dkr', 'secretsmanager'], tags: [{ key: 'env', value: 'prod' }] });
    const actions = planChange(changed, observation);
    expect(new Set(actions.map((action) => action.kind))).toEqual(
      new Set(['revokeIngress', 'updateTags', 'authorizeIngress', 'createEndpoint', 'modifyEndpoint', 'deleteEndpoints', 'deleteSubnet']),
    );
    const stages = actions.map((action) => STAGE_OF[action.kind]);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    // The dependency the late stages exist for: endpoints out before their subnet goes.
    const lastIndexOf = (kind: Action['kind']) => actions.map((action) => action.kind).lastIndexOf(kind);
    const firstIndexOf = (kind: Action['kind']) => actions.findIndex((action) => action.kind === kind);
    expect(lastIndexOf('modifyEndpoint')).toBeLessThan(firstIndexOf('deleteSubnet'));
    expect(lastIndexOf('deleteEndpoints')).toBeLessThan(firstIndexOf('deleteSubnet'));
  });
});
