/**
 * One simulated world for lifecycle tests: a virtual clock, the EC2 simulator with the demo VPC, the CloudFormation
 * driver receiving the answers, and the handler wired to them exactly as handler/index.ts wires the real clients.
 */
import type { Context } from 'aws-lambda';
import { actionNameOf } from '../../lib/ec2/paced-client';
import { handleCustomResourceEvent } from '../../lib/lifecycle';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { partitionOfRegion } from '../../lib/protocol/partitions';
import { deniedRequests, recordInLedger, providerRoleAt, requestsOf, rolesAt, tagsOfNamed } from './authorization/prove';
import type { RecordedServiceCall } from './authorization/read-checks';
import type { RecordedEc2Call } from './authorization/requests';
import { CloudFormationDriver, type RecordedResponse } from './cfn-driver';
import { Ec2Simulator, EVENTUAL_CONSISTENCY, VirtualClock, type SimTiming, type ZoneOptions } from './ec2-sim';
import type { EndpointServiceDefinition } from './ec2-sim/catalogue';
import { buildDemoWorld, type DemoWorld } from './ec2-sim/demo-world';
import { fakeContext } from './lambda-context';

export interface ScenarioOptions {
  /** On top of EVENTUAL_CONSISTENCY, which every scenario has unless `timing` sets its delays otherwise. */
  timing?: Partial<SimTiming>;
  /** Zone names and IDs of the simulated region (for example, another name order for the account). */
  azs?: ZoneOptions;
  /**
   * `false`: the provider has no way to hand over, so running out of time answers FAILED. `'refused'`: Lambda refuses
   * every hand-over (the asynchronous Invoke fails).
   */
  continuations?: boolean | 'refused';
  /** Every EC2 call the provider sends is recorded and never answered: a network path that loses the replies. */
  ec2NeverAnswers?: boolean;
  /** The region's endpoint-services catalogue; default the simulator's. */
  services?: readonly EndpointServiceDefinition[];
  /** The simulated Region; default the simulator's (`us-east-1`). Stacks for it come from `cfn.createEvent(…, { region })`. */
  region?: string;
}

export interface Scenario {
  readonly clock: VirtualClock;
  readonly sim: Ec2Simulator;
  readonly world: DemoWorld;
  readonly cfn: CloudFormationDriver;
  /** Every log line the handler wrote. */
  readonly logs: string[];
  /** Events the handler handed to a fresh invocation of itself. */
  readonly continuations: CustomResourceEvent[];
  /** Every EC2 command the provider sent (not the test's own world-building calls). */
  readonly providerCalls: { action: string; input: Record<string, unknown>; accountId?: string }[];
  /** Every Route 53 and Service Quotas command the provider sent (the read checks). */
  readonly serviceCalls: RecordedServiceCall[];
  readonly handler: (event: CustomResourceEvent, context: Context) => Promise<void>;
  /** Runs the handler with a fresh Lambda context on the virtual clock and returns the answer it PUT, if any. */
  invoke(event: CustomResourceEvent, options?: { timeoutMs?: number }): Promise<RecordedResponse | undefined>;
  /** The properties of a resource on the demo VPC. */
  properties(overrides?: Record<string, unknown>): Record<string, unknown>;
  /**
   * Stops the driver, and fails if the provider ever modified, deleted or retagged a resource it had not created itself
   * in this scenario — so that no scenario forgets to check that foreign resources are never touched.
   */
  close(): Promise<void>;
}

