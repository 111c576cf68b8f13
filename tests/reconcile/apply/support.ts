/**
 * The executor on its own: the demo VPC in the simulator, resources this owner already has (made through EC2 with the
 * owner's tags, as an earlier run would have), and an ApplyContext wired to them, so a test hands applyPlan a plan of
 * its choosing and reads the result back from EC2.
 */
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import type { CreateEndpointAction } from '../../../lib/reconcile/actions';
import type { ApplyContext } from '../../../lib/reconcile/apply';
import type { Ec2Sender } from '../../../lib/ec2/paced-client';
import type { Owner } from '../../../lib/reconcile/ownership';
import { createLogger } from '../../../lib/protocol/logger';
import { Ec2Simulator, VirtualClock, type SimTiming } from '../../support/ec2-sim';
import { buildDemoWorld, type DemoWorld } from '../../support/ec2-sim/demo-world';

/** Literal owner tags, as deployed resources carry them (not built with the code's own helpers). */
export const OWNER: Owner = {
  physicalId: 'vpce-0123456789abcdef',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/11111111-2222-3333-4444-555555555555',
  logicalResourceId: 'Endpoints',
};
export const OWNER_TAGS = [
  { Key: 'vpce-provisioner:owner', Value: OWNER.physicalId },
  { Key: 'vpce-provisioner:stack-id', Value: OWNER.stackId },
  { Key: 'vpce-provisioner:logical-id', Value: OWNER.logicalResourceId },
];

export interface ApplyWorld {
  readonly sim: Ec2Simulator;
  readonly clock: VirtualClock;
  readonly demo: DemoWorld;
  readonly logs: string[];
  /** An ApplyContext on the demo VPC; `ownedIds` are the IDs the executor may modify or delete. */
  context(ownedIds: readonly string[], overrides?: Partial<ApplyContext>): ApplyContext;
  /** A security group this owner made earlier, admitting HTTPS from `cidrs`. */
  ownedGroup(cidrs: readonly string[]): Promise<string>;
  /** The CIDRs the group admits on TCP 443, sorted, as EC2 describes it. */
  httpsSources(groupId: string): Promise<string[]>;
  /** A mark in the simulator's call log, for writesSince. */
  mark(): number;
  /** Writes the simulator accepted since the mark. */
  writesSince(mark: number): { action: string; input: Record<string, unknown> }[];
}

export async function startApplyWorld(timing: Partial<SimTiming> = {}): Promise<ApplyWorld> {
  const clock = new VirtualClock();
  const sim = new Ec2Simulator({ clock, timing });
  const demo = await buildDemoWorld(sim);
  const logs: string[] = [];
  let groups = 0;
  // Ten minutes of working time from the start of the world, on the virtual clock: waits give up as they would in Lambda.
  const deadline = clock.now() + 600_000;
  return {
    sim,
    clock,
    demo,
    logs,
    context: (ownedIds, overrides = {}) => ({
      ec2: sim.client(),
      clock,
      owner: OWNER,
      vpcId: demo.vpcId,
      requestKey: 'stack/request-1',
      requestId: 'request-1',
      log: createLogger({}, (line) => logs.push(line)),
      remainingMs: () => deadline - clock.now(),
      subnetIdsByAz: new Map(),
      ownedIds: new Set(ownedIds),
      ...overrides,
    }),
    ownedGroup: async (cidrs) => {
      const created = await sim.call('CreateSecurityGroup', {
        VpcId: demo.vpcId,
        GroupName: `owned-${++groups}`,
        Description: 'made by an earlier run',
        TagSpecifications: [{ ResourceType: 'security-group', Tags: OWNER_TAGS }],
      });
      const groupId = created.GroupId as string;
      if (cidrs.length > 0) {
        await sim.call('AuthorizeSecurityGroupIngress', {
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) }],
        });
      }
      return groupId;
    },
    httpsSources: async (groupId) => {
      const output = await sim.call('DescribeSecurityGroups', { GroupIds: [groupId] });
      const group = (output.SecurityGroups as SecurityGroup[])[0];
      return (group?.IpPermissions ?? [])
        .filter((permission) => permission.IpProtocol === 'tcp' && permission.FromPort === 443)
        .flatMap((permission) => (permission.IpRanges ?? []).map((range) => range.CidrIp ?? ''))
        .sort();
    },
    mark: () => sim.calls.length,
    writesSince: (mark) =>
      sim.calls
        .slice(mark)
        .filter((record) => record.mutating && record.applied)
        .map((record) => ({ action: record.action, input: record.input })),
  };
}

/** An EC2 error as the SDK raises it: the code in `name`. */
export function ec2Error(code: string, message = `${code} (simulated)`): Error {
  const error = new Error(message);
  error.name = code;
  return error;
}

type CommandClass = new (...args: never[]) => object;

/** The world's client, except that the first call of each command class named fails with the error beside it. */
export function failingFirst(world: ApplyWorld, ...failures: readonly (readonly [CommandClass, Error])[]): Ec2Sender {
  const client = world.sim.client();
  const pending = new Map<CommandClass, Error>(failures);
  return {
    send: (command: Parameters<typeof client.send>[0]) => {
      for (const [commandClass, error] of pending) {
        if (command instanceof commandClass) {
          pending.delete(commandClass);
          return Promise.reject(error);
        }
      }
      return client.send(command);
    },
  };
}

/**
 * The world's client, except that each answer to a command of `commandClass` is handed to `rewrite` first: for states and
 * orders EC2 documents but the simulator's state machine does not produce on its own (a stale read, a block being
 * removed, another order).
 */
export function rewritingAnswers<Output>(world: ApplyWorld, commandClass: CommandClass, rewrite: (output: Output) => void): Ec2Sender {
  const client = world.sim.client();
  return {
    send: async (command: Parameters<typeof client.send>[0]) => {
      const output = await client.send(command);
      if (command instanceof commandClass) rewrite(output as unknown as Output);
      return output;
    },
  };
}

/** An endpoint subnet this owner made earlier in use1-az1 (10.0.250.0/28, free in the demo VPC). */
export async function ownedEndpointSubnet(world: ApplyWorld): Promise<string> {
  const subnet = await world.sim.call('CreateSubnet', {
    VpcId: world.demo.vpcId,
    AvailabilityZoneId: 'use1-az1',
    CidrBlock: '10.0.250.0/28',
    TagSpecifications: [{ ResourceType: 'subnet', Tags: OWNER_TAGS }],
  });
  return (subnet.Subnet as { SubnetId: string }).SubnetId;
}

/** The plan's action for an interface endpoint to CloudWatch Logs in use1-az1, private DNS off, with `changes`. */
export function logsEndpointAction(changes: Partial<CreateEndpointAction> = {}): CreateEndpointAction {
  return {
    kind: 'createEndpoint',
    service: 'logs',
    serviceName: 'com.amazonaws.us-east-1.logs',
    type: 'Interface',
    subnetAzIds: ['use1-az1'],
    routeTableIds: [],
    securityGroupIds: [],
    privateDnsEnabled: false,
    tags: [],
    ...changes,
  };
}
