/**
 * A consumer's claim on a hub: the HTTPS ingress rules it adds to the hub's security group, one per spoke CIDR block,
 * each tagged with the consumer's owner tags and the spoke VPC (lib/centralised/hub-contract.ts). The claim is what the
 * consumer owns on the hub; it also makes the consumer the owner of its spoke's associations with the hub's zones.
 *
 * Pure: no AWS SDK.
 */
import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import { formatCidr, tryParseCidr } from '../cidr';
import type { Tag } from '../properties/spec';
import { isOwnedBy, ownerTags, type Owner } from '../reconcile/ownership';
import { TAG_KEYS } from '../properties/spec';
import type { ObservedHub, ObservedIngressRule, ObservedSpoke } from './observation';

/** The port every claim rule opens: the hub's interface endpoints answer HTTPS. */
export const HTTPS_PORT = 443;

/** Who claims a rule, read from its tags: enough to name it in a message. */
export interface Claimant {
  readonly physicalId: string;
  readonly stackId?: string;
  readonly logicalResourceId?: string;
}

/**
 * The CIDR blocks the claim must hold: every IPv4 block of the spoke, and its IPv6 blocks when the hub answers over
 * IPv6. Canonical text, in the spoke's order.
 *
 * @example
 * desiredClaimCidrs({ ipv4Blocks: ['10.1.0.0/16'], ipv6Blocks: ['2600:1f18::/56'] }, { dualStack: false }) // ['10.1.0.0/16']
 */
export function desiredClaimCidrs(spoke: Pick<ObservedSpoke, 'ipv4Blocks' | 'ipv6Blocks'>, hub: Pick<ObservedHub, 'dualStack'>): string[] {
  const blocks = hub.dualStack ? [...spoke.ipv4Blocks, ...spoke.ipv6Blocks] : [...spoke.ipv4Blocks];
  return [...new Set(blocks.map(canonicalCidr))];
}

/** The tags a claim rule carries: the owner's, and the spoke VPC it admits. */
export function claimRuleTags(owner: Owner, spokeVpcId: string): Tag[] {
  return [...ownerTags(owner), { key: HUB_TAG_KEYS.consumerVpc, value: spokeVpcId }];
}

/** The rules of the hub's group that are this consumer's claim for this spoke (every owner tag, and the spoke's). */
export function ownClaimRules(hub: Pick<ObservedHub, 'ingressRules'>, owner: Owner, spokeVpcId: string): ObservedIngressRule[] {
  return hub.ingressRules.filter((rule) => isOwnedBy(rule.tags, owner) && rule.tags[HUB_TAG_KEYS.consumerVpc] === spokeVpcId);
}

/** Another consumer's claim on the same spoke VPC, if any: one consumer per hub and spoke. */
export function otherClaimOnSpoke(hub: Pick<ObservedHub, 'ingressRules'>, owner: Owner, spokeVpcId: string): Claimant | undefined {
  const rule = hub.ingressRules.find((candidate) => candidate.tags[HUB_TAG_KEYS.consumerVpc] === spokeVpcId && !isOwnedBy(candidate.tags, owner));
  return rule === undefined ? undefined : claimantOf(rule);
}

/**
 * Rules of the hub's group already open to HTTPS from one of `cidrs` that are not this consumer's: EC2 holds one rule
 * per source and port range, so such a CIDR cannot become part of the claim (two spokes with the same address space, or
 * a rule someone added by hand).
 */
export function foreignRulesFor(hub: Pick<ObservedHub, 'ingressRules'>, owner: Owner, spokeVpcId: string, cidrs: readonly string[]): ObservedIngressRule[] {
  const own = new Set(ownClaimRules(hub, owner, spokeVpcId).map((rule) => rule.ruleId));
  const wanted = new Set(cidrs.map(canonicalCidr));
  return hub.ingressRules.filter((rule) => !own.has(rule.ruleId) && isHttpsRule(rule) && rule.cidr !== undefined && wanted.has(canonicalCidr(rule.cidr)));
}

/** Whether a rule opens exactly TCP 443, the shape of a claim rule. */
export function isHttpsRule(rule: Pick<ObservedIngressRule, 'protocol' | 'fromPort' | 'toPort'>): boolean {
  return rule.protocol === 'tcp' && rule.fromPort === HTTPS_PORT && rule.toPort === HTTPS_PORT;
}

/** The owner recorded on a rule, as far as its tags tell (a rule without owner tags has an empty physical ID). */
export function claimantOf(rule: Pick<ObservedIngressRule, 'tags'>): Claimant {
  return {
    physicalId: rule.tags[TAG_KEYS.owner] ?? '',
    ...(rule.tags[TAG_KEYS.stackId] === undefined ? {} : { stackId: rule.tags[TAG_KEYS.stackId] }),
    ...(rule.tags[TAG_KEYS.logicalId] === undefined ? {} : { logicalResourceId: rule.tags[TAG_KEYS.logicalId] }),
  };
}

/** A claimant in words: `Consumer in stack arn:… (physical ID vpce-consumer-v1-…)`. */
export function describeClaimant(claimant: Claimant): string {
  if (claimant.physicalId === '') return 'a rule without this provider’s owner tags';
  const where = claimant.logicalResourceId === undefined ? 'a resource' : `${claimant.logicalResourceId}`;
  const stack = claimant.stackId === undefined ? '' : ` in stack ${claimant.stackId}`;
  return `${where}${stack} (physical ID ${claimant.physicalId})`;
}

/** A CIDR's canonical text (`10.1.0.0/16`, compressed IPv6), so that rules and blocks compare as addresses. */
export function canonicalCidr(text: string): string {
  const cidr = tryParseCidr(text);
  return cidr === undefined ? text : formatCidr(cidr);
}