/** A deterministic stand-in for Math.random (jitter), so scenario runs repeat exactly. */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const clock = new VirtualClock();
  // EC2 is eventually consistent, for Describe listings and for every call naming a new ID: scenarios run that way.
  const sim = new Ec2Simulator({ clock, timing: { ...EVENTUAL_CONSISTENCY, ...options.timing }, azs: options.azs, services: options.services, region: options.region });
  const world = await buildDemoWorld(sim);
  sim.resetCallLog();
  const cfn = await CloudFormationDriver.start({ now: () => clock.now() });
  const logs: string[] = [];
  const continuations: CustomResourceEvent[] = [];
  const random = seededRandom();
  const providerCalls: Scenario['providerCalls'] = [];
  const serviceCalls: RecordedServiceCall[] = [];
  const handler = (event: CustomResourceEvent, context: Context) =>
    handleCustomResourceEvent(event, context, {
      ec2For: async (accountId) => recordingClient(options.ec2NeverAnswers ? unanswered : sim.client({ accountId }), providerCalls, sim, accountId),
      stackCheck: { cloudFormationFor: async (accountId) => cfn.stacks.client(accountId) },
      route53For: async (accountId) => recordingServiceClient('route53', sim.route53Client({ accountId }), serviceCalls, accountId),
      serviceQuotasFor: async (accountId) => recordingServiceClient('servicequotas', sim.serviceQuotasClient({ accountId }), serviceCalls, accountId),
      // AWS Organizations with the provider's own role, in the provider's (the simulator's default) account.
      organizationsFor: async () => ({ client: recordingServiceClient('organizations', sim.organizationsClient(), serviceCalls, sim.accountId), callerAccountId: sim.accountId }),
      clock,
      logSink: (line) => logs.push(line),
      continueLater: options.continuations === false ? undefined : options.continuations === 'refused' ? refuseHandOver : async (next) => void continuations.push(next),
      random,
    });
  return {
    clock,
    sim,
    world,
    cfn,
    logs,
    continuations,
    providerCalls,
    serviceCalls,
    handler,
    invoke: (event, invokeOptions = {}) => cfn.invoke(handler, event, fakeContext({ clock, timeoutMs: invokeOptions.timeoutMs })),
    properties: (overrides = {}) => ({ VpcId: world.vpcId, SubnetIds: world.appSubnetIds, ...overrides }),
    close: async () => {
      await cfn.close();
      const touched = foreignTouches(providerCalls);
      if (touched.length > 0) throw new Error(`The provider touched resources it did not create: ${touched.join(', ')}`);
      // Every call the provider made must be one its IAM policies allow (tests/support/authorization).
      // Each account's calls against the roles deployed in that account (a hub and its consumers span several).
      const accountOf = (call: { accountId?: string }) => call.accountId ?? sim.accountId;
      const accounts = new Set([sim.accountId, ...providerCalls.map(accountOf), ...serviceCalls.map(accountOf), ...cfn.stacks.calls.map((call) => call.accountId)]);
      const denied: string[] = [];
      // AWS Organizations is asked with the provider's own role only (README, "Who may consume"): proved against it alone.
      const providerOnly = (call: RecordedServiceCall) => call.service === 'organizations';
      for (const accountId of accounts) {
        const site = { partition: partitionOfRegion(sim.region) ?? 'aws', region: sim.region, accountId };
        const requests = await requestsOf(
          recordedEc2Calls(providerCalls.filter((call) => accountOf(call) === accountId)),
          cfn.stacks.calls.filter((call) => call.accountId === accountId),
          serviceCalls.filter((call) => accountOf(call) === accountId && !providerOnly(call)),
          site,
        );
        recordInLedger(requests);
        denied.push(...(await deniedRequests(requests, rolesAt(site))));
      }
      const providerSite = { partition: partitionOfRegion(sim.region) ?? 'aws', region: sim.region, accountId: sim.accountId };
      const providerRequests = await requestsOf([], [], serviceCalls.filter(providerOnly), providerSite);
      recordInLedger(providerRequests);
      denied.push(...(await deniedRequests(providerRequests, [providerRoleAt(providerSite)])));
      if (denied.length > 0) throw new Error(`The provider's IAM policies do not allow calls it made:\n${denied.join('\n')}`);
    },
  };
}

type Sender = { send(command: { input?: unknown }): Promise<Record<string, unknown>> };

const unanswered: Sender = { send: () => new Promise(() => undefined) };

/** Lambda's answer to an asynchronous Invoke it will not queue (Lambda API reference, Invoke, "Errors"). */
async function refuseHandOver(): Promise<void> {
  throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
}

/** Passes commands through, recording each with what EC2 answered and the tags of what it named just before. */
function recordingClient(client: Sender, calls: Scenario['providerCalls'], sim: Ec2Simulator, accountId?: string): Sender {
  return {
    async send(command) {
      const record = { action: actionNameOf(command), input: { ...(command.input as Record<string, unknown>) } as Record<string, unknown>, ...(accountId ? { accountId } : {}) };
      record.input['$tagsBefore'] = tagsOfNamed(sim, record.input);
      calls.push(record);
      const output = await client.send(command);
      record.input['$output'] = output;
      return output;
    },
  };
}

/** Passes commands through, recording each as sent (the proofs need only the input: no resource there carries tags). */
function recordingServiceClient(service: string, client: Sender, calls: RecordedServiceCall[], accountId?: string): Sender {
  return {
    async send(command) {
      calls.push({ service, action: actionNameOf(command), input: { ...(command.input as Record<string, unknown>) }, ...(accountId ? { accountId } : {}) });
      return client.send(command);
    },
  };
}

/** The recorded calls in the shape of the authorization proofs. */
export function recordedEc2Calls(calls: Scenario['providerCalls']): RecordedEc2Call[] {
  return calls.map(({ action, input }) => {
    const { $output, $tagsBefore, ...sent } = input as Record<string, unknown> & { $output?: Record<string, unknown>; $tagsBefore?: Map<string, Map<string, string>> };
    return { action, input: sent, output: $output, tagsBefore: $tagsBefore ?? new Map() };
  });
}

/** Calls that modify, delete or retag something, and the IDs they name. */
const TARGETS: Record<string, (input: Record<string, unknown>) => unknown[]> = {
  DeleteSubnet: (input) => [input['SubnetId']],
  DeleteSecurityGroup: (input) => [input['GroupId']],
  AuthorizeSecurityGroupIngress: (input) => [input['GroupId']],
  RevokeSecurityGroupIngress: (input) => [input['GroupId']],
  ModifyVpcEndpoint: (input) => [input['VpcEndpointId']],
  DeleteVpcEndpoints: (input) => (input['VpcEndpointIds'] as unknown[]) ?? [],
  CreateTags: (input) => (input['Resources'] as unknown[]) ?? [],
  DeleteTags: (input) => (input['Resources'] as unknown[]) ?? [],
};

