import type { Action, CreateEndpointAction, CreateSubnetAction } from '../../../lib/reconcile/actions';
import { stageOf } from '../../../lib/reconcile/actions';
import { applyPlan } from '../../../lib/reconcile/apply';
import { actionNameOf, type Ec2Sender } from '../../../lib/ec2/paced-client';
import { logsEndpointAction, OWNER_TAGS, startApplyWorld } from './support';

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
