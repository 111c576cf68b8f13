/**
 * Benchmark of short function timeouts: a Create and a Delete with 5-second invocations while EC2 is slow (endpoints
 * pending for 12 s; endpoint interfaces lingering), played as Lambda would: every continuation the handler hands over is
 * invoked in turn, until one answers. Virtual clock: the figures repeat (when bundled: bench/index.ts).
 */
import type { CustomResourceEvent } from '../lib/protocol/event';
import { startScenario, type Scenario } from '../tests/support/scenario';

const FUNCTION_TIMEOUT_MS = 5_000;
const MAX_INVOCATIONS = 100;

interface Chain {
  status: string;
  invocations: number;
  longestMs: number;
  answers: number;
  elapsedMs: number;
}

async function runChain(scenario: Scenario, event: CustomResourceEvent): Promise<Chain> {
  const durations: number[] = [];
  const answersBefore = scenario.cfn.responses.length;
  const startedAt = scenario.clock.now();
  let next: CustomResourceEvent | undefined = event;
  while (next !== undefined && durations.length < MAX_INVOCATIONS) {
    const handedOver = scenario.continuations.length;
    const invokedAt = scenario.clock.now();
    await scenario.invoke(next, { timeoutMs: FUNCTION_TIMEOUT_MS });
    durations.push(scenario.clock.now() - invokedAt);
    next = scenario.continuations.length > handedOver ? scenario.continuations.at(-1) : undefined;
  }
  return {
    status: scenario.cfn.responseFor(event)?.body?.Status ?? 'no answer',
    invocations: durations.length,
    longestMs: Math.max(...durations),
    answers: scenario.cfn.responses.length - answersBefore,
    elapsedMs: scenario.clock.now() - startedAt,
  };
}

function line(title: string, chain: Chain): string {
  const pass = chain.status === 'SUCCESS' && chain.answers === 1 && chain.longestMs < FUNCTION_TIMEOUT_MS;
  return (
    `${title}: ${chain.status} after ${(chain.elapsedMs / 1000).toFixed(1)} s in ${chain.invocations} invocations, the longest ${(chain.longestMs / 1000).toFixed(2)} s, ` +
    `${chain.answers} answer (target: SUCCESS, one answer, every invocation under ${FUNCTION_TIMEOUT_MS / 1000} s) ${pass ? 'PASS' : 'MISS'}`
  );
}

export async function benchDeadlines(): Promise<{ lines: string[] }> {
  const create = await startScenario({ timing: { endpointCreateMs: 12_000 } });
  let createLine: string;
  try {
    createLine = line('Create, 5-second invocations, endpoints pending 12 s', await runChain(create, create.cfn.createEvent(create.properties())));
  } finally {
    await create.close();
  }
  const remove = await startScenario({ timing: { endpointCreateMs: 3_000, endpointDeleteMs: 6_000, eniLingerMs: 12_000 } });
  let deleteLine: string;
  try {
    const properties = remove.properties();
    const created = await remove.invoke(remove.cfn.createEvent(properties));
    const event = remove.cfn.deleteEvent(created?.body?.PhysicalResourceId as string, properties);
    deleteLine = line('Delete, 5-second invocations, endpoints deleting 6 s, interfaces lingering 12 s more', await runChain(remove, event));
  } finally {
    await remove.close();
  }
  return { lines: [createLine, deleteLine] };
}

if (require.main === module) {
  benchDeadlines().then(({ lines }) => console.log(lines.join('\n')));
}
