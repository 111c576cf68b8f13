/**
 * Benchmark of consumers (Custom::VpcEndpointConsumer) arriving at once: one hub (DnsMode "HostedZones", 3 interface
 * services, so 3 zones) already created — its time is not counted — then 1, 10 and 50 consumers, each its own spoke VPC
 * in one of up to 10 accounts (round robin), each its own Lambda invocation of the real handler, their Creates
 * delivered together; then their Deletes together. EC2's throttling is on, and Route 53's in each of its two modes (the
 * current token buckets and the old flat 5 requests per second per account), on the virtual clock with a seeded
 * 100 ± 40 ms per call, so the figures repeat exactly.
 *
 * Every invocation paces itself with its own client-side buckets, as separate Lambda invocations do, so they collide
 * on the shared ones: the hub's account makes every consumer's authorisations and reads the hub's zones for each of
 * them, so its Route 53 buckets are the hot ones.
 *
 * A run counts only if it converged: after the Creates every spoke resolves the hub's names to the hub's addresses,
 * the hub's group admits exactly the spokes' CIDRs and no authorisation is left pending; after the Deletes no spoke
 * resolves them and the group admits none. A run that breaks any of these throws.
 *
 * The floor is what AWS imposes and no client can beat, the larger of two: the hub account's Route 53 calls that
 * succeeded, beyond the account bucket's burst, at its refill rate (the authorisations and the hub reads of every
 * consumer); and each zone's association changes one after the other (the simulator refuses a zone's next change for
 * `priorRequestWindowMs`, 1 s), plus on Create one authorisation's propagation (the simulator's 5 s, see
 * ROUTE53_EVENTUAL_CONSISTENCY). "Round trips beyond the floor" is the rest of the last answer's time, in latencies: the
 * consumers' own sequential calls and waits, and the time lost to throttling.
 */
import type { Context } from 'aws-lambda';
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { ListVPCAssociationAuthorizationsCommand } from '@aws-sdk/client-route-53';
import type { Ec2Sender } from '../lib/ec2/paced-client';
import { handleCustomResourceEvent } from '../lib/lifecycle';
import type { CustomResourceEvent } from '../lib/protocol/event';
import { ROUTE53_ACCOUNT_BUCKET } from '../lib/route53/paced-client';
import { CloudFormationDriver } from '../tests/support/cfn-driver';
import { Ec2Simulator, VirtualClock, WorldBuilder } from '../tests/support/ec2-sim';
import { ROUTE53_EVENTUAL_CONSISTENCY, type Route53ThrottlingMode } from '../tests/support/ec2-sim/route53/settings';
import { fakeContext } from '../tests/support/lambda-context';
import { seededRandom } from '../tests/support/scenario';

