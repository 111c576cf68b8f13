/**
 * A consumer's converge and teardown, end to end over the ports: observe both sides → check (zero writes on any
 * problem) → plan → apply. The lifecycle (lib/lifecycle.ts, runConsumer) calls them over the real ports
 * (lib/consumer-aws/aws-ports.ts), after the stack check.
 */
import { PreconditionFailedError } from '../errors';
import type { Owner } from '../reconcile/ownership';
import { needsOrganizationalUnits, allowedConsumersFromTags } from '../centralised/hub-contract';
import { readAncestry } from './admission';
import { applyConsumerSteps } from './apply';
import { checkConsumer } from './checks';
import { planConverge, planTeardown, type ConsumerOutcome } from './plan';
import type { ConsumerPorts } from './ports';
import type { ConsumerSpec } from './properties';
import { vanishedZoneProblems } from './vanished-zones';

/** Who the consumer is and where its stack runs. */
export interface ConsumerRunContext {
  readonly owner: Owner;
  /** The stack's (spoke's) account. */
  readonly accountId: string;
  /** The stack's Region: the spoke's, and the hub's (properties.ts refuses any other). */
  readonly region: string;
}

/** What a converge did and holds: the outputs, the notes for the answer, and its writes. */
export interface ConsumerConvergeResult extends ConsumerOutcome {
  readonly notes: readonly string[];
  readonly writes: number;
}

/**
 * Makes the consumer what `spec` asks: its claim on the hub and its spoke's associations with the hub's zones.
 *
 * @throws PreconditionFailedError with every problem, before any write.
 */
export async function convergeConsumer(spec: ConsumerSpec, context: ConsumerRunContext, ports: ConsumerPorts): Promise<ConsumerConvergeResult> {
  const [hub, spoke] = await Promise.all([ports.hub.observeHub(spec.hub, spec.hubId), ports.spoke.observeSpoke(spec.vpcId)]);
  // The organisation is asked only when the hub admits OUs and does not list this account (a read, before any write).
  const allowed = hub === undefined ? undefined : allowedConsumersFromTags(hub.groupTags);
  const ancestry =
    allowed !== undefined && needsOrganizationalUnits(allowed, context.accountId, spec.hub.accountId) ? await readAncestry(ports.organizations, context.accountId) : undefined;
  const checked = checkConsumer({ hub, spoke }, spec, { owner: context.owner, accountId: context.accountId, ...(ancestry ? { ancestry } : {}) });
  const problems = [...checked.problems, ...(hub === undefined ? [] : vanishedZoneProblems(hub, spec))];
  const notes = checked.notes;
  if (problems.length > 0 || hub === undefined || spoke === undefined) throw new PreconditionFailedError(problems);
  const plan = planConverge(hub, spoke, spec, { owner: context.owner, region: context.region, sameAccount: context.accountId === spec.hub.accountId });
  const { writes } = await applyConsumerSteps(plan.steps, ports, { owner: context.owner });
  return { ...plan.outcome, notes, writes };
}

/**
 * Undoes the consumer: its spoke leaves the hub's zones and its claim is released, last. Nothing is touched without
 * the claim (another consumer's or nobody's associations are not this one's).
 */
export async function teardownConsumer(spec: Pick<ConsumerSpec, 'hub' | 'hubId' | 'vpcId'>, context: ConsumerRunContext, ports: ConsumerPorts): Promise<{ readonly writes: number }> {
  const [hub, spoke] = await Promise.all([ports.hub.observeHub(spec.hub, spec.hubId), ports.spoke.observeSpoke(spec.vpcId)]);
  const steps = planTeardown(hub, spoke, { owner: context.owner, region: context.region, spokeVpcId: spec.vpcId });
  return applyConsumerSteps(steps, ports, { owner: context.owner });
}
