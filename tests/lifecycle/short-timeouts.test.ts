import type { CustomResourceEvent } from '../../lib/protocol/event';
import { ownedBy, startScenario, type Scenario } from '../support/scenario';
import type { RecordedResponse } from '../support/cfn-driver';

/** More than any healthy chain needs here; a livelocked one reaches it and the test fails instead of spinning. */
const MAX_INVOCATIONS = 40;

interface Chain {
  response: RecordedResponse | undefined;
  invocations: number;
  /** Virtual time each invocation ran, in order. */
  durationsMs: number[];
}

/** Plays Lambda: runs the event, then every continuation the handler hands over, each with `timeoutMs`, until one answers. */
async function runChain(scenario: Scenario, event: CustomResourceEvent, timeoutMs: number): Promise<Chain> {
  const durationsMs: number[] = [];
  let next: CustomResourceEvent | undefined = event;
  while (next !== undefined && durationsMs.length < MAX_INVOCATIONS) {
    const handedOver = scenario.continuations.length;
    const startedAt = scenario.clock.now();
    await scenario.invoke(next, { timeoutMs });
    durationsMs.push(scenario.clock.now() - startedAt);
    next = scenario.continuations.length > handedOver ? scenario.continuations.at(-1) : undefined;
  }
  return { response: scenario.cfn.responseFor(event), invocations: durationsMs.length, durationsMs };
}

describe('short function timeouts', () => {
  it('creates through continuations with 5-second invocations while endpoints stay pending for 12 s, each invocation ending before its deadline, with one answer', async () => {
    const scenario = await startScenario({ timing: { endpointCreateMs: 12_000 } });
    try {
      const event = scenario.cfn.createEvent(scenario.properties());

      const chain = await runChain(scenario, event, 5_000);

      expect(chain.response?.body?.Status).toBe('SUCCESS');
      expect(scenario.cfn.responses).toHaveLength(1);
      expect(chain.invocations).toBeGreaterThan(1);
      expect(chain.invocations).toBeLessThan(12);
      expect(chain.durationsMs.filter((ms) => ms >= 5_000)).toEqual([]);
      // A continuation that does not see a just-made endpoint yet sends its create again with the same ClientToken, and
      // EC2 answers with the same endpoint: four tokens, four endpoints.
      const creates = scenario.sim.writes().filter((call) => call.action === 'CreateVpcEndpoint');
      expect(new Set(creates.map((call) => (call.input as { ClientToken?: string }).ClientToken)).size).toBe(4);
      expect((await ownedBy(scenario.sim, chain.response?.body?.PhysicalResourceId as string)).endpoints).toHaveLength(4);
    } finally {
      await scenario.close();
    }
  });

  it('deletes through continuations with 5-second invocations while endpoint interfaces linger, each invocation ending before its deadline, with one answer', async () => {
    const scenario = await startScenario({ timing: { endpointCreateMs: 3_000, endpointDeleteMs: 6_000, eniLingerMs: 12_000 } });
    try {
      const properties = scenario.properties();
      const created = await scenario.invoke(scenario.cfn.createEvent(properties));
      const physicalId = created?.body?.PhysicalResourceId as string;
      expect(created?.body?.Status).toBe('SUCCESS');
      const event = scenario.cfn.deleteEvent(physicalId, properties);

      const chain = await runChain(scenario, event, 5_000);

      expect(chain.response?.body?.Status).toBe('SUCCESS');
      expect(scenario.cfn.responses).toHaveLength(2);
      expect(chain.invocations).toBeGreaterThan(1);
      expect(chain.durationsMs.filter((ms) => ms >= 5_000)).toEqual([]);
      expect(scenario.sim.calls.some((call) => call.action === 'DeleteSubnet' && call.outcome === 'DependencyViolation')).toBe(true);
      expect(await ownedBy(scenario.sim, physicalId)).toMatchObject({ subnets: [], endpoints: [], groups: [] });
    } finally {
      await scenario.close();
    }
  });

  it('answers FAILED after a bounded chain of invocations that each ran out of time before making progress, naming the function timeout', async () => {
    // EC2 answers each call after 4 s: a 5-second invocation gets its first Describe answers and nothing more.
    const scenario = await startScenario({ timing: { latencyMs: 4_000 } });
    try {
      const event = scenario.cfn.createEvent(scenario.properties());

      const chain = await runChain(scenario, event, 5_000);

      expect(chain.response?.body?.Status).toBe('FAILED');
      expect(chain.response?.body?.Reason).toContain('4 invocations in a row ran out of time before making progress');
      expect(chain.response?.body?.Reason).toContain("function's timeout (5 s)");
      expect(scenario.cfn.responses).toHaveLength(1);
      expect(chain.invocations).toBe(4);
      expect(chain.durationsMs.filter((ms) => ms >= 5_000)).toEqual([]);
      expect(scenario.sim.writes()).toEqual([]);
    } finally {
      await scenario.close();
    }
  });

  it.each([1_000, 3_000])('answers FAILED at once, with no EC2 call, when the function timeout is %i ms: too short to make progress', async (timeoutMs) => {
    const scenario = await startScenario();
    try {
      const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()), { timeoutMs });

      expect(response?.body?.Status).toBe('FAILED');
      expect(response?.body?.Reason).toContain(`The function's timeout (${timeoutMs / 1000} s) is too short`);
      expect(response?.body?.Reason).toContain('at least 5 s');
      expect(scenario.continuations).toEqual([]);
      expect(scenario.providerCalls).toEqual([]);
    } finally {
      await scenario.close();
    }
  });
});
