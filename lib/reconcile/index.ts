import { applyPlan, StaleObservationError, type ApplyResult } from './apply';
import type { Clock } from '../clock';
import type { DesiredState } from './desired';
import { discover } from './discovery';
import { endpointStateProblem, isFailedEndpointState } from './endpoint-states';
import type { Ec2Sender } from '../ec2/paced-client';
import { PreconditionFailedError, ProvisionerError } from '../errors';
import { convergenceNotes } from './notes';
import type { ObservedEndpoint } from './observed';
import { describeOwnedEndpoints, observeOwned } from './observe-owned';
import type { Owner } from './ownership';
import { planConvergence, planRemoval, type OwnedResources } from './plan';
import type { Logger } from '../protocol/logger';
import type { EndpointSpec } from '../properties/spec';
import { waitFor } from './wait';
import { checkHubZoneRemovals, convergeHub, isHubGroup, tearDownHub, type HubOutcome } from './hub';
import { consumerRulesOf } from './consumer-rules';
import { hubDeleteBlockers } from '../centralised/consumer-claims';

export interface ReconcileContext {
  readonly ec2: Ec2Sender;
  /** Route 53 of the stack's account (private hosted zones of the VPC); optional. */
  readonly route53?: Ec2Sender;
  /** Service Quotas of the stack's account (applied VPC quotas); optional, defaults otherwise. */
  readonly serviceQuotas?: Ec2Sender;
  readonly clock: Clock;
  readonly owner: Owner;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** StackId + RequestId: see ApplyContext.requestKey. */
  readonly requestKey: string;
  /** The request's RequestId: see ApplyContext.requestId. */
  readonly requestId: string;
  readonly log: Logger;
  readonly remainingMs: () => number;
  /** Prefix of Name tags. */
  readonly namePrefix: string;
  readonly previousTagKeys?: readonly string[];
  readonly random?: () => number;
  /**
   * Since when (epoch ms) nothing can have been written for this owner by another invocation, when known (the stack's
   * events; lib/protocol/stack-check.ts): a Delete whose first look came REMOVAL_SETTLE_MS after it needs no second.
   */
  readonly writesQuietSince?: number;
}

export interface EndpointSubnetOutcome {
  readonly azId: string;
  readonly subnetId: string;
  readonly cidr: string;
  readonly ipv6Cidr?: string;
}

export interface EndpointOutcome {
  readonly service: string;
  readonly shortName: string;
  readonly type: 'Interface' | 'Gateway';
  /** Empty when the requested service has no endpoint (see responseData). */
  readonly endpointId: string;
  readonly dnsNames: readonly string[];
  /** A foreign endpoint reported, not managed (ExistingEndpoints: reuse). */
  readonly reused: boolean;
  /** Gateway services: the service's AWS-managed prefix list, when observed. */
  readonly prefixListId?: string;
}

export interface ConvergeOutcome {
  /** Sorted by AZ ID. */
  readonly subnets: readonly EndpointSubnetOutcome[];
  readonly securityGroupId?: string;
  /**
   * One per requested service: interface endpoints (reused ones included) in the order of InterfaceServices, then gateway
   * endpoints in the order of GatewayServices.
   */
  readonly endpoints: readonly EndpointOutcome[];
  /** What a person should know: services missing from some AZs, IP type fallbacks, route tables left alone. */
  readonly notes: readonly string[];
  readonly writes: number;
  /** DnsMode "HostedZones": the hub's ID and its zones. */
  readonly hub?: Omit<HubOutcome, 'writes'>;
}

/** How many times a plan is made afresh when EC2 says the world changed under it (a block taken meanwhile). */
const MAX_OBSERVATIONS = 5;

/**
 * Observe → check → plan → apply, again while the observation proves stale, then wait until every endpoint is available.
 * Throws PreconditionFailedError (before any write) when the VPC cannot take the endpoints, StillPendingError when the
 * time runs out while EC2 is still working.
 */
