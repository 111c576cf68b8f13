/**
 * Benchmark of a hub's Create (DnsMode "HostedZones") for 3, 10 and 20 interface services, against the simulator with
 * EC2's throttling on and Route 53's in each of its two modes: the current token buckets (account 50/10 per second,
 * CreateHostedZone 40/2) and the old flat 5 requests per second per account. Everything runs on the virtual clock with
 * a seeded 100 ± 40 ms per call, so the figures repeat exactly.
 *
 * The hub's zones are what every consumer needs, and the Route 53 calls it spends come out of the account's limit.
 *
 * The floor is what AWS imposes and no client can beat: EC2's (CreateVpcEndpoint burst 4, 0.3 per second, then the
 * endpoint timeline) and one Route 53 change's time to INSYNC (the zones' record changes are awaited side by side, so
 * one such wait is the least any client spends). Route 53's pacing is not added: the hub's calls within the account's
 * limit overlap that wait (its GetChange polls are most of them), so what pacing costs shows in the round trips. "Round trips beyond the floor" is the rest of the answer time less the poll lag, in latencies: the
 * provider's sequential calls (Route 53's three writes per zone among them) and any throttling it met.
 */
import type { Context } from 'aws-lambda';
import type { Ec2Sender } from '../lib/ec2/paced-client';
import { handleCustomResourceEvent } from '../lib/lifecycle';
import type { CustomResourceEvent } from '../lib/protocol/event';
import { CloudFormationDriver } from '../tests/support/cfn-driver';
import { Ec2Simulator, VirtualClock, WorldBuilder } from '../tests/support/ec2-sim';
import type { Route53ThrottlingMode } from '../tests/support/ec2-sim/route53/settings';
import { fakeContext } from '../tests/support/lambda-context';
import { seededRandom } from '../tests/support/scenario';

const LATENCY_MS = 100;
const LATENCY_JITTER_MS = 40;
const ENDPOINT_BURST = 4;
const ENDPOINT_REFILL_PER_SECOND = 0.3;
const AZ_COUNT = 2;
/** Interface services of the default catalogue, each with a private DNS name (a hub needs one per service). */
const SERVICES = [
  'ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages', 'ecs', 'ecs-agent', 'ecs-telemetry',
  'sts', 'kms', 'sqs', 'sns', 'monitoring', 'execute-api', 'elasticloadbalancing', 'autoscaling', 'events', 'lambda',
];
const SIZES = [3, 10, 20] as const;

export interface HubRun {
  readonly services: number;
  readonly mode: Exclude<Route53ThrottlingMode, 'off'>;
  readonly status: string;
  readonly reason: string;
  readonly answerMs: number;
  readonly ec2FloorMs: number;
  readonly route53FloorMs: number;
  readonly pollLagMs: number;
  readonly roundTripsBeyondFloor: number;
  readonly route53Calls: number;
  readonly route53Writes: number;
  readonly route53Throttled: number;
  readonly priorRequestNotComplete: number;
  readonly ec2Throttled: number;
  readonly zones: number;
}

