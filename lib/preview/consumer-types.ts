/**
 * The preview of a consumer (`Custom::VpcEndpointConsumer`) as data: what `previewConsumer` (./consumer.ts) reports and
 * `formatConsumerPreview` (./consumer-format.ts) prints. Types only, apart from both, as ./types.ts is for the endpoints
 * resource.
 */
import type { ConsumerStep } from '../consumer/plan';
import type { ChangeCounts, FailingPreview, PlanChange, PreviewHeader } from './types';

/** The consumer's resource type, as the preview reports it (lib/consumer/resource-type.ts has the same text). */
export type ConsumerResourceType = 'Custom::VpcEndpointConsumer';

/** What every consumer preview says about itself, beyond the common header. */
export interface ConsumerPreviewHeader extends PreviewHeader {
  readonly resourceType: ConsumerResourceType;
  /** The hub, as HubId names it; absent when HubId itself is missing or invalid. */
  readonly hubId?: string;
  /**
   * An Update that changes VpcId or HubId: a new consumer (a new physical ID) for the new pair; CloudFormation then
   * deletes the old one, which leaves the old hub's zones and releases its rules (not counted here).
   */
  readonly replacement?: { readonly oldVpcId: string; readonly oldHubId: string };
}

/** The consumer would answer FAILED before any write: its properties, or the checks on the hub and the spoke. */
export type FailingConsumerPreview = FailingPreview & ConsumerPreviewHeader;

/**
 * One hub zone and what the plan does with the spoke's association to it. `associate`: joined by this plan. `kept`:
 * associated already and still wanted. `leave`: associated and no longer wanted. `not-used`: the hub serves it and the
 * consumer does not ask for it.
 */
export interface ConsumerZone {
  /** The service the hub's zone serves (its service tag, as the hub's template named it). */
  readonly service: string;
  /** Lower case, no trailing dot. */
  readonly zoneName: string;
  readonly zoneId: string;
  readonly status: 'associate' | 'kept' | 'leave' | 'not-used';
  /** The writes this zone takes, in order, each with the account whose credentials make it. */
  readonly steps: readonly ConsumerPreviewStep[];
  /** VPCs associated with the zone now, the hub's own included, and the zone's limit (read, never assumed). */
  readonly associatedVpcs: number;
  readonly maxAssociatedVpcs: number;
}

/** One write of the plan, in words, and which account's credentials make it. */
export interface ConsumerPreviewStep {
  readonly kind: ConsumerStep['kind'];
  readonly account: 'hub' | 'spoke';
  readonly description: string;
}

/** The consumer's claim on the hub's security group: the spoke's CIDR blocks on TCP 443. */
export interface ConsumerIngress {
  readonly groupId: string;
  /** Every CIDR the claim admits once the plan has run, in the spoke's order. */
  readonly cidrs: readonly string[];
  /** Added by this plan (exactly these, each one rule tagged as this consumer's). */
  readonly add: readonly string[];
  /** This consumer's rules that stay. */
  readonly keep: readonly string[];
  /** This consumer's rules for blocks the spoke no longer has. */
  readonly release: readonly { readonly cidr: string; readonly ruleId: string }[];
}

/** What a succeeding consumer plan holds, as plain data ready for JSON. */
export interface ConsumerSummary {
  readonly hubId: string;
  readonly hubAccountId: string;
  /** Whether the spoke is in the hub's account: then no association authorisation is needed. */
  readonly sameAccount: boolean;
  /** Every zone of the hub, in name order. */
  readonly zones: readonly ConsumerZone[];
  readonly ingress: ConsumerIngress;
  /** Every write, in the order it would run. */
  readonly steps: readonly ConsumerPreviewStep[];
  /** What the consumer costs a month: nothing, and why (the hub pays for its zones and endpoints). */
  readonly cost: { readonly monthlyUsd: 0; readonly note: string };
}

/** The consumer would succeed; this is what it would change. */
export interface SucceedingConsumerPreview extends ConsumerPreviewHeader {
  readonly wouldSucceed: true;
  readonly hubId: string;
  readonly consumer: ConsumerSummary;
  /** The notes the consumer reports in its `Notes` output (a missing route toward the hub is one). */
  readonly notes: readonly string[];
  /** One per association or rule added, changed or removed, in the order they would run. */
  readonly changes: readonly PlanChange[];
  readonly counts: ChangeCounts;
}

export type ConsumerPlanPreview = FailingConsumerPreview | SucceedingConsumerPreview;