const LATENCY_MS = 100;
const LATENCY_JITTER_MS = 40;
const AZ_COUNT = 2;
const REGION = 'us-east-1';
/** Interface services of the hub; `ecr.dkr` brings a wildcard record. */
const SERVICES = ['logs', 'sts', 'ecr.dkr'] as const;
/** A name per service that a spoke must resolve to the hub's addresses once it consumes. */
const NAMES = ['logs.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'x.dkr.ecr.us-east-1.amazonaws.com'] as const;
/** The spokes' accounts: consumer i lives in account i mod 10. */
const SPOKE_ACCOUNTS = Array.from({ length: 10 }, (_, index) => String(210_000_000_000 + index));
const SIZES = [1, 10, 50] as const;
const CONSUMER = { resourceType: 'Custom::VpcEndpointConsumer', logicalResourceId: 'Consumer' };

type Mode = Exclude<Route53ThrottlingMode, 'off'>;

/** Route 53 calls an account made, and how many Route 53 refused for their rate. */
export interface AccountCalls {
  readonly calls: number;
  readonly throttled: number;
}

/** One phase (the Creates, or the Deletes) of one size in one mode. */
export interface PhaseFigures {
  readonly succeeded: number;
  readonly consumers: number;
  /** From the events' delivery to the last answer. */
  readonly lastAnswerMs: number;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly floorMs: number;
  readonly roundTripsBeyondFloor: number;
  /** Invocations that handed the request to a fresh one (out of time). */
  readonly continuations: number;
  readonly hubRoute53: AccountCalls;
  /** The spokes' accounts together, and the busiest one. */
  readonly spokeRoute53: AccountCalls & { readonly busiest: AccountCalls };
  readonly priorRequestNotComplete: number;
  readonly ec2Throttled: number;
  readonly failures: readonly string[];
}

export interface ConsumersRun {
  readonly consumers: number;
  readonly accounts: number;
  readonly mode: Mode;
  readonly create: PhaseFigures;
  readonly delete: PhaseFigures;
}

/** The Route 53 actions in the simulator's call log (it logs EC2, Route 53 and Service Quotas calls together). */
const ROUTE53_ACTIONS = /HostedZone|ResourceRecordSets|TagsForResource|VPCAssociation|^GetChange$|^ListHostedZones/;

async function runConsumers(count: number, mode: Mode): Promise<ConsumersRun> {
  const clock = new VirtualClock();
  const sim = new Ec2Simulator({ clock, region: REGION });
  const zoneIds = sim.zones.ids.slice(0, AZ_COUNT);
  const accounts = SPOKE_ACCOUNTS.slice(0, Math.min(count, SPOKE_ACCOUNTS.length));
  const spokes = Array.from({ length: count }, (_, index) => ({ label: `spoke-${index}`, accountId: accounts[index % accounts.length] as string, cidr: `10.${100 + index}.0.0/16` }));
  const builder = new WorldBuilder(sim).vpc('hub', { cidr: '10.0.0.0/16', dnsSupport: true, dnsHostnames: true });
  zoneIds.forEach((azId, index) => builder.subnet(`app-${index}`, { vpc: 'hub', cidr: `10.0.${index * 16}.0/20`, azId }));
  for (const spoke of spokes) builder.vpc(spoke.label, { cidr: spoke.cidr, owner: spoke.accountId, dnsSupport: true, dnsHostnames: true });
  const world = await builder.build();
  Object.assign(sim.route53Settings, ROUTE53_EVENTUAL_CONSISTENCY);
  const cfn = await CloudFormationDriver.start({ now: () => clock.now() });
  try {
    const networkRandom = seededRandom(7);
    const random = seededRandom();
    const network = (client: Ec2Sender, answered: () => void): Ec2Sender => ({
      async send(command) {
        await clock.sleep(LATENCY_MS - LATENCY_JITTER_MS + Math.round(networkRandom() * 2 * LATENCY_JITTER_MS));
        try {
          return await client.send(command);
        } finally {
          answered();
        }
      },
    });
    /**
     * One request's invocations (the first and any continuation), each a Lambda invocation of its own. The request's
     * answer time is its last AWS answer: the PUT that follows is real I/O, during which the virtual clock moves on
     * for the other invocations.
     */
    class Request {
      lastAnswerAt: number;
      continuations = 0;
      private readonly running: Promise<void>[] = [];

      constructor(readonly event: CustomResourceEvent) {
        this.lastAnswerAt = clock.now();
        this.invoke(event);
      }

      /** Settles when this request and its continuations have ended. */
      async settled(): Promise<void> {
        for (let index = 0; index < this.running.length; index += 1) await this.running[index];
      }

      private invoke(event: CustomResourceEvent): void {
        const answered = () => {
          this.lastAnswerAt = clock.now();
        };
        const handler = (delivered: CustomResourceEvent, context: Context) =>
          handleCustomResourceEvent(delivered, context, {
            ec2For: async (accountId) => network(sim.client({ accountId }), answered),
            stackCheck: { cloudFormationFor: async (accountId) => network(cfn.stacks.client(accountId), answered) },
            route53For: async (accountId) => network(sim.route53Client({ accountId }), answered),
            serviceQuotasFor: async (accountId) => network(sim.serviceQuotasClient({ accountId }), answered),
            clock,
            logSink: () => undefined,
            random,
            continueLater: async (next) => {
              this.continuations += 1;
              this.invoke(next);
            },
          });
        this.running.push(handler(event, fakeContext({ clock })));
      }
    }

    // The hub, untimed and unthrottled.
    const hubProperties = {
      VpcId: world.id('hub'),
      SubnetIds: zoneIds.map((_, index) => world.id(`app-${index}`)),
      DnsMode: 'HostedZones',
      InterfaceServices: [...SERVICES],
      GatewayServices: [],
      AllowedConsumers: accounts.join(','),
    };
    const hubRequest = new Request(cfn.createEvent(hubProperties));
    await hubRequest.settled();
    const hubAnswer = cfn.responseFor(hubRequest.event)?.body;
    if (hubAnswer?.Status !== 'SUCCESS') throw new Error(`The hub's Create failed: ${hubAnswer?.Reason ?? 'no answer'}`);
    const hubData = hubAnswer.Data ?? {};
    const hubId = hubData['HubId'] as string;
    const groupId = hubData['SecurityGroupId'] as string;
    const hubZoneIds = Object.entries(hubData).filter(([key]) => key.startsWith('HostedZoneId.')).map(([, value]) => value);
    const hubAddresses = NAMES.map((name) => sim.admin.resolve(world.id('hub'), name)?.addresses);

    const eventOptions = (spoke: (typeof spokes)[number]) => ({ ...CONSUMER, accountId: spoke.accountId, stackName: spoke.label });
    const creates = spokes.map((spoke) => cfn.createEvent({ VpcId: world.id(spoke.label), HubId: hubId }, eventOptions(spoke)));

    const phase = async (events: readonly CustomResourceEvent[]): Promise<PhaseFigures> => {
      sim.resetCallLog();
      sim.faults.throttling = true;
      sim.route53Settings.throttling = mode;
      const startedAt = clock.now();
      const requests = events.map((event) => new Request(event));
      for (const request of requests) await request.settled();
      // The checks that follow are the bench's, not the provider's: they must not be throttled.
      sim.faults.throttling = false;
      sim.route53Settings.throttling = 'off';
      const answers = requests.map((request) => cfn.responseFor(request.event)?.body);
      const times = requests.map((request) => request.lastAnswerAt - startedAt).sort((a, b) => a - b);
      const route53 = sim.calls.filter((call) => ROUTE53_ACTIONS.test(call.action));
      const tally = (accountId: string): AccountCalls => {
        const own = route53.filter((call) => call.accountId === accountId);
        return { calls: own.length, throttled: own.filter((call) => call.outcome === 'Throttling').length };
      };
      const perSpokeAccount = accounts.map(tally);
      const hubRoute53 = tally(sim.accountId);
      const hubSucceeded = route53.filter((call) => call.accountId === sim.accountId && call.outcome === 'ok').length;
      const rateFloorMs = (Math.max(0, hubSucceeded - ROUTE53_ACCOUNT_BUCKET.burst) / (mode === 'five-per-second' ? 5 : ROUTE53_ACCOUNT_BUCKET.perSecond)) * 1000;
      // Each zone takes one association change at a time (PriorRequestNotComplete in between): every consumer's, in turn.
      const isCreate = events[0]?.RequestType === 'Create';
      const zoneFloorMs = Math.max(0, events.length - 1) * sim.route53Settings.priorRequestWindowMs + (isCreate ? sim.route53Settings.authorizationPropagationMs : 0);
      const floorMs = Math.max(rateFloorMs, zoneFloorMs);
      const lastAnswerMs = times.at(-1) ?? 0;
      return {
        succeeded: answers.filter((answer) => answer?.Status === 'SUCCESS').length,
        consumers: events.length,
        lastAnswerMs,
        medianMs: times[Math.floor((times.length - 1) / 2)] ?? 0,
        maxMs: lastAnswerMs,
        floorMs,
        roundTripsBeyondFloor: (lastAnswerMs - floorMs) / LATENCY_MS,
        continuations: requests.reduce((sum, request) => sum + request.continuations, 0),
        hubRoute53,
        spokeRoute53: {
          calls: perSpokeAccount.reduce((sum, account) => sum + account.calls, 0),
          throttled: perSpokeAccount.reduce((sum, account) => sum + account.throttled, 0),
          busiest: perSpokeAccount.reduce((busiest, account) => (account.calls > busiest.calls ? account : busiest), { calls: 0, throttled: 0 }),
        },
        priorRequestNotComplete: route53.filter((call) => call.outcome === 'PriorRequestNotComplete').length,
        ec2Throttled: sim.calls.filter((call) => call.outcome === 'RequestLimitExceeded').length,
        failures: [...new Set(answers.filter((answer) => answer?.Status !== 'SUCCESS').map((answer) => answer?.Reason ?? 'no answer'))],
      };
    };

    const admitted = async (): Promise<string[]> => {
      const output = await sim.client().send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }));
      return (output.SecurityGroupRules ?? [])
        .filter((rule) => rule.IsEgress === false && rule.FromPort === 443 && rule.Tags?.some((tag) => tag.Key === 'vpce-provisioner:consumer-vpc'))
        .map((rule) => rule.CidrIpv4 ?? rule.CidrIpv6 ?? '')
        .sort();
    };
    const pendingAuthorisations = async (): Promise<number> => {
      let pending = 0;
      for (const zoneId of hubZoneIds) pending += ((await sim.route53Client().send(new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId }))).VPCs ?? []).length;
      return pending;
    };
    const spokesResolving = () =>
      spokes.filter((spoke) => NAMES.some((name, index) => JSON.stringify(sim.admin.resolve(world.id(spoke.label), name)?.addresses) === JSON.stringify(hubAddresses[index])));
    const spokesResolvingAll = () =>
      spokes.filter((spoke) => NAMES.every((name, index) => JSON.stringify(sim.admin.resolve(world.id(spoke.label), name)?.addresses) === JSON.stringify(hubAddresses[index])));
    const expectations: string[] = [];
    const expect = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expectations.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    };

    const create = await phase(creates);
    expect('spokes resolving every hub name after Create', spokesResolvingAll().length, count);
    expect("the hub group's consumer CIDRs after Create", await admitted(), spokes.map((spoke) => spoke.cidr).sort());
    expect('authorisations left pending after Create', await pendingAuthorisations(), 0);

    const deletes = creates.map((event, index) => {
      const physicalId = cfn.responseFor(event)?.body?.PhysicalResourceId ?? '';
      return cfn.deleteEvent(physicalId, event.ResourceProperties, eventOptions(spokes[index] as (typeof spokes)[number]));
    });
    const removed = await phase(deletes);
    expect('spokes resolving any hub name after Delete', spokesResolving().length, 0);
    expect("the hub group's consumer CIDRs after Delete", await admitted(), []);
    expect('authorisations left pending after Delete', await pendingAuthorisations(), 0);
    const run = { consumers: count, accounts: accounts.length, mode, create, delete: removed };
    if (expectations.length > 0) throw new BrokenRunError(run, expectations);
    return run;
  } finally {
    await cfn.close();
  }
}

