/**
 * What the planner does around resources it does not own: other gateway endpoints, other private-DNS endpoints, and
 * resources that look like its own without carrying all of its tags. Every plan here also goes through the shared
 * ownership check (planOk), which is itself tested last.
 */
import type { Action } from '../../lib/reconcile/actions';
import { ObservationBuilder, TEST_AZ_IDS, TEST_OWNER, fullServiceName, ownerTagRecord } from '../support/observation-builder';
import { buildSpec, TEST_APP_SUBNET_IDS } from '../support/spec-builder';
import { actionsOf, convergedObservation, expectOnlyOwnedTargets, planOk } from './support/plan-invariants';

const [AZ1, AZ2, AZ3] = TEST_AZ_IDS as [string, string, string];
const FOREIGN_STS = 'vpce-0000000000foreign1';

describe('planConvergence: foreign gateway endpoints', () => {
  it('skips a route table another s3 gateway endpoint already serves, and reports it', () => {
    const observation = ObservationBuilder.standard()
      .withForeignEndpoint({ endpointId: 'vpce-00000000000s3team', type: 'Gateway', serviceName: fullServiceName('s3'), routeTableIds: ['rtb-000000000000app02'] })
      .build();
    const plan = planOk(buildSpec(), observation);
    const gateways = actionsOf(plan.actions, 'createEndpoint').filter((action) => action.type === 'Gateway');
    expect(gateways.map((action) => action.routeTableIds)).toEqual([['rtb-00000000000000main', 'rtb-000000000000app01']]);
    expect(plan.desired.skippedRouteTables).toEqual([{ service: 's3', routeTableId: 'rtb-000000000000app02', endpointId: 'vpce-00000000000s3team' }]);
  });

  it('creates no gateway endpoint when other endpoints serve every app route table', () => {
    const observation = ObservationBuilder.standard()
      .withForeignEndpoint({
        endpointId: 'vpce-00000000000s3team',
        type: 'Gateway',
        serviceName: fullServiceName('s3'),
        routeTableIds: ['rtb-00000000000000main', 'rtb-000000000000app01', 'rtb-000000000000app02'],
      })
      .build();
    const plan = planOk(buildSpec(), observation);
    expect(actionsOf(plan.actions, 'createEndpoint').map((action) => action.service)).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    expect(plan.desired.skippedRouteTables).toHaveLength(3);
  });

  it('ignores a foreign gateway endpoint of another service on the same table', () => {
    const observation = ObservationBuilder.standard()
      .withForeignEndpoint({ endpointId: 'vpce-000000000000ddb01', type: 'Gateway', serviceName: fullServiceName('dynamodb'), routeTableIds: ['rtb-000000000000app01'] })
      .build();
    const plan = planOk(buildSpec(), observation);
    expect(plan.desired.skippedRouteTables).toEqual([]);
    expect(actionsOf(plan.actions, 'createEndpoint').find((action) => action.type === 'Gateway')?.routeTableIds).toContain('rtb-000000000000app01');
  });
});

describe('planConvergence: foreign private-DNS endpoints', () => {
  it('reuses a foreign private-DNS endpoint when ExistingEndpoints is reuse: no endpoint of its own for that service', () => {
    const spec = buildSpec({ interfaceServices: ['ecr.api', 'sts'], existingEndpoints: 'reuse' });
    const plan = planOk(spec, ObservationBuilder.standard().build());
    expect(actionsOf(plan.actions, 'createEndpoint').map((action) => action.service)).toEqual(['s3', 'ecr.api']);
    expect(plan.desired.reusedEndpoints).toEqual([
      { service: 'sts', shortName: 'sts', endpointId: FOREIGN_STS, dnsNames: [expect.stringContaining(FOREIGN_STS)] },
    ]);
  });

  it('creates its own endpoint when the foreign one is being deleted', () => {
    const observation = ObservationBuilder.standard()
      .withInterfaceService('ssm')
      .withForeignEndpoint({ endpointId: 'vpce-0000000000000ssm1', serviceName: fullServiceName('ssm'), privateDnsEnabled: true, state: 'deleting' })
      .build();
    const plan = planOk(buildSpec({ interfaceServices: ['ssm'], existingEndpoints: 'reuse' }), observation);
    expect(plan.desired.reusedEndpoints).toEqual([]);
    expect(actionsOf(plan.actions, 'createEndpoint').map((action) => action.service)).toEqual(['s3', 'ssm']);
  });

  it('creates its own endpoint next to a foreign one when private DNS is off', () => {
    const plan = planOk(buildSpec({ interfaceServices: ['sts'], privateDnsEnabled: false }), ObservationBuilder.standard().build());
    expect(plan.desired.reusedEndpoints).toEqual([]);
    expect(actionsOf(plan.actions, 'createEndpoint').find((action) => action.type === 'Interface')).toMatchObject({ service: 'sts', privateDnsEnabled: false });
  });
});

