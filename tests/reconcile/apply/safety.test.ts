import type { Action } from '../../../lib/reconcile/actions';
import { applyPlan, OwnershipViolationError } from '../../../lib/reconcile/apply';
import { isTerminal, StaleDeliveryError } from '../../../lib/errors';
import { OWNER_TAGS, startApplyWorld } from './support';

/**
 * The executor's own guards, each of which the rest of the suite could not see fail (issue 15, item 2): it is handed
 * plans the planner would never make, and EC2 answers it never gets in an ordinary run.
 */
describe('the executor refuses a plan that names a resource it does not own', () => {
  const createSubnet: Action = { kind: 'createSubnet', azId: 'use1-az1', cidr: '10.0.255.0/28', prefixLength: 28, tags: [] };
  type Foreign = { sts: string; stsGroup: string; appSubnet: string };

  it.each<[string, (foreign: Foreign) => Action]>([
    ['deleting another team\'s endpoint', (foreign) => ({ kind: 'deleteEndpoints', endpointIds: [foreign.sts] })],
    ['modifying another team\'s endpoint', (foreign) => ({ kind: 'modifyEndpoint', endpointId: foreign.sts, service: 'sts', addSubnetAzIds: [], removeSubnetIds: [], addRouteTableIds: [], removeRouteTableIds: [], addSecurityGroupIds: [], removeSecurityGroupIds: [], privateDnsEnabled: false })],
    ['deleting an application subnet', (foreign) => ({ kind: 'deleteSubnet', subnetId: foreign.appSubnet, azId: 'use1-az1' })],
    ['deleting another team\'s group', (foreign) => ({ kind: 'deleteSecurityGroup', groupId: foreign.stsGroup })],
    ['revoking rules of another team\'s group', (foreign) => ({ kind: 'revokeIngress', groupId: foreign.stsGroup, cidrs: ['10.0.0.0/16'] })],
    ['adding rules to another team\'s group', (foreign) => ({ kind: 'authorizeIngress', groupId: foreign.stsGroup, cidrs: ['10.9.0.0/16'] })],
    ['retagging an application subnet', (foreign) => ({ kind: 'updateTags', resourceIds: [foreign.appSubnet], set: [{ key: 'Name', value: 'mine' }], removeKeys: [] })],
  ])('%s: a terminal OwnershipViolationError and zero writes, even for the harmless actions of earlier stages', async (_case, foreignAction) => {
    const world = await startApplyWorld();
    const stsGroup = ((await world.sim.call('DescribeSecurityGroups', { Filters: [{ Name: 'group-name', Values: ['sts-endpoint'] }] })).SecurityGroups as { GroupId: string }[])[0]?.GroupId as string;
    const foreign = { sts: world.demo.foreignEndpointId, stsGroup, appSubnet: world.demo.appSubnetIds[0] as string };
    const mark = world.mark();

    const outcome = applyPlan([createSubnet, foreignAction(foreign)], world.context([])).then(
      () => undefined,
      (error: unknown) => error,
    );

    const error = await outcome;
    expect(error).toBeInstanceOf(OwnershipViolationError);
    expect(isTerminal(error)).toBe(true);
    expect((error as Error).message).toContain('does not carry this resource\'s owner tags');
    expect(world.writesSince(mark)).toEqual([]);
  });
});

describe('DeleteVpcEndpoints failures reported per ID', () => {
  it('fails the Delete with each Unsuccessful item\'s code and message, other than not-found', async () => {
    const world = await startApplyWorld();
    const created = await world.sim.call('CreateVpcEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: world.demo.vpcId,
      ServiceName: 'com.amazonaws.us-east-1.s3',
      RouteTableIds: [world.demo.routeTableIds[0]],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: OWNER_TAGS }],
    });
    const endpointId = (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    const gone = 'vpce-0000000000000dead';
    world.sim.faults.deleteEndpointFailure = (id) => (id === endpointId ? { code: 'OperationNotPermitted', message: 'The endpoint cannot be deleted now.' } : undefined);

    const error = await applyPlan([{ kind: 'deleteEndpoints', endpointIds: [endpointId, gone] }], world.context([endpointId, gone])).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    expect(error?.message).toBe(`Could not delete endpoints: ${endpointId} (OperationNotPermitted: The endpoint cannot be deleted now.)`);
  });

  it('takes a not-found item as already deleted', async () => {
    const world = await startApplyWorld();
    const gone = 'vpce-0000000000000dead';

    const result = await applyPlan([{ kind: 'deleteEndpoints', endpointIds: [gone] }], world.context([gone]));

    expect(result.deletedEndpointIds).toEqual([gone]);
  });
});

describe('an endpoint EC2 returns for a reused client token', () => {
  // The apply world's RequestId (its requestKey, 'stack/request-1', binds the client tokens).
  const REQUEST_ID = 'request-1';

  it('is not taken as created when it is already deleted', async () => {
    const world = await startApplyWorld();
    const createS3: Action = {
      kind: 'createEndpoint',
      service: 's3',
      serviceName: 'com.amazonaws.us-east-1.s3',
      type: 'Gateway',
      subnetAzIds: [],
      routeTableIds: [world.demo.routeTableIds[0] as string],
      securityGroupIds: [],
      tags: [{ key: 'vpce-provisioner:owner', value: 'vpce-0123456789abcdef' }],
    };
    const first = await applyPlan([createS3], world.context([]));
    const [endpointId] = first.createdEndpointIds;
    expect(endpointId).toMatch(/^vpce-/);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [endpointId] });

    // The same request delivered again: same token, and EC2 answers with the endpoint it made then, now deleted.
    const error = await applyPlan([createS3], world.context([])).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    // Terminal, and saying what happened and what helps: a retry of the same request meets the same answer.
    expect(error).toBeInstanceOf(StaleDeliveryError);
    expect(isTerminal(error)).toBe(true);
    expect(error?.message).toContain(`Repeated delivery of an old request (RequestId ${REQUEST_ID}): EC2 answered its CreateVpcEndpoint for s3 with ${endpointId}`);
    expect(error?.message).toContain('give the event a new RequestId');
  });
});
