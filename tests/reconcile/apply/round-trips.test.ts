import type { Action, CreateEndpointAction, CreateSubnetAction } from '../../../lib/reconcile/actions';
import { stageOf } from '../../../lib/reconcile/actions';
import { applyPlan } from '../../../lib/reconcile/apply';
import { actionNameOf, type Ec2Sender } from '../../../lib/ec2/paced-client';
import { DeleteSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { ec2Error, failingFirst, logsEndpointAction, ownedEndpointSubnet, OWNER_TAGS, startApplyWorld } from './support';

/**
 * Issue 22, item 11: round trips a plan does not need. Each test pins an order the executor must keep or a wait it must
 * not make; the bench (npm run bench) shows what each saves.
 */

const TAGS = OWNER_TAGS.map((tag) => ({ key: tag.Key, value: tag.Value }));

function s3Gateway(routeTableIds: readonly string[]): CreateEndpointAction {
  return {
    kind: 'createEndpoint',
    service: 's3',
    serviceName: 'com.amazonaws.us-east-1.s3',
    type: 'Gateway',
    subnetAzIds: [],
    routeTableIds,
    securityGroupIds: [],
    tags: TAGS,
  };
}

function endpointSubnet(azId: string, cidr: string): CreateSubnetAction {
  return { kind: 'createSubnet', azId, cidr, prefixLength: 28, tags: TAGS };
}

/** Passes calls through, recording when each was sent and when its answer came back. */
function timeline(client: Ec2Sender, events: string[]): Ec2Sender {
  return {
    async send(command) {
      const name = `${actionNameOf(command)}${command.input?.VpcEndpointType ? ` ${command.input.VpcEndpointType}` : ''}`;
      events.push(`send ${name}`);
      const output = await client.send(command);
      events.push(`done ${name}`);
      return output;
    },
  };
}

describe('a gateway endpoint is created in the first round, beside the subnets', () => {
  it('runs in the stage of the subnets, before the interface endpoints that need them', () => {
    // Prepare
    const gateway = s3Gateway(['rtb-0a1b2c3d']);
    const interfaceEndpoint = logsEndpointAction();
    // Act
    const stages = { gateway: stageOf(gateway), subnet: stageOf(endpointSubnet('use1-az1', '10.0.250.0/28')), interface: stageOf(interfaceEndpoint) };
    // Assess
    expect(stages.gateway).toBe(stages.subnet);
    expect(stages.gateway).toBeLessThan(stages.interface);
  });

  it('sends its CreateVpcEndpoint before the subnets are made, and the interface endpoint only after', async () => {
    // Prepare: EC2 takes 100 ms per call, so a call in the same round is sent before the round's first answer.
    const world = await startApplyWorld({ latencyMs: 100 });
    const events: string[] = [];
    const actions: Action[] = [endpointSubnet('use1-az1', '10.0.250.0/28'), logsEndpointAction({ tags: TAGS }), s3Gateway([world.demo.routeTableIds[0] as string])];
    const sortedByStage = [...actions].sort((a, b) => stageOf(a) - stageOf(b));
    const mark = world.mark();
    // Act
    await applyPlan(sortedByStage, world.context([], { ec2: timeline(world.sim.client(), events) }));
    // Assess
    expect(events.indexOf('send CreateVpcEndpoint Gateway')).toBeLessThan(events.indexOf('done CreateSubnet'));
    expect(events.indexOf('send CreateVpcEndpoint Interface')).toBeGreaterThan(events.indexOf('done CreateSubnet'));
    expect(world.writesSince(mark).map((write) => write.action).sort()).toEqual(['CreateSubnet', 'CreateVpcEndpoint', 'CreateVpcEndpoint']);
  });
});

describe('a gateway endpoint waits for subnets an IPAM pool may refuse', () => {
  it('runs after the subnets when the action says so', () => {
    expect(stageOf({ ...s3Gateway(['rtb-0a1b2c3d']), afterSubnets: true })).toBeGreaterThan(stageOf(endpointSubnet('use1-az1', '10.0.250.0/28')));
  });
});

describe('the managed group is deleted together with the endpoint subnets', () => {
  it('tries the group again at once when its call came a moment before the last subnet went, not a poll later', async () => {
    // Prepare: EC2 refuses the group's first deletion as in use (its call reached EC2 just before the last endpoint ENI
    // went), while the subnet's, a moment later, succeeds.
    const world = await startApplyWorld({ latencyMs: 100 });
    const subnetId = await ownedEndpointSubnet(world);
    const groupId = await world.ownedGroup([]);
    const ec2 = failingFirst(world, [DeleteSecurityGroupCommand, ec2Error('DependencyViolation', `resource ${groupId} has a dependent object`)]);
    const startedAt = world.clock.now();
    const mark = world.mark();
    // Act
    await applyPlan(
      [
        { kind: 'deleteSubnet', subnetId, azId: 'use1-az1' },
        { kind: 'deleteSecurityGroup', groupId },
      ],
      world.context([subnetId, groupId], { ec2 }),
    );
    // Assess: two rounds of 100 ms (the subnet with the refused group, then the group), no 2-second poll in between.
    expect(world.writesSince(mark).map((write) => write.action).sort()).toEqual(['DeleteSecurityGroup', 'DeleteSubnet']);
    expect(world.clock.now() - startedAt).toBe(200);
  });

  it('sends the deletions of the subnets and the group in the same round, each time it tries', async () => {
    // Prepare: an endpoint of this owner in the subnet, deleted by the plan; its ENI lingers after it is gone.
    const world = await startApplyWorld({ latencyMs: 100, endpointDeleteMs: 0, eniLingerMs: 7_000 });
    const subnetId = await ownedEndpointSubnet(world);
    const groupId = await world.ownedGroup([]);
    const created = await world.sim.call('CreateVpcEndpoint', {
      VpcId: world.demo.vpcId,
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.logs',
      SubnetIds: [subnetId],
      SecurityGroupIds: [groupId],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: OWNER_TAGS }],
    });
    const endpointId = (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    const mark = world.mark();
    // Act
    await applyPlan(
      [
        { kind: 'deleteEndpoints', endpointIds: [endpointId] },
        { kind: 'deleteSubnet', subnetId, azId: 'use1-az1' },
        { kind: 'deleteSecurityGroup', groupId },
      ],
      world.context([subnetId, groupId, endpointId]),
    );
    // Assess: every try of the subnet has a try of the group at the same instant, the successful one included.
    const tries = world.sim.calls.slice(mark).filter((call) => call.action === 'DeleteSubnet' || call.action === 'DeleteSecurityGroup');
    const at = (action: string) => tries.filter((call) => call.action === action).map((call) => call.at);
    expect(at('DeleteSecurityGroup')).toEqual(at('DeleteSubnet'));
    expect(tries.filter((call) => call.outcome === 'ok').map((call) => call.action).sort()).toEqual(['DeleteSecurityGroup', 'DeleteSubnet']);
  });
});