describe('planConvergence: resources that look like its own', () => {
  // Each row: tags that share some of the owner's values. Only all three ownership tags together make a resource ours.
  const lookalikes: { name: string; tags: Record<string, string> }[] = [
    { name: 'the owner tag alone', tags: { ['vpce-provisioner:owner']: TEST_OWNER.physicalId } },
    { name: 'another stack', tags: { ...ownerTagRecord(TEST_OWNER), ['vpce-provisioner:stack-id']: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/copy/1' } },
    { name: 'another logical ID', tags: { ...ownerTagRecord(TEST_OWNER), ['vpce-provisioner:logical-id']: 'OtherEndpoints' } },
    { name: 'another physical ID', tags: { ...ownerTagRecord(TEST_OWNER), ['vpce-provisioner:owner']: 'vpce-provisioner-00000000' } },
  ];

  it.each(lookalikes)('neither keeps nor touches a subnet and an endpoint tagged with $name', ({ tags }) => {
    const observation = ObservationBuilder.standard()
      .withSubnet({ subnetId: 'subnet-000000000000look1', azId: AZ2, cidr: '10.0.200.0/28', tags: { ...tags, ['vpce-provisioner:az-id']: AZ2 } })
      .withForeignEndpoint({ endpointId: 'vpce-0000000000000look1', serviceName: fullServiceName('logs'), subnetIds: ['subnet-000000000000look1'], tags })
      .build();
    const plan = planOk(buildSpec(), observation);
    expect(plan.owned).toEqual({ subnets: [], securityGroups: [], endpoints: [] });
    expect(actionsOf(plan.actions, 'createSubnet').map((action) => action.azId)).toEqual([AZ1, AZ2, AZ3]);
    expect(actionsOf(plan.actions, 'createEndpoint').map((action) => action.service)).toContain('logs');
  });

  it('leaves foreign resources alone on every later plan too', () => {
    const spec = buildSpec({ interfaceServices: ['logs'] });
    const observation = ObservationBuilder.standard()
      .withForeignEndpoint({ endpointId: 'vpce-0000000000000look1', serviceName: fullServiceName('logs'), tags: lookalikes[1]!.tags })
      .build();
    const converged = convergedObservation(spec, observation);
    // Remove every service and every AZ but one: the plan deletes much, all of it ours.
    const shrunk = { ...converged, appSubnets: converged.appSubnets.slice(0, 1) };
    const plan = planOk(buildSpec({ interfaceServices: [], gatewayServices: [], subnetIds: TEST_APP_SUBNET_IDS.slice(0, 1) }), shrunk);
    const ours = converged.endpoints.filter((endpoint) => endpoint.tags['vpce-provisioner:owner'] === TEST_OWNER.physicalId && endpoint.tags['vpce-provisioner:stack-id'] === TEST_OWNER.stackId);
    expect(actionsOf(plan.actions, 'deleteEndpoints')).toEqual([{ kind: 'deleteEndpoints', endpointIds: ours.map((endpoint) => endpoint.endpointId).sort() }]);
    expect(actionsOf(plan.actions, 'deleteSubnet').map((action) => action.azId)).toEqual(expect.arrayContaining([AZ2, AZ3]));
    expect(actionsOf(plan.actions, 'deleteSecurityGroup')).toHaveLength(1);
  });
});

describe('the shared ownership check', () => {
  const spec = buildSpec({ securityGroupIds: ['sg-0user00000000001'] });
  const observation = ObservationBuilder.standard().build();
  const [app1] = TEST_APP_SUBNET_IDS as [string];
  const violations: { name: string; action: Action }[] = [
    { name: 'deleting an app subnet', action: { kind: 'deleteSubnet', subnetId: app1, azId: AZ1 } },
    { name: "deleting another provisioner's endpoint", action: { kind: 'deleteEndpoints', endpointIds: ['vpce-0000000000foreign3'] } },
    { name: 'revoking on a user group', action: { kind: 'revokeIngress', groupId: 'sg-0user00000000001', cidrs: ['10.0.0.0/20'] } },
    { name: 'tagging a foreign endpoint', action: { kind: 'updateTags', resourceIds: [FOREIGN_STS], set: [], removeKeys: ['team'] } },
    { name: 'deleting an unknown group', action: { kind: 'deleteSecurityGroup', groupId: 'sg-0nobody0000000001' } },
  ];

  it.each(violations)('fails on $name', ({ action }) => {
    expect(() => expectOnlyOwnedTargets([action], observation, spec, TEST_OWNER)).toThrow();
  });
});