/** A run that did not converge: its figures would measure a broken provider. */
export class BrokenRunError extends Error {
  constructor(
    readonly run: ConsumersRun,
    readonly expectations: readonly string[],
  ) {
    super(`${run.consumers} consumers, ${run.mode}: ${expectations.join('; ')}`);
    this.name = 'BrokenRunError';
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function phaseLine(label: string, figures: PhaseFigures): string {
  return (
    `${label} ${figures.succeeded}/${figures.consumers} SUCCESS; last answer ${seconds(figures.lastAnswerMs)}, median ${seconds(figures.medianMs)}, max ${seconds(figures.maxMs)}; ` +
    `floor ${seconds(figures.floorMs)} + ${figures.roundTripsBeyondFloor.toFixed(0)} round trips; ` +
    `Route 53 hub account ${figures.hubRoute53.calls} calls (${figures.hubRoute53.throttled} throttled), ` +
    `spoke accounts ${figures.spokeRoute53.calls} (${figures.spokeRoute53.throttled} throttled; busiest ${figures.spokeRoute53.busiest.calls}, ${figures.spokeRoute53.busiest.throttled} throttled), ` +
    `${figures.priorRequestNotComplete} PriorRequestNotComplete; EC2 throttled ${figures.ec2Throttled}; hand-overs ${figures.continuations}` +
    (figures.failures.length > 0 ? ` — ${figures.failures.join(' | ')}` : '')
  );
}

/** Two lines (Create, Delete) per size and mode. A run that did not converge is shown with what was wrong. */
export async function benchConsumers(): Promise<{ lines: string[]; runs: ConsumersRun[] }> {
  const runs: ConsumersRun[] = [];
  const lines = [
    `Consumers arriving at once (hub with ${SERVICES.length} zones, spokes over up to ${SPOKE_ACCOUNTS.length} accounts, EC2 throttling on, ` +
      `${LATENCY_MS} ± ${LATENCY_JITTER_MS} ms per call, authorisations usable after ${ROUTE53_EVENTUAL_CONSISTENCY.authorizationPropagationMs / 1000} s):`,
  ];
  for (const size of SIZES) {
    for (const mode of ['token-buckets', 'five-per-second'] as const) {
      let run: ConsumersRun;
      let broken: readonly string[] = [];
      try {
        run = await runConsumers(size, mode);
      } catch (error) {
        if (!(error instanceof BrokenRunError)) throw error;
        ({ run, expectations: broken } = error);
      }
      runs.push(run);
      const head = `  ${String(size).padStart(2)} consumers / ${String(run.accounts).padStart(2)} accounts, ${mode.padEnd(15)}`;
      lines.push(phaseLine(`${head} Create:`, run.create), phaseLine(`${' '.repeat(head.length)} Delete:`, run.delete));
      if (broken.length > 0) lines.push(`${' '.repeat(head.length)} NOT CONVERGED: ${broken.join('; ')}`);
    }
  }
  return { lines, runs };
}

if (require.main === module) {
  benchConsumers().then(({ lines }) => console.log(lines.join('\n')));
}