export async function converge(spec: EndpointSpec, context: ReconcileContext): Promise<ConvergeOutcome> {
  const random = context.random ?? Math.random;
  for (let observation = 1; ; observation++) {
    const observed = await discover(context.ec2, spec, context);
    const plan = planConvergence(spec, observed, context);
    if (!plan.ok) throw new PreconditionFailedError(plan.problems);
    // A hub's zone other VPCs use is never deleted under them (lib/reconcile/hub.ts).
    await checkHubZoneRemovals(spec, plan.desired, plan.owned.securityGroups, context);
    const notes = convergenceNotes(spec, plan.desired, [...plan.keptSubnets.values()], plan.carved);
    context.log.info('plan', { observation, actions: plan.actions.map((action) => action.kind), notes });
    let applied: ApplyResult;
    try {
      applied = await applyPlan(plan.actions, {
        ec2: context.ec2,
        clock: context.clock,
        owner: context.owner,
        vpcId: spec.vpcId,
        requestKey: context.requestKey,
        requestId: context.requestId,
        log: context.log,
        remainingMs: context.remainingMs,
        subnetIdsByAz: new Map([...plan.keptSubnets].map(([azId, subnet]) => [azId, subnet.subnetId])),
        ownedIds: ownedIdsOf(plan.owned),
        endpointsBeingDeleted: plan.owned.endpoints.filter((endpoint) => endpoint.state === 'deleting').map((endpoint) => endpoint.endpointId),
      });
    } catch (error) {
      if (!(error instanceof StaleObservationError) || observation >= MAX_OBSERVATIONS) throw error;
      context.log.warn('observation out of date; observing again', { reason: error.message, observation });
      // EC2 is eventually consistent: what we just made (or another run made) may take seconds to show.
      const ceiling = Math.min(20_000, 2_000 * 2 ** (observation - 1));
      await context.clock.sleep(Math.round(ceiling / 2 + (random() * ceiling) / 2));
      continue;
    }

    const subnets: EndpointSubnetOutcome[] = plan.desired.azIds.map((azId) => {
      const kept = plan.keptSubnets.get(azId);
      const created = applied.createdSubnets.get(azId);
      if (kept) return { azId, subnetId: kept.subnetId, cidr: kept.cidr, ipv6Cidr: kept.ipv6Cidrs[0] };
      if (created) return { azId, ...created };
      throw new ProvisionerError(`No endpoint subnet was created in ${azId}.`);
    });
    const alreadySettled = plan.actions.length === 0 && plan.owned.endpoints.every((endpoint) => endpoint.state === 'available');
    const endpoints = alreadySettled ? plan.owned.endpoints : await awaitAvailable(context, spec.vpcId, applied.deletedEndpointIds, applied.createdEndpointIds);
    const securityGroupId = plan.desired.interfaceEndpoints.length > 0 ? (applied.createdGroupId ?? plan.owned.securityGroups[0]?.groupId) : undefined;
    // A hub's zones point at the endpoints, so they follow them (lib/reconcile/hub.ts).
    const hub =
      spec.dnsMode === 'HostedZones' && securityGroupId !== undefined
        ? await convergeHub(spec, plan.desired, endpoints, { groupId: securityGroupId, tags: plan.owned.securityGroups.find((group) => group.groupId === securityGroupId)?.tags ?? {} }, context)
        : undefined;
    return {
      subnets,
      securityGroupId,
      endpoints: endpointOutcomes(plan.desired, endpoints),
      notes,
      writes: applied.writes + (hub?.writes ?? 0),
      ...(hub ? { hub: { hubId: hub.hubId, zoneIdsByService: hub.zoneIdsByService } } : {}),
    };
  }
}

/** Passes of observe-and-remove a Delete makes at most (see teardown). */
const MAX_REMOVAL_PASSES = 4;
/**
 * How long a Delete lets EC2 settle before it looks once more. EC2 does not document how long a new ID can stay out of
 * Describe listings (EC2 Developer Guide, "Eventual consistency in the Amazon EC2 API": "a few seconds" in practice).
 */