describe('the subnets and the group are tried right after the endpoints are deleted', () => {
  async function worldWithEndpoint(timing: { endpointDeleteMs: number; eniLingerMs: number }) {
    const world = await startApplyWorld({ latencyMs: 100, ...timing });
    const subnetId = await ownedEndpointSubnet(world);
    const groupId = await world.ownedGroup([]);
    const created = await world.sim.call('CreateVpcEndpoint', {
      VpcId: world.demo.vpcId,
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.logs',
      SubnetIds: [subnetId],
      SecurityGroupIds: [groupId],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: OWNER_TAGS }],
    });
    const endpointId = (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    const actions: Action[] = [
      { kind: 'deleteEndpoints', endpointIds: [endpointId] },
      { kind: 'deleteSubnet', subnetId, azId: 'use1-az1' },
      { kind: 'deleteSecurityGroup', groupId },
    ];
    return { world, actions, context: world.context([subnetId, groupId, endpointId]) };
  }

  it('takes two rounds when EC2 deletes the endpoint and its interface at once: no poll of the endpoints first', async () => {
    // Prepare
    const { world, actions, context } = await worldWithEndpoint({ endpointDeleteMs: 0, eniLingerMs: 0 });
    const startedAt = world.clock.now();
    // Act
    await applyPlan(actions, context);
    // Assess: DeleteVpcEndpoints, then the subnet and the group side by side.
    expect(world.clock.now() - startedAt).toBe(200);
  });

  it('polls only the endpoints while they are still being deleted, and tries the subnets and group again once they are', async () => {
    // Prepare: the endpoint takes 30 s to delete; its interface goes with it.
    const { world, actions, context } = await worldWithEndpoint({ endpointDeleteMs: 30_000, eniLingerMs: 0 });
    const mark = world.mark();
    // Act
    await applyPlan(actions, context);
    // Assess: one try right after DeleteVpcEndpoints (refused), none while the endpoint reads `deleting`, one that works.
    const tries = world.sim.calls.slice(mark).filter((call) => call.action === 'DeleteSubnet' || call.action === 'DeleteSecurityGroup');
    expect(tries.map((call) => `${call.action} ${call.outcome}`)).toEqual([
      'DeleteSubnet DependencyViolation',
      'DeleteSecurityGroup DependencyViolation',
      'DeleteSubnet ok',
      'DeleteSecurityGroup ok',
    ]);
  });
});
