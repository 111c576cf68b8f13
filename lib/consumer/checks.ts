/**
 * The checks a consumer makes before any write: each a pure function of the observation, each a reason to refuse with
 * zero writes (PreconditionFailedError, every problem at once), except a missing route, which is only a note — the
 * provider does not manage Transit Gateways or peering, and the route may come later.
 *
 * Pure: no AWS SDK.
 */
import { allowedConsumersFromTags, HUB_TAG_KEYS, isConsumerAllowed, needsOrganizationalUnits } from '../centralised/hub-contract';
import type { ConsumerAncestry } from './admission';
import { cidrContains, tryParseCidr } from '../cidr';
import type { Owner } from '../reconcile/ownership';
import { canonicalCidr, describeClaimant, claimantOf, desiredClaimCidrs, foreignRulesFor, otherClaimOnSpoke, ownClaimRules } from './claim';
import type { ConsumerObservation, ObservedHub, ObservedHubZone, ObservedSpoke, RouteTarget } from './observation';
import type { ConsumerSpec } from './properties';
import { isAssociated, selectZones, zoneNameOf } from './zones';

/**
 * Pending VPC association authorisations a hub zone can hold: the figure the design was given (issue "Centralised
 * endpoints"). Route 53 documents the error (`TooManyVPCAssociationAuthorizations`, "the maximum number of
 * authorizations that can be created for the specified hosted zone", botocore) but no API reads the number, unlike
 * MAX_VPCS_ASSOCIATED_BY_ZONE.
 */
export const MAX_PENDING_AUTHORISATIONS_PER_ZONE = 100;

/** Who is asking: the consumer's owner identity and the account its stack runs in. */
export interface ConsumerIdentityContext {
  readonly owner: Owner;
  /** The consumer's (spoke's) account. */
  readonly accountId: string;
  /**
   * Where the account sits in the organisation (./admission.ts), read only when the hub admits OUs and does not list
   * the account; absent otherwise.
   */
  readonly ancestry?: ConsumerAncestry;
}

/** The outcome of the checks: problems refuse the request; notes go into the answer as warnings. */
export interface ConsumerCheckResult {
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

/** Targets through which a route can lead to another VPC. */
const REACHING_TARGETS: readonly RouteTarget[] = ['transit-gateway', 'vpc-peering', 'core-network', 'other'];

/**
 * Every check, in the order a person would fix them.
 *
 * @example
 * checkConsumer(observation, spec, { owner, accountId: '444455556666' })
 * // { problems: ['The spoke VPC vpc-… has enableDnsHostnames off: …'], notes: [] }
 */
export function checkConsumer(observation: ConsumerObservation, spec: ConsumerSpec, who: ConsumerIdentityContext): ConsumerCheckResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const { hub, spoke } = observation;
  if (hub === undefined) problems.push(hubMissingProblem(spec));
  else problems.push(...hubAdmissionProblems(hub, spec, who));
  if (spoke === undefined) {
    problems.push(`VpcId ${spec.vpcId} was not found in account ${who.accountId} (${spec.hub.region}).`);
  } else {
    problems.push(...spokeDnsProblems(spoke));
  }
  if (hub !== undefined && spoke !== undefined) {
    const selection = selectZones(hub.zones, spec.services);
    if (selection.missingServices.length > 0) {
      const served = [...new Set(hub.zones.map((zone) => zone.service))].sort();
      problems.push(
        `The hub serves no zone for ${selection.missingServices.map((name) => `"${name.written}"`).join(', ')} ` +
          `(it serves ${served.length === 0 ? 'none at all' : served.map((service) => `"${service}"`).join(', ')}): ` +
          'remove them from Services, or add them to the hub’s InterfaceServices first.',
      );
    }
    const toAssociate = selection.zones.filter((zone) => !isAssociated(spoke, zone));
    problems.push(...nameConflictProblems(spoke, toAssociate));
    problems.push(...headroomProblems(toAssociate, spoke.vpcId));
    problems.push(...claimProblems(hub, spoke, who));
    problems.push(...ruleQuotaProblems(hub, spoke, who));
    notes.push(...routeNotes(hub, spoke));
  }
  return { problems, notes };
}

function hubMissingProblem(spec: ConsumerSpec): string {
  return (
    `No hub found for HubId ${spec.hubId}: account ${spec.hub.accountId} has no security group tagged ` +
    `${HUB_TAG_KEYS.hub}=${spec.hubId} in ${spec.hub.region}. Check the HubId (the hub's HubId output), and that the hub uses DnsMode HostedZones.`
  );
}

