/**
 * What a consumer does, in order, decided from one observation: a pure function, so that a retry after a crash at any
 * step plans exactly the steps that remain (observe → plan → apply, as lib/reconcile/ does for endpoints).
 *
 * The order is what makes it crash-safe:
 * - converge: claim the spoke's CIDRs on the hub's group first (the claim is the consumer's evidence of ownership), then
 *   authorise every zone (hub account) → associate each (spoke account) → remove the authorisations (hub account); then leave
 *   the zones no longer wanted; then release CIDRs the spoke no longer has.
 * - teardown: leave every hub zone the spoke is associated with, remove any authorisation left for it, and release the
 *   claim last, so that a Delete interrupted anywhere still finds the claim that lets it finish.
 *
 * Pure: no AWS SDK.
 */
import type { Tag } from '../properties/spec';
import type { Owner } from '../reconcile/ownership';
import { canonicalCidr, claimRuleTags, desiredClaimCidrs, ownClaimRules } from './claim';
import type { ObservedHub, ObservedHubZone, ObservedSpoke } from './observation';
import type { ConsumerSpec } from './properties';
import { isAssociated, selectZones } from './zones';

/** One hub zone and the spoke VPC, as the Route 53 association calls name them. */
export interface ZoneAndVpc {
  readonly zoneId: string;
  /** For messages and logs. */
  readonly zoneName: string;
  readonly vpcId: string;
  readonly vpcRegion: string;
}

/** One write, with the account whose credentials make it. */
export type ConsumerStep =
  | { readonly kind: 'claim-cidr'; readonly groupId: string; readonly cidr: string; readonly spokeVpcId: string; readonly tags: readonly Tag[] }
  | ({ readonly kind: 'authorise-association' } & ZoneAndVpc)
  | ({ readonly kind: 'associate' } & ZoneAndVpc)
  | ({ readonly kind: 'remove-authorisation' } & ZoneAndVpc)
  | ({ readonly kind: 'disassociate' } & ZoneAndVpc)
  | { readonly kind: 'release-cidr'; readonly groupId: string; readonly ruleId: string; readonly cidr: string };

/** What the consumer holds once its steps are done: its outputs. */
export interface ConsumerOutcome {
  readonly hubId: string;
  /** The hub zones the spoke is associated with, by zone name. */
  readonly associatedZoneIds: readonly string[];
  /** The CIDR blocks the claim admits, in the spoke's order. */
  readonly ingressCidrs: readonly string[];
}

export interface ConsumerPlan {
  readonly steps: readonly ConsumerStep[];
  readonly outcome: ConsumerOutcome;
}

/** Where the plan applies: the consumer's owner identity and the spoke's Region (the hub's too). */
export interface PlanContext {
  readonly owner: Owner;
  readonly region: string;
  /**
   * The spoke is in the hub's account: its association needs no authorisation, which exists for "VPCs that you created
   * by using one account" and a zone "created by using a different account" (Route 53 API reference,
   * CreateVPCAssociationAuthorization).
   */
  readonly sameAccount?: boolean;
}

/**
 * The steps that make the consumer what the spec asks, from a hub and spoke that passed the checks (checks.ts).
 *
 * @example
 * planConverge(hub, spoke, spec, { owner, region: 'eu-west-1' }).steps.map((step) => step.kind)
 * // ['claim-cidr', 'authorise-association', 'associate', 'remove-authorisation', …]
 */
export function planConverge(hub: ObservedHub, spoke: ObservedSpoke, spec: ConsumerSpec, context: PlanContext): ConsumerPlan {
  const wantedCidrs = desiredClaimCidrs(spoke, hub);
  const ownRules = ownClaimRules(hub, context.owner, spoke.vpcId);
  const heldCidrs = new Set(ownRules.flatMap((rule) => (rule.cidr === undefined ? [] : [canonicalCidr(rule.cidr)])));
  const tags = [...claimRuleTags(context.owner, spoke.vpcId), ...spec.tags];
  const wantedZones = selectZones(hub.zones, spec.services).zones;
  const wantedIds = new Set(wantedZones.map((zone) => zone.zoneId));
  const unwantedZones = sortedByName(hub.zones).filter((zone) => !wantedIds.has(zone.zoneId));
  const pair = (zone: ObservedHubZone): ZoneAndVpc => zoneAndVpc(zone, spoke.vpcId, context.region);

  const steps: ConsumerStep[] = [
    ...wantedCidrs.filter((cidr) => !heldCidrs.has(cidr)).map((cidr): ConsumerStep => ({ kind: 'claim-cidr', groupId: hub.groupId, cidr, spokeVpcId: spoke.vpcId, tags })),
    ...inJoinOrder(wantedZones.flatMap((zone) => joinSteps(zone, spoke, pair(zone), context.sameAccount === true))),
    ...unwantedZones.flatMap((zone) => leaveSteps(zone, spoke, pair(zone))),
    ...ownRules
      .filter((rule) => rule.cidr === undefined || !wantedCidrs.includes(canonicalCidr(rule.cidr)))
      .map((rule): ConsumerStep => ({ kind: 'release-cidr', groupId: hub.groupId, ruleId: rule.ruleId, cidr: rule.cidr ?? '' })),
  ];
  return { steps, outcome: { hubId: spec.hubId, associatedZoneIds: wantedZones.map((zone) => zone.zoneId), ingressCidrs: wantedCidrs } };
}

