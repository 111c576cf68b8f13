import type { Action } from '../../../lib/reconcile/actions';
import { applyPlan } from '../../../lib/reconcile/apply';
import { idsOfNotFoundKind } from '../../../lib/ec2/errors';
import { PreconditionFailedError } from '../../../lib/errors';
import { logsEndpointAction, startApplyWorld } from './support';

/**
 * EC2 may answer NotFound for an ID it has just returned (EC2 Developer Guide, "Eventual consistency in the Amazon EC2
 * API"). The executor sends again for IDs of its own, and never for anyone else's.
 */
describe('calls naming an ID EC2 does not know yet', () => {
  const endpointInGroup = (groupId: string): Action[] => [
    logsEndpointAction({ securityGroupIds: [groupId], tags: [{ key: 'vpce-provisioner:owner', value: 'vpce-0123456789abcdef' }] }),
    { kind: 'authorizeIngress', groupId, cidrs: ['10.0.0.0/20'] },
  ];

  it('sends again, with back-off, until a group of its own is known, then succeeds', async () => {
    const world = await startApplyWorld({ propagationDelayMs: 5_000 });
    const groupId = await world.ownedGroup([]);
    const subnetId = world.demo.appSubnetIds[0] as string;
    const mark = world.mark();

    const result = await applyPlan(endpointInGroup(groupId), world.context([groupId], { subnetIdsByAz: new Map([['use1-az1', subnetId]]) }));

    expect(result.createdEndpointIds).toHaveLength(1);
    const attempts = world.sim.calls.slice(mark).filter((call) => call.action === 'CreateVpcEndpoint').map((call) => call.outcome);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts[0]).toBe('InvalidGroup.NotFound');
    expect(attempts[attempts.length - 1]).toBe('ok');
    expect(await world.httpsSources(groupId)).toEqual(['10.0.0.0/20']);
  });

  it('sends again while an endpoint call answers a subnet of its own not found, in the lower-case spelling', async () => {
    const world = await startApplyWorld({ propagationDelayMs: 5_000 });
    const created = await world.sim.call('CreateSubnet', {
      VpcId: world.demo.vpcId,
      AvailabilityZoneId: 'use1-az1',
      CidrBlock: '10.0.250.0/28',
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'vpce-provisioner:owner', Value: 'vpce-0123456789abcdef' }] }],
    });
    const subnetId = (created.Subnet as { SubnetId: string }).SubnetId;
    const mark = world.mark();

    const result = await applyPlan([logsEndpointAction()], world.context([subnetId], { subnetIdsByAz: new Map([['use1-az1', subnetId]]) }));

    expect(result.createdEndpointIds).toHaveLength(1);
    const attempts = world.sim.calls.slice(mark).filter((call) => call.action === 'CreateVpcEndpoint').map((call) => call.outcome);
    expect(attempts[0]).toBe('InvalidSubnetId.NotFound');
    expect(attempts[attempts.length - 1]).toBe('ok');
  });

  it('does not send again for a group that is not its own: the user\'s missing group fails at once', async () => {
    const world = await startApplyWorld({ propagationDelayMs: 5_000 });
    const subnetId = world.demo.appSubnetIds[0] as string;
    const [createEndpoint] = endpointInGroup('sg-0000000000000dead');
    const start = world.clock.now();
    const mark = world.mark();

    const error = await applyPlan([createEndpoint as Action], world.context([], { subnetIdsByAz: new Map([['use1-az1', subnetId]]) })).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(world.sim.calls.slice(mark).filter((call) => call.action === 'CreateVpcEndpoint')).toHaveLength(1);
    expect(world.clock.now() - start).toBe(0);
  });
});

describe('which IDs a NotFound error is about', () => {
  const error = (name: string) => Object.assign(new Error('not found'), { name });
  const ids = ['sg-0aaa', 'subnet-0bbb', 'vpce-0ccc', 'rtb-0ddd'];

  it.each([
    ['InvalidGroup.NotFound', ['sg-0aaa']],
    ['InvalidSecurityGroupID.NotFound', ['sg-0aaa']],
    ['InvalidSubnetID.NotFound', ['subnet-0bbb']],
    // The endpoint calls' spelling (EC2 API reference, "Error codes").
    ['InvalidSubnetId.NotFound', ['subnet-0bbb']],
    ['InvalidVpcEndpointId.NotFound', ['vpce-0ccc']],
    ['InvalidVpcEndpoint.NotFound', ['vpce-0ccc']],
    ['InvalidRouteTableID.NotFound', []],
    ['DependencyViolation', []],
  ])('%s → %j', (code, expected) => {
    expect(idsOfNotFoundKind(error(code), ids)).toEqual(expected);
  });
});