async function runHubCreate(serviceCount: number, mode: HubRun['mode']): Promise<HubRun> {
  const clock = new VirtualClock();
  const region = 'us-east-1';
  const sim = new Ec2Simulator({ clock, region });
  const zoneIds = sim.zones.ids.slice(0, AZ_COUNT);
  const builder = new WorldBuilder(sim).vpc('hub', { cidr: '10.0.0.0/16', dnsSupport: true, dnsHostnames: true });
  zoneIds.forEach((azId, index) => builder.subnet(`app-${index}`, { vpc: 'hub', cidr: `10.0.${index * 16}.0/20`, azId }));
  const world = await builder.build();
  const cfn = await CloudFormationDriver.start({ now: () => clock.now() });
  try {
    const networkRandom = seededRandom(7);
    const network = (client: Ec2Sender): Ec2Sender => ({
      async send(command) {
        await clock.sleep(LATENCY_MS - LATENCY_JITTER_MS + Math.round(networkRandom() * 2 * LATENCY_JITTER_MS));
        return client.send(command);
      },
    });
    const ec2 = network(sim.client());
    const handler = (event: CustomResourceEvent, context: Context) =>
      handleCustomResourceEvent(event, context, {
        ec2For: async () => ec2,
        stackCheck: { cloudFormationFor: async (accountId) => network(cfn.stacks.client(accountId)) },
        route53For: async (accountId) => network(sim.route53Client({ accountId })),
        serviceQuotasFor: async (accountId) => network(sim.serviceQuotasClient({ accountId })),
        clock,
        logSink: () => undefined,
        random: seededRandom(),
      });
    sim.faults.throttling = true;
    sim.route53Settings.throttling = mode;
    sim.resetCallLog();
    const event = cfn.createEvent({
      VpcId: world.id('hub'),
      SubnetIds: zoneIds.map((_, index) => world.id(`app-${index}`)),
      DnsMode: 'HostedZones',
      InterfaceServices: SERVICES.slice(0, serviceCount),
      GatewayServices: [],
      // Room for 20 interface endpoints' addresses per subnet (a /28 holds 11).
      SubnetPrefixLength: 27,
    });
    const startedAt = clock.now();
    await handler(event, fakeContext({ clock }));
    const answerMs = clock.now() - startedAt;
    const response = cfn.responseFor(event);
    const calls = [...sim.calls];
    const route53 = calls.filter((call) => ROUTE53_ACTIONS.test(call.action));
    const lastCreate = calls.filter((call) => call.action === 'CreateVpcEndpoint' && call.outcome === 'ok').at(-1);
    const allAvailableAt = (lastCreate?.at ?? startedAt) + sim.timing.endpointCreateMs;
    // The last poll before the hub's Route 53 work saw every endpoint available.
    const firstZoneCall = route53.find((call) => call.action === 'CreateHostedZone');
    const lastPoll = calls.filter((call) => call.action === 'DescribeVpcEndpoints' && (firstZoneCall === undefined || call.at <= firstZoneCall.at)).at(-1);
    const pollLagMs = Math.max(0, (lastPoll?.at ?? allAvailableAt) - LATENCY_MS - allAvailableAt);
    const ec2FloorMs = (Math.max(0, serviceCount - ENDPOINT_BURST) / ENDPOINT_REFILL_PER_SECOND) * 1000 + sim.timing.endpointCreateMs;
    const route53FloorMs = sim.route53Settings.changeSyncMs;
    return {
      services: serviceCount,
      mode,
      status: response?.body?.Status ?? 'no answer',
      reason: response?.body?.Reason ?? '',
      answerMs,
      ec2FloorMs,
      route53FloorMs,
      pollLagMs,
      roundTripsBeyondFloor: (answerMs - ec2FloorMs - route53FloorMs - pollLagMs) / LATENCY_MS,
      route53Calls: route53.length,
      route53Writes: route53.filter((call) => call.mutating && call.outcome === 'ok').length,
      route53Throttled: route53.filter((call) => call.outcome === 'Throttling').length,
      priorRequestNotComplete: route53.filter((call) => call.outcome === 'PriorRequestNotComplete').length,
      ec2Throttled: calls.filter((call) => call.outcome === 'RequestLimitExceeded').length,
      zones: Object.keys(response?.body?.Data ?? {}).filter((key) => key.startsWith('HostedZoneId.')).length,
    };
  } finally {
    await cfn.close();
  }
}

/** The Route 53 actions in the simulator's call log (it logs EC2, Route 53 and Service Quotas calls together). */
const ROUTE53_ACTIONS = /HostedZone|ResourceRecordSets|TagsForResource|VPCAssociation|^GetChange$|^ListHostedZones/;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One line per size and mode, then what the old 5/s limit costs over the buckets. */
export async function benchHub(): Promise<{ lines: string[]; runs: HubRun[] }> {
  const runs: HubRun[] = [];
  for (const size of SIZES) for (const mode of ['token-buckets', 'five-per-second'] as const) runs.push(await runHubCreate(size, mode));
  const lines = [
    `Hub Create (DnsMode HostedZones, ${AZ_COUNT} AZs, EC2 throttling on, ${LATENCY_MS} ± ${LATENCY_JITTER_MS} ms per call), Route 53 in each throttling mode:`,
    ...runs.map(
      (run) =>
        `  ${String(run.services).padStart(2)} services, ${run.mode.padEnd(15)} ${run.status} in ${seconds(run.answerMs)}; floor ${seconds(run.ec2FloorMs + run.route53FloorMs)} ` +
        `(EC2 ${seconds(run.ec2FloorMs)} + Route 53 INSYNC ${seconds(run.route53FloorMs)}) + poll lag ${seconds(run.pollLagMs)} + ${run.roundTripsBeyondFloor.toFixed(0)} round trips; ` +
        `${run.zones} zones, Route 53 ${run.route53Calls} calls (${run.route53Writes} writes, ${run.route53Throttled} throttled, ${run.priorRequestNotComplete} PriorRequestNotComplete); EC2 throttled ${run.ec2Throttled}` +
        (run.status === 'SUCCESS' ? '' : ` — ${run.reason}`),
    ),
  ];
  for (const size of SIZES) {
    const buckets = runs.find((run) => run.services === size && run.mode === 'token-buckets');
    const flat = runs.find((run) => run.services === size && run.mode === 'five-per-second');
    if (buckets && flat) lines.push(`  ${size} services: the old 5/s limit adds ${seconds(flat.answerMs - buckets.answerMs)} to the answer`);
  }
  return { lines, runs };
}

if (require.main === module) {
  benchHub().then(({ lines }) => console.log(lines.join('\n')));
}
