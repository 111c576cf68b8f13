/**
 * planRemoval (Delete) and the small pure helpers of the planner: ownership selection, the group name, policy
 * equivalence and the stage order.
 */
import { STAGE_OF, type Action } from '../../lib/reconcile/actions';
import type { ObservedEndpoint } from '../../lib/reconcile/observed';
import { ownedResources, planRemoval, securityGroupName, type OwnedResources } from '../../lib/reconcile/plan';
import { policiesEquivalent } from '../../lib/reconcile/policy-comparison';
import { ObservationBuilder, OTHER_OWNER, TEST_OWNER, ownerTagRecord } from '../support/observation-builder';
import { buildSpec } from '../support/spec-builder';
import { applyToObservation } from './support/apply-to-observation';
import { convergedObservation, expectOnlyOwnedTargets, expectStageOrder } from './support/plan-invariants';

const spec = buildSpec();
const start = ObservationBuilder.standard().build();
const converged = convergedObservation(spec, start);
const owned = ownedResources(converged, TEST_OWNER);

describe('planRemoval', () => {
  const actions = planRemoval(owned);

  it('deletes every owned endpoint in one call, then the subnets and the group', () => {
    expect(actions).toEqual([
      { kind: 'deleteEndpoints', endpointIds: owned.endpoints.map((endpoint) => endpoint.endpointId).sort() },
      ...owned.subnets.map((subnet) => ({ kind: 'deleteSubnet', subnetId: subnet.subnetId, azId: subnet.azId })),
      ...owned.securityGroups.map((group) => ({ kind: 'deleteSecurityGroup', groupId: group.groupId })),
    ]);
    expect(owned.endpoints).toHaveLength(4);
    expect(owned.subnets).toHaveLength(3);
  });

  it('is in stage order and targets only owned resources', () => {
    expectStageOrder(actions);
    expectOnlyOwnedTargets(actions, converged, spec, TEST_OWNER);
  });

  it('leaves the VPC as it was before the resource existed', () => {
    const after = applyToObservation(converged, actions, TEST_OWNER);
    expect(ownedResources(after, TEST_OWNER)).toEqual({ subnets: [], securityGroups: [], endpoints: [] });
    expect(after.vpcSubnets).toEqual(start.vpcSubnets);
    expect(after.endpoints).toEqual(start.endpoints);
  });

  const withStates = (states: string[]): OwnedResources => ({
    ...owned,
    endpoints: owned.endpoints.map((endpoint, index): ObservedEndpoint => ({ ...endpoint, state: states[index] ?? endpoint.state })),
  });

  // Each row: the states of the four owned endpoints, and which of them (by index) the removal deletes.
  const cases: { states: string[]; deleted: number[] }[] = [
    { states: ['deleting', 'available', 'failed', 'pending'], deleted: [1, 2, 3] },
    { states: ['deleting', 'deleted', 'available', 'available'], deleted: [2, 3] },
    { states: ['deleting', 'deleting', 'deleting', 'deleting'], deleted: [] },
  ];

  it.each(cases)('skips endpoints already going: $states', ({ states, deleted }) => {
    const removal = planRemoval(withStates(states));
    const expectedIds = deleted.map((index) => owned.endpoints[index]?.endpointId as string).sort();
    const deletes = removal.filter((action): action is Extract<Action, { kind: 'deleteEndpoints' }> => action.kind === 'deleteEndpoints');
    expect(deletes).toEqual(expectedIds.length > 0 ? [{ kind: 'deleteEndpoints', endpointIds: expectedIds }] : []);
    expect(removal.filter((action) => action.kind === 'deleteSubnet')).toHaveLength(3);
    expectStageOrder(removal);
  });

  it('plans nothing when nothing is owned', () => {
    expect(planRemoval(ownedResources(start, TEST_OWNER))).toEqual([]);
  });
});