const REMOVAL_SETTLE_MS = 5_000;

/** Allowance for the clocks of CloudFormation and of this function to differ, when comparing their times. */
const CLOCK_SKEW_ALLOWANCE_MS = 1_000;

/**
 * Removes everything the owner has in the VPC: endpoints (one call), then, once they are gone, subnets and the group.
 * Then looks again once REMOVAL_SETTLE_MS have passed since the last look, and removes what it finds, until a look
 * finds nothing: a rollback Delete can come seconds after the failed Create, before EC2 lists what that Create made
 * (eventual consistency). The second look is left out only when the first provably saw everything: it began
 * REMOVAL_SETTLE_MS (and a clock-skew allowance) after the last moment anything was written for this owner
 * (`writesQuietSince`).
 */
export async function teardown(
  vpcId: string,
  context: Pick<ReconcileContext, 'ec2' | 'clock' | 'owner' | 'log' | 'remainingMs' | 'requestKey' | 'requestId' | 'writesQuietSince' | 'route53' | 'random' | 'region'>,
): Promise<{ writes: number; removed: readonly string[] }> {
  let writes = 0;
  const removed = new Set<string>();
  for (let pass = 1; ; pass++) {
    const observedAt = context.clock.now();
    const owned = await observeOwned(context.ec2, vpcId, context.owner);
    if (pass === 1 && owned.securityGroups.some(isHubGroup)) {
      // A hub with consumers left is not deleted: nothing is written, and each consumer is named.
      const consumers = (await Promise.all(owned.securityGroups.filter(isHubGroup).map((group) => consumerRulesOf(context.ec2, group.groupId, context.owner)))).flat();
      const blockers = hubDeleteBlockers(consumers);
      if (blockers.length > 0) throw new PreconditionFailedError(blockers);
      // A hub's zones go before its endpoints: their aliases point at them (lib/reconcile/hub.ts).
      writes += await tearDownHub(vpcId, context);
    }
    const actions = planRemoval(owned);
    if (actions.length === 0 && pass > 1) break;
    context.log.info('removal plan', { pass, actions: actions.map((action) => action.kind) });
    let stale = false;
    try {
      const applied = await applyPlan(actions, {
        ...context,
        vpcId,
        subnetIdsByAz: new Map(),
        ownedIds: ownedIdsOf(owned),
        endpointsBeingDeleted: owned.endpoints.filter((endpoint) => endpoint.state === 'deleting').map((endpoint) => endpoint.endpointId),
      });
      writes += applied.writes;
      [...owned.endpoints.map((e) => e.endpointId), ...owned.subnets.map((s) => s.subnetId), ...owned.securityGroups.map((g) => g.groupId)].forEach((id) => removed.add(id));
    } catch (error) {
      if (!(error instanceof StaleObservationError) || pass >= MAX_REMOVAL_PASSES) throw error;
      context.log.warn('removal observation out of date; observing again', { reason: error.message, pass });
      stale = true;
    }
    if (pass >= MAX_REMOVAL_PASSES) break;
    const quietSince = pass === 1 && !stale ? context.writesQuietSince : undefined;
    if (quietSince !== undefined && quietSince + REMOVAL_SETTLE_MS + CLOCK_SKEW_ALLOWANCE_MS <= observedAt) {
      context.log.info('no second look: the first began long after the last write for this resource', { writesQuietSince: new Date(quietSince).toISOString() });
      break;
    }
    // What the last look could have missed was made shortly before it: once REMOVAL_SETTLE_MS have passed since then
    // (a Delete that waited for its endpoints has long passed them), EC2 lists it, so only the rest is waited.
    const settleMs = Math.max(0, observedAt + REMOVAL_SETTLE_MS - context.clock.now());
    if (context.remainingMs() < settleMs) break;
    if (settleMs > 0) await context.clock.sleep(settleMs);
  }
  return { writes, removed: [...removed] };
}