/** The hub must say who may consume, and admit this account. */
function hubAdmissionProblems(hub: ObservedHub, spec: ConsumerSpec, who: ConsumerIdentityContext): string[] {
  const allowed = allowedConsumersFromTags(hub.groupTags);
  if (allowed === undefined) {
    return [
      `The hub ${spec.hubId} does not say who may consume it: its security group ${hub.groupId} has no readable ` +
        `${HUB_TAG_KEYS.allowedConsumers} tag. Update the hub's stack (AllowedConsumers) so that it writes the tag again.`,
    ];
  }
  if (isConsumerAllowed(allowed, who.accountId, spec.hub.accountId)) return [];
  const refused = `Account ${who.accountId} may not consume the hub ${spec.hubId}`;
  if (!needsOrganizationalUnits(allowed, who.accountId, spec.hub.accountId)) {
    return [`${refused}: add it to the hub's AllowedConsumers and update the hub's stack first.`];
  }
  const units = (allowed.kind === 'accounts' ? (allowed.organizationalUnitIds ?? []) : []).join(', ');
  const ancestry = who.ancestry ?? { kind: 'unreadable', reason: 'its parents in the organisation were not read' };
  if (ancestry.kind === 'unreadable') {
    return [`${refused} unless it is in one of the OUs the hub admits (${units}), and that is not known: ${ancestry.reason}.`];
  }
  if (isConsumerAllowed(allowed, who.accountId, spec.hub.accountId, ancestry.parentIds)) return [];
  return [
    `${refused}: it is not listed, and none of its parents (${ancestry.parentIds.join(' < ') || 'none'}) is among the OUs the hub admits (${units}). ` +
      "Add the account or one of its OUs to the hub's AllowedConsumers and update the hub's stack first.",
  ];
}

/** Private zones answer in a VPC only with both DNS attributes on (Route 53 Developer Guide, "Working with private hosted zones"). */
function spokeDnsProblems(spoke: ObservedSpoke): string[] {
  const off = [
    ...(spoke.enableDnsSupport ? [] : ['enableDnsSupport']),
    ...(spoke.enableDnsHostnames ? [] : ['enableDnsHostnames']),
  ];
  if (off.length === 0) return [];
  return [
    `The spoke VPC ${spoke.vpcId} has ${off.join(' and ')} off: private hosted zones answer only in VPCs with both DNS attributes on. ` +
      `Turn ${off.length === 1 ? 'it' : 'them'} on (ModifyVpcAttribute, or the VPC's EnableDnsSupport/EnableDnsHostnames), then retry.`,
  ];
}

/**
 * Route 53 refuses to associate a VPC with a zone whose name another of its zones has (ConflictingDomainExists), and a
 * spoke endpoint's private DNS is such a zone (managed by AWS). Checked by exact name: the current API reference names
 * only "the same name" (docs/design/centralised-endpoints.md).
 */
function nameConflictProblems(spoke: ObservedSpoke, toAssociate: readonly ObservedHubZone[]): string[] {
  const problems: string[] = [];
  for (const zone of toAssociate) {
    for (const endpoint of spoke.privateDnsEndpoints) {
      if (endpoint.privateDnsNames.some((name) => zoneNameOf(name) === zone.name)) {
        problems.push(
          `The spoke VPC ${spoke.vpcId} has interface endpoint ${endpoint.endpointId} (${endpoint.serviceName}) with private DNS on, which serves ` +
            `${zone.name} itself: the hub's zone of that name cannot be associated beside it. Remove that endpoint (or turn its private DNS off), ` +
            'or leave its service out of Services.',
        );
      }
    }
    for (const other of spoke.associatedZones) {
      if (other.zoneId !== zone.zoneId && other.name === zone.name) {
        problems.push(
          `The spoke VPC ${spoke.vpcId} is associated with another private zone named ${zone.name} (${other.zoneId}): Route 53 allows one zone of a name per VPC. ` +
            'Disassociate that zone, or leave its service out of Services.',
        );
      }
    }
  }
  return problems;
}

/** Each zone to associate needs room for one more VPC, and, unless the spoke is authorised already, one more authorisation. */
function headroomProblems(toAssociate: readonly ObservedHubZone[], spokeVpcId: string): string[] {
  const problems: string[] = [];
  for (const zone of toAssociate) {
    if (zone.associatedVpcCount >= zone.maxAssociatedVpcs) {
      problems.push(
        `The hub's zone ${zone.name} (${zone.zoneId}) is associated with ${zone.associatedVpcCount} VPCs, its limit (MAX_VPCS_ASSOCIATED_BY_ZONE ${zone.maxAssociatedVpcs}): ` +
          'ask AWS Support to raise it, or remove a consumer first.',
      );
    }
    const authorised = zone.authorisedVpcIds.includes(spokeVpcId);
    if (!authorised && zone.authorisedVpcIds.length >= MAX_PENDING_AUTHORISATIONS_PER_ZONE) {
      problems.push(
        `The hub's zone ${zone.name} (${zone.zoneId}) holds ${zone.authorisedVpcIds.length} pending VPC association authorisations, the most Route 53 allows ` +
          `(${MAX_PENDING_AUTHORISATIONS_PER_ZONE}): other consumers are being added right now, or left authorisations behind. Retry later; ` +
          'the hub account can list them with ListVPCAssociationAuthorizations.',
      );
    }
  }
  return problems;
}