/**
 * The steps that undo the consumer: nothing unless it holds a claim on the hub (without one, whatever the spoke has
 * with the hub's zones is not this consumer's).
 *
 * @example
 * planTeardown(hub, spoke, { owner, region: 'eu-west-1' }).map((step) => step.kind)
 * // ['disassociate', 'disassociate', 'release-cidr']
 */
export function planTeardown(hub: ObservedHub | undefined, spoke: ObservedSpoke | undefined, context: PlanContext & { readonly spokeVpcId: string }): ConsumerStep[] {
  if (hub === undefined) return [];
  const ownRules = ownClaimRules(hub, context.owner, context.spokeVpcId);
  if (ownRules.length === 0) return [];
  const zoneSteps =
    spoke === undefined
      ? // The spoke VPC is gone, and its associations with it: only authorisations the hub still holds for it remain.
        sortedByName(hub.zones).flatMap((zone) => (zone.authorisedVpcIds.includes(context.spokeVpcId) ? [removeAuthorisation(zone, context)] : []))
      : sortedByName(hub.zones).flatMap((zone) => leaveSteps(zone, spoke, zoneAndVpc(zone, spoke.vpcId, context.region)));
  return [
    ...zoneSteps,
    ...ownRules.map((rule): ConsumerStep => ({ kind: 'release-cidr', groupId: hub.groupId, ruleId: rule.ruleId, cidr: rule.cidr ?? '' })),
  ];
}

/**
 * Joining a zone: the authorisation (unless one is pending, or the spoke is in the hub's account), the association,
 * and the authorisation's removal.
 */
function joinSteps(zone: ObservedHubZone, spoke: ObservedSpoke, pair: ZoneAndVpc, sameAccount: boolean): ConsumerStep[] {
  const authorised = zone.authorisedVpcIds.includes(spoke.vpcId);
  const removal: ConsumerStep[] = authorised || !sameAccount ? [{ kind: 'remove-authorisation', ...pair }] : [];
  if (isAssociated(spoke, zone)) return authorised ? removal : [];
  return [...(authorised || sameAccount ? [] : [{ kind: 'authorise-association' as const, ...pair }]), { kind: 'associate', ...pair }, ...removal];
}

const JOIN_ORDER: readonly ConsumerStep['kind'][] = ['authorise-association', 'associate', 'remove-authorisation'];

/**
 * Every authorisation before the first association, then the associations, then the removals (each group in zone
 * order): an authorisation is not usable at once (apply.ts waits it out), so made together their delays overlap instead
 * of adding up zone after zone — one consumer of three zones answered in 23.6 s with them interleaved (bench/consumers.ts).
 * Crash-safe all the same: a pending authorisation is observed, and the next plan associates and removes it.
 */
function inJoinOrder(steps: readonly ConsumerStep[]): ConsumerStep[] {
  return JOIN_ORDER.flatMap((kind) => steps.filter((step) => step.kind === kind));
}

/** Leaving a zone: the association, and any authorisation a crash left behind. */
function leaveSteps(zone: ObservedHubZone, spoke: ObservedSpoke, pair: ZoneAndVpc): ConsumerStep[] {
  return [
    ...(isAssociated(spoke, zone) ? [{ kind: 'disassociate' as const, ...pair }] : []),
    ...(zone.authorisedVpcIds.includes(spoke.vpcId) ? [{ kind: 'remove-authorisation' as const, ...pair }] : []),
  ];
}

function removeAuthorisation(zone: ObservedHubZone, context: PlanContext & { readonly spokeVpcId: string }): ConsumerStep {
  return { kind: 'remove-authorisation', ...zoneAndVpc(zone, context.spokeVpcId, context.region) };
}

function zoneAndVpc(zone: ObservedHubZone, vpcId: string, vpcRegion: string): ZoneAndVpc {
  return { zoneId: zone.zoneId, zoneName: zone.name, vpcId, vpcRegion };
}

function sortedByName(zones: readonly ObservedHubZone[]): ObservedHubZone[] {
  return [...zones].sort((a, b) => a.name.localeCompare(b.name));
}