function ownedIdsOf(owned: OwnedResources): Set<string> {
  return new Set([
    ...owned.subnets.map((subnet) => subnet.subnetId),
    ...owned.securityGroups.map((group) => group.groupId),
    ...owned.endpoints.map((endpoint) => endpoint.endpointId),
  ]);
}

/** Polls the owned endpoints (one call a poll) until every live one is available; an endpoint that failed is an error. */
async function awaitAvailable(
  context: ReconcileContext,
  vpcId: string,
  deleted: readonly string[],
  created: readonly string[],
): Promise<ObservedEndpoint[]> {
  let latest: ObservedEndpoint[] = [];
  await waitFor({
    clock: context.clock,
    remainingMs: context.remainingMs,
    what: 'endpoints to become available',
    check: async () => {
      const endpoints = await describeOwnedEndpoints(context.ec2, vpcId, context.owner);
      latest = endpoints.filter((endpoint) => !deleted.includes(endpoint.endpointId) && !['deleting', 'deleted'].includes(endpoint.state));
      // Each state is handled deliberately (lib/endpoint-states.ts): failed, rejected, expired and partial end the wait.
      const failed = latest.filter((endpoint) => isFailedEndpointState(endpoint.state));
      if (failed.length > 0) throw new ProvisionerError(failed.map(endpointStateProblem).join(' '));
      const pending = latest.filter((endpoint) => endpoint.state !== 'available');
      // A new endpoint can be missing from Describe listings for a while (EC2 Developer Guide, "Eventual consistency
      // in the Amazon EC2 API"): one this run created is waited for until it shows, not taken as absent.
      const unlisted = created.filter((id) => !endpoints.some((endpoint) => endpoint.endpointId === id));
      return {
        done: pending.length === 0 && unlisted.length === 0,
        pending: [...pending.map((endpoint) => `${endpoint.endpointId} (${endpoint.serviceName}, ${endpoint.state})`), ...unlisted.map((id) => `${id} (not listed yet)`)],
      };
    },
  });
  return latest;
}

function endpointOutcomes(desired: DesiredState, endpoints: readonly ObservedEndpoint[]): EndpointOutcome[] {
  const find = (serviceName: string, type: 'Interface' | 'Gateway') =>
    endpoints.find((endpoint) => endpoint.serviceName === serviceName && endpoint.type === type && endpoint.state === 'available') ??
    endpoints.find((endpoint) => endpoint.serviceName === serviceName && endpoint.type === type);
  // Every requested service gets an outcome, so its outputs exist for Fn::GetAtt even if its endpoint is not (yet) seen.
  const managed = desired.interfaceEndpoints.map((wanted): EndpointOutcome => {
    const endpoint = find(wanted.offering.serviceName, 'Interface');
    return { service: wanted.service, shortName: wanted.shortName, type: 'Interface', endpointId: endpoint?.endpointId ?? '', dnsNames: endpoint?.dnsNames ?? [], reused: false };
  });
  const reused = desired.reusedEndpoints.map(
    (wanted): EndpointOutcome => ({ service: wanted.service, shortName: wanted.shortName, type: 'Interface', endpointId: wanted.endpointId, dnsNames: wanted.dnsNames, reused: true }),
  );
  // A service left to a central hosted zone has no endpoint here, but its keys exist all the same (empty), as the README
  // promises every output on every SUCCESS.
  const centralised = desired.centralisedServices.map(
    (wanted): EndpointOutcome => ({ service: wanted.service, shortName: wanted.shortName, type: 'Interface', endpointId: '', dnsNames: [], reused: false }),
  );
  const gateways = desired.gatewayEndpoints.map((wanted): EndpointOutcome => {
    const endpoint = find(wanted.offering.serviceName, 'Gateway');
    return { service: wanted.service, shortName: wanted.shortName, type: 'Gateway', endpointId: endpoint?.endpointId ?? '', dnsNames: [], reused: false, prefixListId: wanted.offering.prefixListId };
  });
  return [...managed, ...reused, ...centralised, ...gateways];
}