describe('ownedResources', () => {
  it("selects exactly the resources carrying all three of the owner's tags", () => {
    expect(owned.subnets.every((subnet) => subnet.tags['vpce-provisioner:az-id'] === subnet.azId)).toBe(true);
    expect(owned.endpoints.map((endpoint) => endpoint.tags['vpce-provisioner:service'])).toEqual(['s3', 'ecr.api', 'ecr.dkr', 'logs']);
    expect(owned.securityGroups).toHaveLength(1);
    // The standard VPC holds another provisioner's subnet and endpoint: they are that owner's, not ours.
    const others = ownedResources(converged, OTHER_OWNER);
    expect(others.subnets.map((subnet) => subnet.subnetId)).toEqual(['subnet-0000000000other1']);
    expect(others.endpoints.map((endpoint) => endpoint.endpointId)).toEqual(['vpce-0000000000foreign3']);
  });

  it.each([
    ['all three tags', ownerTagRecord(TEST_OWNER), true],
    ['all three tags and more', ownerTagRecord(TEST_OWNER, { team: 'x' }), true],
    ['no owner tag', { ...ownerTagRecord(TEST_OWNER), ['vpce-provisioner:owner']: '' }, false],
    ['another stack', ownerTagRecord({ ...TEST_OWNER, stackId: OTHER_OWNER.stackId }), false],
    ['another logical ID', ownerTagRecord({ ...TEST_OWNER, logicalResourceId: 'Other' }), false],
    ['no tags', {}, false],
  ] as const)('counts an endpoint with %s as owned: %s', (_name, tags, expected) => {
    const observation = ObservationBuilder.bareVpc().withForeignEndpoint({ endpointId: 'vpce-00000000000000001', serviceName: 'com.amazonaws.eu-west-1.logs', tags }).build();
    expect(ownedResources(observation, TEST_OWNER).endpoints).toHaveLength(expected ? 1 : 0);
  });
});

describe('securityGroupName', () => {
  it('derives the name from the physical ID, so a repeated create collides instead of duplicating', () => {
    expect(securityGroupName(TEST_OWNER)).toBe(`${TEST_OWNER.physicalId}-endpoints`);
    expect(securityGroupName(TEST_OWNER)).not.toBe(securityGroupName(OTHER_OWNER));
  });

  it('stays within the 255 characters EC2 allows', () => {
    const name = securityGroupName({ ...TEST_OWNER, physicalId: 'x'.repeat(400) });
    expect(name).toHaveLength(255);
    expect(name.startsWith('xxx')).toBe(true);
  });
});

describe('policiesEquivalent', () => {
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}';
  const cases: [string, string | undefined, string | undefined, boolean][] = [
    ['identical text', policy, policy, true],
    ['keys reordered at every level', policy, '{"Statement":[{"Resource":"*","Action":["s3:GetObject","s3:ListBucket"],"Principal":"*","Effect":"Allow"}],"Version":"2012-10-17"}', true],
    ['white space and indentation', policy, JSON.stringify(JSON.parse(policy), null, 4), true],
    ['a value changed', policy, policy.replace('s3:ListBucket', 's3:PutObject'), false],
    ['array order changed (order is meaning in JSON arrays)', policy, policy.replace('"s3:GetObject","s3:ListBucket"', '"s3:ListBucket","s3:GetObject"'), false],
    ['a key added', policy, policy.replace('"Effect"', '"Sid":"A","Effect"'), false],
    ['a string against a number', '{"a":"1"}', '{"a":1}', false],
    ['both undefined', undefined, undefined, true],
    ['one undefined', policy, undefined, false],
    ['the same invalid JSON', '{not json', '{not json', true],
    ['different invalid JSON', '{not json', '{not json!', false],
    ['invalid against valid', '{not json', policy, false],
  ];

  it.each(cases)('%s → %s', (_name, a, b, expected) => {
    expect(policiesEquivalent(a, b)).toBe(expected);
    expect(policiesEquivalent(b, a)).toBe(expected);
  });
});

describe('STAGE_OF', () => {
  // Each row: an action that must run strictly before another, and why.
  const before: [Action['kind'], Action['kind'], string][] = [
    ['createSubnet', 'createEndpoint', 'an endpoint is placed in the subnet'],
    ['createSubnet', 'modifyEndpoint', 'an added AZ names the new subnet'],
    ['createSecurityGroup', 'authorizeIngress', 'rules go on the group'],
    ['createSecurityGroup', 'createEndpoint', 'the endpoint uses the group'],
    ['modifyEndpoint', 'deleteSubnet', 'a subnet leaves the endpoint before it is deleted'],
    ['deleteEndpoints', 'deleteSubnet', 'endpoint interfaces hold the subnet'],
    ['deleteEndpoints', 'deleteSecurityGroup', 'endpoints hold the group'],
    ['createEndpoint', 'deleteEndpoints', 'a replacement is created before the dead endpoint goes'],
  ];

  it.each(before)('%s runs before %s (%s)', (first, second) => {
    expect(STAGE_OF[first]).toBeLessThan(STAGE_OF[second]);
  });

  it('gives every action kind a stage', () => {
    const kinds: Action['kind'][] = [
      'createSubnet',
      'createSecurityGroup',
      'authorizeIngress',
      'revokeIngress',
      'updateTags',
      'createEndpoint',
      'modifyEndpoint',
      'deleteEndpoints',
      'deleteSubnet',
      'deleteSecurityGroup',
    ];
    expect(Object.keys(STAGE_OF).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) expect(Number.isInteger(STAGE_OF[kind])).toBe(true);
  });
});
