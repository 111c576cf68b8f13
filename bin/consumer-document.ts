/**
 * A consumer's preview as the one JSON document of `plan --json` (./document.ts): the same keys, the endpoints' own
 * empty, and the consumer's plan under `consumer`. docs/plan.schema.json describes it.
 */
import type { ConsumerPlanPreview, ConsumerSummary } from '../lib/preview/consumer-types';
import { planDocument, type PlanDocument } from './document';
import type { Outcome } from './exit-codes';

/**
 * The consumer's plan in the document: the hub, its zones, the claim's CIDRs, every step, the cost (nothing), and the
 * old pair when an Update replaces the consumer (null otherwise).
 */
export type ConsumerSection = ConsumerSummary & { readonly replacement: { readonly oldVpcId: string; readonly oldHubId: string } | null };

/**
 * @example
 * consumerPlanDocument({ version: '0.1.0', outcome: 'changes', exitCode: 0, preview })
 * // { formatVersion: '1.2', resourceType: 'Custom::VpcEndpointConsumer', …, consumer: { hubId, zones, ingress, … } }
 */
export function consumerPlanDocument(input: {
  readonly version: string;
  readonly outcome: Outcome;
  readonly exitCode: number;
  readonly preview: ConsumerPlanPreview;
  readonly callerAccountId?: string;
}): PlanDocument {
  const { preview } = input;
  const base = planDocument({ version: input.version, outcome: input.outcome, exitCode: input.exitCode, ...(input.callerAccountId ? { callerAccountId: input.callerAccountId } : {}) });
  const plan = preview.wouldSucceed ? preview : undefined;
  const failed = preview.wouldSucceed ? undefined : preview;
  // A consumer's problems are either all its properties' or all about the hub and the spoke as they are.
  const about = failed?.failedAt === 'properties' ? ('properties' as const) : ('vpc' as const);
  return {
    ...base,
    resourceType: preview.resourceType,
    requestType: preview.requestType,
    region: preview.region,
    vpcId: preview.vpcId ?? null,
    stackId: preview.stackId,
    logicalResourceId: preview.logicalResourceId,
    physicalResourceId: preview.physicalResourceId ?? null,
    accountId: preview.accountId ?? null,
    wouldSucceed: preview.wouldSucceed,
    failedAt: failed?.failedAt ?? null,
    problems: [...new Set(failed?.problems ?? [])].map((text) => ({ about, text })),
    reason: failed?.reason ?? null,
    ownsNothing: preview.ownsNothing === true,
    // The endpoints' key holds the old VPC; `consumer.replacement` holds the old hub too.
    replacement: preview.wouldSucceed && preview.replacement ? { oldVpcId: preview.replacement.oldVpcId } : null,
    notes: plan?.notes ?? [],
    changes: plan?.changes ?? [],
    summary: plan?.counts ?? { add: 0, change: 0, destroy: 0 },
    consumer: plan ? { ...plan.consumer, replacement: plan.replacement ?? null } : null,
  };
}
