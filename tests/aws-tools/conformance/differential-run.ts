/**
 * Runs the call sequence against both EC2s, step by step, and lists where their answers differ: by shape (element
 * names and types as the SDK parses them), by outcome (success or which error code), and by what a step observes.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { Clients, Ids, Outcome, Step } from './sequence';
import { compareShapes, shapeOf } from './response-shape';

/** One EC2 the sequence is sent to. */
export interface Target {
  readonly clients: Clients;
  /** Called before a step with its `simWaitMs` (and a small gap before every step); moto ignores it. */
  readonly wait: (ms: number) => void;
}

/** One way the two answers to a step differ. */
export interface Difference {
  readonly step: string;
  /** `outcome`, `observed` (or `observed.<name>`), or an element path of the answer. */
  readonly path: string;
  /** What the simulator answered there (a type, an error code, an observed value as JSON); `-` for nothing. */
  readonly sim: string;
  readonly moto: string;
}

/** What each side answered a step, in a few words. */
export interface TranscriptLine {
  readonly step: string;
  readonly sim: string;
  readonly moto: string;
}

export interface DifferentialResult {
  readonly differences: Difference[];
  readonly transcript: TranscriptLine[];
}

/** SDK clients for a local endpoint serving all three: any credentials, no retries (a throttled or failed call is an answer too). */
export function localClients(url: string): Clients {
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 };
  return { ec2: new EC2Client(config), route53: new Route53Client(config), serviceQuotas: new ServiceQuotasClient(config) };
}

/** Closes the clients' kept-alive connections. */
export function destroyClients(clients: Clients): void {
  for (const client of Object.values(clients)) client.destroy();
}

/** Runs every step against both targets and returns every difference, in step order. */
export async function runDifferential(steps: readonly Step[], sim: Target, moto: Target): Promise<DifferentialResult> {
  const ids = { sim: {} as Ids, moto: {} as Ids };
  const differences: Difference[] = [];
  const transcript: TranscriptLine[] = [];
  for (const step of steps) {
    sim.wait(step.simWaitMs ?? 0);
    const simOutcome = await run(step, sim, ids.sim);
    const motoOutcome = await run(step, moto, ids.moto);
    differences.push(...compareOutcomes(step, simOutcome, motoOutcome, ids));
    transcript.push({ step: step.name, sim: summary(simOutcome), moto: summary(motoOutcome) });
    await undoDivergence(step, [simOutcome, sim, ids.sim], [motoOutcome, moto, ids.moto]);
  }
  return { differences, transcript };
}

/** A step's outcome in a few words: `ok` or the error code. */
function summary(outcome: Outcome): string {
  return 'error' in outcome ? outcome.error : 'ok';
}

type Observer = (outcome: Outcome, ids: Ids) => unknown;

function prefixed(observations: Readonly<Record<string, Observer>>): Record<string, Observer> {
  return Object.fromEntries(Object.entries(observations).map(([name, observe]) => [`observed.${name}`, observe]));
}

type Side = [Outcome, Target, Ids];

async function undoDivergence(step: Step, sim: Side, moto: Side): Promise<void> {
  if (step.undo === undefined) return;
  for (const [[outcome, target, ids], [other]] of [[sim, moto], [moto, sim]] as const) {
    if (!('output' in outcome)) continue;
    const diverged = step.diverged ? step.diverged(outcome.output, ids) : 'error' in other;
    if (diverged) await step.undo(target.clients.ec2, outcome.output);
  }
}

async function run(step: Step, target: Target, ids: Ids): Promise<Outcome> {
  try {
    const output = (await step.send(target.clients, ids)) as Record<string, unknown>;
    step.keep?.(output, ids);
    return { output };
  } catch (error) {
    const { name, message } = error as Error;
    return { error: name, message };
  }
}

function compareOutcomes(step: Step, sim: Outcome, moto: Outcome, ids: { sim: Ids; moto: Ids }): Difference[] {
  const differences: Difference[] = [];
  if (summary(sim) !== summary(moto)) differences.push({ step: step.name, path: 'outcome', sim: summary(sim), moto: summary(moto) });
  if (!('output' in sim && 'output' in moto)) return differences;
  for (const difference of compareShapes(shapeOf(sim.output), shapeOf(moto.output))) {
    differences.push({ step: step.name, path: difference.path, sim: difference.sim ?? '-', moto: difference.moto ?? '-' });
  }
  const observers = { ...(step.observe ? { observed: step.observe } : {}), ...prefixed(step.observations ?? {}) };
  for (const [path, observe] of Object.entries(observers)) {
    const simObserved = JSON.stringify(observe(sim, ids.sim));
    const motoObserved = JSON.stringify(observe(moto, ids.moto));
    if (simObserved !== motoObserved) differences.push({ step: step.name, path, sim: simObserved, moto: motoObserved });
  }
  return differences;
}
