/**
 * What a hub (`Custom::VpcEndpoints` with `DnsMode: HostedZones`) and its consumers (`Custom::VpcEndpointConsumer`)
 * agree on, written down once: how a hub is named, which tags it leaves for consumers to read, and who may consume.
 *
 * Both sides run in the same provider but in different stacks, often in different accounts: a consumer never sees the
 * hub's properties, only what the hub wrote to AWS. So the hub records who may consume as tags on its security group,
 * and a consumer records its claim on the hub as tags on the ingress rules it adds to that group. Deployed resources
 * depend on these keys and formats: never change them without a migration.
 *
 * Pure: no AWS SDK.
 */
import type { Tag } from '../properties/spec';

export const HUB_TAG_KEYS = {
  /** On a hub's hosted zones and security group: the hub's ID (see {@link hubIdFor}). */
  hub: 'vpce-provisioner:hub',
  /**
   * On a hub's security group: who may consume. The value is chunked over this key and `<key>-2`, `<key>-3`… because a
   * tag value holds at most 256 characters (EC2 User Guide, "Tag restrictions").
   */
  allowedConsumers: 'vpce-provisioner:allowed-consumers',
  /** On the ingress rules a consumer adds to the hub's group, beside the consumer's owner tags: the spoke VPC's ID. */
  consumerVpc: 'vpce-provisioner:consumer-vpc',
} as const;

/** The value of `AllowedConsumers` that admits every account the provider serves (its spoke role's organisation). */
export const ORGANIZATION = 'Organization';

/** Who may consume a hub: the accounts the provider serves, or a list of account IDs. The hub's own account always may. */
export type AllowedConsumers =
  | { readonly kind: 'organization' }
  | { readonly kind: 'accounts'; readonly accountIds: readonly string[] };

/** Identifies a hub: the ARN of its VPC, which names the partition, Region, account and VPC a consumer needs. */
export interface HubRef {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcId: string;
}

const HUB_ID = /^arn:(aws[a-z-]*):ec2:([a-z]{2,}(?:-[a-z]+)+-\d+):(\d{12}):vpc\/(vpc-(?:[0-9a-f]{8}|[0-9a-f]{17}))$/;
const TAG_VALUE_LIMIT = 256;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * The hub's ID, as its `HubId` output gives it to consumers: the VPC's ARN.
 *
 * @example
 * hubIdFor({ partition: 'aws', region: 'eu-west-1', accountId: '111122223333', vpcId: 'vpc-0a1b2c3d' })
 * // 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d'
 */
export function hubIdFor(hub: HubRef): string {
  return `arn:${hub.partition}:ec2:${hub.region}:${hub.accountId}:vpc/${hub.vpcId}`;
}

/** The hub named by a `HubId`, or undefined when the text is not one (a consumer's property error). */
export function parseHubId(text: string): HubRef | undefined {
  const match = HUB_ID.exec(text);
  if (!match) return undefined;
  const [, partition, region, accountId, vpcId] = match as unknown as [string, string, string, string, string];
  return { partition, region, accountId, vpcId };
}

/**
 * The tags that record who may consume, each value at most 256 characters: account IDs separated by spaces, or
 * `Organization`. Deterministic (accounts sorted), so that an unchanged list never rewrites the tags.
 */
export function allowedConsumersToTags(allowed: AllowedConsumers): Tag[] {
  if (allowed.kind === 'organization') return [{ key: HUB_TAG_KEYS.allowedConsumers, value: ORGANIZATION }];
  const chunks: string[] = [];
  let current = '';
  for (const accountId of [...new Set(allowed.accountIds)].sort()) {
    const next = current === '' ? accountId : `${current} ${accountId}`;
    if (next.length > TAG_VALUE_LIMIT) {
      chunks.push(current);
      current = accountId;
    } else {
      current = next;
    }
  }
  chunks.push(current);
  return chunks.map((value, index) => ({ key: chunkKey(index), value }));
}

/**
 * Who may consume, read back from the hub group's tags; undefined when the tags do not say (not a hub, or a hub whose
 * tags were edited by hand into something unreadable): a consumer then refuses, never guesses.
 */
export function allowedConsumersFromTags(tags: Readonly<Record<string, string>>): AllowedConsumers | undefined {
  const first = tags[HUB_TAG_KEYS.allowedConsumers];
  if (first === undefined) return undefined;
  if (first === ORGANIZATION) return { kind: 'organization' };
  const accountIds: string[] = [];
  for (let index = 0; tags[chunkKey(index)] !== undefined; index += 1) {
    const words = (tags[chunkKey(index)] as string).split(' ').filter((word) => word !== '');
    if (words.some((word) => !ACCOUNT_ID.test(word))) return undefined;
    accountIds.push(...words);
  }
  return { kind: 'accounts', accountIds };
}

/** Whether a consumer in `accountId` may use the hub owned by `hubAccountId`. */
export function isConsumerAllowed(allowed: AllowedConsumers, accountId: string, hubAccountId: string): boolean {
  if (accountId === hubAccountId || allowed.kind === 'organization') return true;
  return allowed.accountIds.includes(accountId);
}

function chunkKey(index: number): string {
  return index === 0 ? HUB_TAG_KEYS.allowedConsumers : `${HUB_TAG_KEYS.allowedConsumers}-${index + 1}`;
}