/** One consumer per hub and spoke, and no CIDR of the spoke already open through someone else's rule. */
function claimProblems(hub: ObservedHub, spoke: ObservedSpoke, who: ConsumerIdentityContext): string[] {
  const other = otherClaimOnSpoke(hub, who.owner, spoke.vpcId);
  if (other !== undefined) {
    return [
      `Another consumer already uses this hub for the spoke VPC ${spoke.vpcId}: ${describeClaimant(other)}. ` +
        'One consumer per hub and spoke VPC: remove that one first, or keep it and drop this one.',
    ];
  }
  return foreignRulesFor(hub, who.owner, spoke.vpcId, desiredClaimCidrs(spoke, hub)).map(
    (rule) =>
      `The hub's security group ${hub.groupId} already admits HTTPS from ${rule.cidr} through rule ${rule.ruleId}, held by ${describeClaimant(claimantOf(rule))}: ` +
      `the spoke VPC ${spoke.vpcId} shares that address space, and a rule cannot be claimed twice. Spokes of one hub need distinct CIDR blocks.`,
  );
}

/**
 * Inbound rules per security group (quota L-0EA8095F): its default, used when Service Quotas could not be read (VPC
 * User Guide, "Amazon VPC quotas", Security groups).
 */
export const DEFAULT_INBOUND_RULES_PER_GROUP = 60;

/**
 * The hub's group must hold the new claim rules next to every rule it has: IPv4 and IPv6 rules are counted separately
 * against the quota, and a rule whose source is not a CIDR (a group, a prefix list) counts for both (VPC User Guide,
 * "Amazon VPC quotas"). The claim is added before the rules it replaces are released (plan.ts), so the peak counts.
 */
function ruleQuotaProblems(hub: ObservedHub, spoke: ObservedSpoke, who: ConsumerIdentityContext): string[] {
  const quota = hub.inboundRulesQuota ?? { value: DEFAULT_INBOUND_RULES_PER_GROUP, applied: false };
  const held = new Set(ownClaimRules(hub, who.owner, spoke.vpcId).flatMap((rule) => (rule.cidr === undefined ? [] : [canonicalCidr(rule.cidr)])));
  const adding = desiredClaimCidrs(spoke, hub).filter((cidr) => !held.has(cidr));
  const familyOf = (cidr: string | undefined): 'ipv4' | 'ipv6' | 'both' => (cidr === undefined ? 'both' : cidr.includes(':') ? 'ipv6' : 'ipv4');
  const problems: string[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const has = hub.ingressRules.filter((rule) => [family, 'both'].includes(familyOf(rule.cidr))).length;
    const needs = adding.filter((cidr) => familyOf(cidr) === family).length;
    if (needs === 0 || has + needs <= quota.value) continue;
    problems.push(
      `The hub's security group ${hub.groupId} has ${has} inbound ${family === 'ipv4' ? 'IPv4' : 'IPv6'} rules and this consumer needs ${needs} more ` +
        `(one per CIDR block of ${spoke.vpcId}), above the quota of ${quota.value} rules per group` +
        `${quota.applied ? '' : ' (the default: Service Quotas was not read or holds no applied value)'}. ` +
        'The hub account must raise "Inbound or outbound rules per security group" (Service Quotas, Amazon VPC, quota code L-0EA8095F).',
    );
  }
  return problems;
}

/** A note per hub block that no spoke route table leads toward: the zones resolve, but the endpoints are not reachable. */
function routeNotes(hub: ObservedHub, spoke: ObservedSpoke): string[] {
  const hubBlocks = hub.dualStack && spoke.ipv6Blocks.length > 0 ? [...hub.vpcIpv4Blocks, ...hub.vpcIpv6Blocks] : [...hub.vpcIpv4Blocks];
  return hubBlocks
    .filter((block) => !spoke.routeTables.some((table) => table.routes.some((route) => routeReaches(route.destination, route.target, block))))
    .map(
      (block) =>
        `No route table of the spoke VPC ${spoke.vpcId} has a route toward the hub's ${block}: the hub's names resolve there, but its endpoints ` +
        'are unreachable until one exists (through a Transit Gateway or peering; this provider does not manage routes).',
    );
}

function routeReaches(destination: string, target: RouteTarget, block: string): boolean {
  if (!REACHING_TARGETS.includes(target)) return false;
  const outer = tryParseCidr(destination);
  const inner = tryParseCidr(block);
  return outer !== undefined && inner !== undefined && outer.version === inner.version && cidrContains(outer, inner);
}
