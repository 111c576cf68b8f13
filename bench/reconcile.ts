/**
 * Benchmark of a full Create and Delete against the simulator, read from its call log: how many EC2 calls, how many
 * writes against the lower bound, and how many sequential round trips the provider adds beyond what EC2's throttling
 * and the endpoint timeline impose. Everything runs on the virtual clock, so the figures repeat exactly.
 *
 * Round trips, with 100 ms of latency per call and AWS's throttle buckets on: the time from the request to the first
 * CreateVpcEndpoint, plus the time from the poll that finds every endpoint available to the answer, in units of the
 * latency. What lies between — the throttle's pacing of the endpoint calls and the endpoint timeline — is EC2's; the
 * poll lag (how late the first poll after the endpoints became available came) is reported apart.
 */
import { startScenario } from '../tests/support/scenario';

const INTERFACE_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages'];
const GATEWAY_SERVICES = ['s3'];
const LATENCY_MS = 100;

interface CreateRun {
  elapsedMs: number;
  roundTrips: number;
  pollLagMs: number;
  throttleSpanMs: number;
  calls: number;
  writes: number;
  describes: number;
  endpointPolls: number;
  deleteVpcEndpointsCalls: number;
  deleteCalls: number;
  status: string;
}

async function runLifecycle(latencyMs: number): Promise<CreateRun> {
  const scenario = await startScenario({ timing: { latencyMs } });
  try {
    scenario.sim.faults.throttling = true;
    const properties = scenario.properties({ InterfaceServices: INTERFACE_SERVICES, GatewayServices: GATEWAY_SERVICES });
    const startedAt = scenario.clock.now();
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    const elapsedMs = scenario.clock.now() - startedAt;
    const createCalls = [...scenario.sim.calls];
    // `at` is when EC2 answered; a call was issued one latency earlier.
    const issuedAt = (call: { at: number }) => call.at - latencyMs;
    const endpointCreates = createCalls.filter((call) => call.action === 'CreateVpcEndpoint' && call.outcome === 'ok');
    const firstCreate = issuedAt(endpointCreates[0] as { at: number });
    const lastCreate = endpointCreates.at(-1) as { at: number };
    const allAvailableAt = lastCreate.at + scenario.sim.timing.endpointCreateMs;
    const lastPoll = createCalls.filter((call) => call.action === 'DescribeVpcEndpoints').at(-1) as { at: number };
    const answeredAt = startedAt + elapsedMs;
    const roundTrips = latencyMs > 0 ? (firstCreate - startedAt + (answeredAt - issuedAt(lastPoll))) / latencyMs : 0;
    scenario.sim.resetCallLog();
    await scenario.clock.sleep(60_000);
    scenario.sim.resetCallLog();
    await scenario.invoke(scenario.cfn.deleteEvent(created?.body?.PhysicalResourceId as string, properties));
    const deleteCalls = [...scenario.sim.calls];
    const describes = createCalls.filter((call) => call.action.startsWith('Describe'));
    const endpointDescribes = describes.filter((call) => call.action === 'DescribeVpcEndpoints').length;
    return {
      elapsedMs,
      roundTrips,
      pollLagMs: issuedAt(lastPoll) - allAvailableAt,
      throttleSpanMs: issuedAt(lastCreate) - firstCreate,
      calls: createCalls.length,
      writes: createCalls.filter((call) => call.mutating && call.outcome === 'ok').length,
      // Discovery makes one DescribeVpcEndpoints; every later one is a poll.
      describes: describes.length - (endpointDescribes - 1),
      endpointPolls: endpointDescribes - 1,
      deleteVpcEndpointsCalls: deleteCalls.filter((call) => call.action === 'DeleteVpcEndpoints').length,
      deleteCalls: deleteCalls.length,
      status: created?.body?.Status ?? 'none',
    };
  } finally {
    await scenario.close();
  }
}

export async function benchReconcile(): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const slow = await runLifecycle(LATENCY_MS);
  const lowerBound = 3 + 1 + 1 + INTERFACE_SERVICES.length + GATEWAY_SERVICES.length;
  const roundTrips = slow.roundTrips;
  const figures = {
    writes: slow.writes,
    writesLowerBound: lowerBound,
    describesBesidesPolls: slow.describes,
    endpointPolls: slow.endpointPolls,
    deleteVpcEndpointsCalls: slow.deleteVpcEndpointsCalls,
    createSeconds: slow.elapsedMs / 1000,
    throttleSpanSeconds: slow.throttleSpanMs / 1000,
    pollLagSeconds: slow.pollLagMs / 1000,
    roundTripsOnCriticalPath: roundTrips,
  };
  return {
    figures,
    lines: [
      `Create, 3 AZs, ${INTERFACE_SERVICES.length} interface + ${GATEWAY_SERVICES.length} gateway services (AWS throttle buckets on): ${slow.status}`,
      `  writes: ${slow.writes} (lower bound ${lowerBound}: 3 subnets, 1 group, 1 ingress call, ${INTERFACE_SERVICES.length + GATEWAY_SERVICES.length} endpoints)`,
      `  Describe calls: ${slow.describes} plus ${slow.endpointPolls} endpoint polls (target: at most 10 plus polls)`,
      `  time to answer (virtual, ${LATENCY_MS} ms per call): ${(slow.elapsedMs / 1000).toFixed(1)} s = throttle pacing of the endpoint calls ${(slow.throttleSpanMs / 1000).toFixed(1)} s + endpoint timeline 60 s + poll lag ${(slow.pollLagMs / 1000).toFixed(1)} s + ${roundTrips.toFixed(0)} round trips`,
      `  round trips added by the provider beyond throttling and the endpoint timeline: ${roundTrips.toFixed(0)} (target: at most 10)`,
      `Delete: ${slow.deleteCalls} calls, ${slow.deleteVpcEndpointsCalls} DeleteVpcEndpoints (target: 1)`,
    ],
  };
}

if (require.main === module) {
  benchReconcile().then(({ lines }) => console.log(lines.join('\n')));
}