type Described = { Tags?: { Key?: string }[]; SubnetId?: string; GroupId?: string; VpcEndpointId?: string };

/**
 * IDs the provider modified, deleted or retagged although it had seen them without its owner tag: every resource the
 * provider creates carries that tag from birth, so one it saw without it belongs to someone else.
 */
export function foreignTouches(calls: Scenario['providerCalls']): string[] {
  const foreign = new Set<string>();
  for (const { input } of calls) {
    const output = input['$output'] as Record<string, unknown> | undefined;
    for (const list of ['Subnets', 'SecurityGroups', 'VpcEndpoints']) {
      for (const item of (output?.[list] as Described[] | undefined) ?? []) {
        const id = item.SubnetId ?? item.GroupId ?? item.VpcEndpointId;
        if (id && !(item.Tags ?? []).some((tag) => tag.Key === 'vpce-provisioner:owner')) foreign.add(id);
      }
    }
  }
  return calls.flatMap(({ action, input }) => (TARGETS[action]?.(input) ?? []).filter((id) => foreign.has(String(id))).map((id) => `${action} ${String(id)}`));
}

/** Mutating calls that succeeded since the call log was last reset. */
export function writesOf(sim: Ec2Simulator): string[] {
  return sim.writes().map((record) => record.action);
}

/** Everything in the simulator that does not carry the provider's owner tag, as EC2 would describe it. */
export async function foreignSnapshot(sim: Ec2Simulator): Promise<unknown> {
  const foreign = (items: { Tags?: { Key?: string }[] }[] | undefined) =>
    (items ?? []).filter((item) => !(item.Tags ?? []).some((tag) => tag.Key === 'vpce-provisioner:owner'));
  const [subnets, endpoints, groups, routeTables] = await Promise.all([
    sim.call('DescribeSubnets', {}),
    sim.call('DescribeVpcEndpoints', {}),
    sim.call('DescribeSecurityGroups', {}),
    sim.call('DescribeRouteTables', {}),
  ]);
  const owned = new Set(
    ((endpoints.VpcEndpoints ?? []) as { VpcEndpointId: string; Tags?: { Key?: string }[] }[])
      .filter((endpoint) => (endpoint.Tags ?? []).some((tag) => tag.Key === 'vpce-provisioner:owner'))
      .map((endpoint) => endpoint.VpcEndpointId),
  );
  // A gateway endpoint adds its route to the app subnets' tables: that route is the provider's, the rest is not.
  const tables = ((routeTables.RouteTables ?? []) as { Routes?: { GatewayId?: string }[] }[]).map((table) => ({
    ...table,
    Routes: (table.Routes ?? []).filter((route) => !owned.has(route.GatewayId ?? '')),
  }));
  // Available-address counts move as the provider's ENIs come and go; everything else about a subnet must not.
  const subnetView = foreign(subnets.Subnets as never).map((subnet) => ({ ...(subnet as object), AvailableIpAddressCount: undefined }));
  return { subnets: subnetView, endpoints: foreign(endpoints.VpcEndpoints as never), groups: foreign(groups.SecurityGroups as never), tables };
}

/** The resources that carry the owner tag of a physical ID. */
export async function ownedBy(sim: Ec2Simulator, physicalId: string, vpcId?: string) {
  const filters = [{ Name: 'tag:vpce-provisioner:owner', Values: [physicalId] }, ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [])];
  const [subnets, endpoints, groups] = await Promise.all([
    sim.call('DescribeSubnets', { Filters: filters }),
    sim.call('DescribeVpcEndpoints', { Filters: filters }),
    sim.call('DescribeSecurityGroups', { Filters: filters }),
  ]);
  const live = ((endpoints.VpcEndpoints ?? []) as { State?: string }[]).filter((endpoint) => (endpoint.State ?? '').toLowerCase() !== 'deleted');
  return {
    subnets: (subnets.Subnets ?? []) as { SubnetId: string; CidrBlock: string; AvailabilityZoneId: string }[],
    endpoints: live as { VpcEndpointId: string; ServiceName: string; State: string; VpcEndpointType: string; SubnetIds?: string[] }[],
    groups: (groups.SecurityGroups ?? []) as { GroupId: string }[],
  };
}

/**
 * Another team's interface endpoints (no private DNS) in the scenario's VPC, on top of the demo VPC's foreign sts
 * endpoint; then EC2's listings catch up (eventual consistency) before the stack operation, and the call log is reset.
 */
export async function addForeignInterfaceEndpoints(scenario: Scenario, count: number): Promise<void> {
  const [subnetId] = scenario.world.appSubnetIds;
  for (let index = 0; index < count; index++) {
    await scenario.sim.call('CreateVpcEndpoint', {
      VpcEndpointType: 'Interface',
      VpcId: scenario.world.vpcId,
      ServiceName: 'com.amazonaws.us-east-1.sqs',
      SubnetIds: [subnetId],
      PrivateDnsEnabled: false,
    });
  }
  scenario.clock.advance(60_000);
  scenario.sim.resetCallLog();
}
