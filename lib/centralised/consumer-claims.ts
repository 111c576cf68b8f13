/**
 * A consumer's claim on a hub, as the hub reads it: an HTTPS rule on the hub's security group tagged with
 * `vpce-provisioner:consumer-vpc` (hub-contract.ts) and the consumer's owner tags. The hub never revokes such a rule, and
 * its Delete waits until none is left, naming each consumer so the operator knows which stacks to delete first.
 *
 * Pure: no I/O, no AWS SDK.
 */
import { TAG_KEYS } from '../properties/spec';
import type { Owner } from '../reconcile/ownership';
import { HUB_TAG_KEYS } from './hub-contract';

/** One ingress rule a consumer added to the hub's group. */
export interface ConsumerRule {
  readonly ruleId: string;
  /** The CIDR the rule admits (the spoke VPC's block). */
  readonly cidr: string;
  readonly consumerVpcId: string;
  /** The consumer's stack ID and logical ID, from its owner tags (empty when the tags do not say). */
  readonly stackId: string;
  readonly logicalId: string;
}

/** A rule as EC2 lists it (DescribeSecurityGroupRules), reduced to what the claim needs. */
export interface ListedRule {
  readonly ruleId: string;
  readonly cidr?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The consumers' rules among `rules`: tagged with a consumer VPC, and whose owner tag is not the hub's own (a rule the
 * hub itself made is the hub's to manage, whatever else it carries).
 */
export function consumerRulesAmong(rules: readonly ListedRule[], hubOwner: Owner): ConsumerRule[] {
  return rules.flatMap((rule) => {
    const consumerVpcId = rule.tags[HUB_TAG_KEYS.consumerVpc];
    if (consumerVpcId === undefined || rule.cidr === undefined || rule.tags[TAG_KEYS.owner] === hubOwner.physicalId) return [];
    return [{ ruleId: rule.ruleId, cidr: rule.cidr, consumerVpcId, stackId: rule.tags[TAG_KEYS.stackId] ?? '', logicalId: rule.tags[TAG_KEYS.logicalId] ?? '' }];
  });
}

/**
 * Why the hub cannot be deleted yet: one sentence naming every consumer (stack and logical ID, spoke VPC), once each.
 * Empty when no consumer is left.
 *
 * @example
 * hubDeleteBlockers([{ ruleId: 'sgr-1', cidr: '10.20.0.0/16', consumerVpcId: 'vpc-0a1b', stackId: 'arn:…:stack/app/1', logicalId: 'Consumer' }])
 * // => ['This hub still has 1 consumer: … Delete the consumers first, then delete the hub again.']
 */
export function hubDeleteBlockers(rules: readonly ConsumerRule[]): string[] {
  if (rules.length === 0) return [];
  const consumers = new Map<string, string>();
  for (const rule of rules) {
    const who = rule.stackId === '' ? `an unnamed consumer of ${rule.consumerVpcId}` : `${rule.logicalId || '(no logical ID)'} in stack ${rule.stackId} (VPC ${rule.consumerVpcId})`;
    consumers.set(`${rule.stackId}|${rule.logicalId}|${rule.consumerVpcId}`, who);
  }
  const names = [...consumers.values()].sort();
  return [
    `This hub still has ${names.length} consumer${names.length === 1 ? '' : 's'}: ${names.join('; ')}. ` +
      'Nothing was deleted. Delete the consumers first (their Delete removes their rules and zone associations), then delete the hub again.',
  ];
}
