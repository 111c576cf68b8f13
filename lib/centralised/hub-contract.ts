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
  /**
   * On a hub's security group: the OUs and roots whose accounts may consume, chunked like the accounts (`<key>-2`…).
   * A key of its own, so that the account list stays readable by a consumer that knows no OUs (it then refuses an
   * account admitted only through an OU, never admits a wrong one); and a key that starts with `allowedConsumers`, so
   * the hub's retagging (which removes stale keys of that prefix) removes it when the OUs go.
   */
  allowedOrganizationalUnits: 'vpce-provisioner:allowed-consumers-ous',
  /** On the ingress rules a consumer adds to the hub's group, beside the consumer's owner tags: the spoke VPC's ID. */
  consumerVpc: 'vpce-provisioner:consumer-vpc',
} as const;

/** The value of `AllowedConsumers` that admits every account the provider serves (its spoke role's organisation). */
export const ORGANIZATION = 'Organization';

/**
 * Who may consume a hub: the accounts the provider serves, or a list of account IDs and of OUs or roots whose accounts
 * may (at any depth). The hub's own account always may.
 */
export type AllowedConsumers =
  | { readonly kind: 'organization' }
  | {
      readonly kind: 'accounts';
      readonly accountIds: readonly string[];
      /** OU IDs (`ou-…`) and root IDs (`r-…`); absent or empty: accounts only. */
      readonly organizationalUnitIds?: readonly string[];
    };

/**
 * An OU's ID: `ou-`, 4 to 32 lowercase letters or digits (its root's), `-`, 8 to 32 more (AWS Organizations API
 * reference, ListParents, `ChildId`).
 */
export const ORGANIZATIONAL_UNIT_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** A root's ID: `r-` and 4 to 32 lowercase letters or digits (AWS Organizations API reference, "Root" data type). */
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

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
 * `Organization`; OUs and roots, when listed, under their own key. Deterministic (IDs sorted), so that an unchanged list
 * never rewrites the tags.
 *
 * @example
 * allowedConsumersToTags({ kind: 'accounts', accountIds: ['444455556666'], organizationalUnitIds: ['ou-a1b2-workload1'] })
 * // [{ key: 'vpce-provisioner:allowed-consumers', value: '444455556666' },
 * //  { key: 'vpce-provisioner:allowed-consumers-ous', value: 'ou-a1b2-workload1' }]
 */
export function allowedConsumersToTags(allowed: AllowedConsumers): Tag[] {
  if (allowed.kind === 'organization') return [{ key: HUB_TAG_KEYS.allowedConsumers, value: ORGANIZATION }];
  const units = allowed.organizationalUnitIds ?? [];
  return [
    ...chunked(allowed.accountIds).map((value, index) => ({ key: chunkKey(HUB_TAG_KEYS.allowedConsumers, index), value })),
    ...(units.length === 0 ? [] : chunked(units).map((value, index) => ({ key: chunkKey(HUB_TAG_KEYS.allowedOrganizationalUnits, index), value }))),
  ];
}

/**
 * Who may consume, read back from the hub group's tags; undefined when the tags do not say (not a hub, or a hub whose
 * tags were edited by hand into something unreadable): a consumer then refuses, never guesses.
 */
export function allowedConsumersFromTags(tags: Readonly<Record<string, string>>): AllowedConsumers | undefined {
  const first = tags[HUB_TAG_KEYS.allowedConsumers];
  if (first === undefined) return undefined;
  if (first === ORGANIZATION) return { kind: 'organization' };
  const accountIds = wordsOf(tags, HUB_TAG_KEYS.allowedConsumers);
  const organizationalUnitIds = wordsOf(tags, HUB_TAG_KEYS.allowedOrganizationalUnits);
  if (accountIds.some((word) => !ACCOUNT_ID.test(word))) return undefined;
  if (organizationalUnitIds.some((word) => !isOrganizationalUnitOrRootId(word))) return undefined;
  return organizationalUnitIds.length === 0 ? { kind: 'accounts', accountIds } : { kind: 'accounts', accountIds, organizationalUnitIds };
}

/** Whether `text` is an OU ID or a root ID, the containers `AllowedConsumers` may name. */
export function isOrganizationalUnitOrRootId(text: string): boolean {
  return ORGANIZATIONAL_UNIT_ID.test(text) || ROOT_ID.test(text);
}

/**
 * Whether a consumer in `accountId` may use the hub owned by `hubAccountId`: the hub's own account, the organisation,
 * a listed account, or an account one of whose parents (`parentIds`, from its OU up to the root) is listed.
 *
 * @example
 * isConsumerAllowed({ kind: 'accounts', accountIds: [], organizationalUnitIds: ['ou-a1b2-workload1'] }, '444455556666', '111122223333', ['ou-a1b2-prod0001', 'ou-a1b2-workload1', 'r-a1b2'])
 * // true
 */
export function isConsumerAllowed(allowed: AllowedConsumers, accountId: string, hubAccountId: string, parentIds: readonly string[] = []): boolean {
  if (accountId === hubAccountId || allowed.kind === 'organization') return true;
  if (allowed.accountIds.includes(accountId)) return true;
  return parentIds.some((parentId) => (allowed.organizationalUnitIds ?? []).includes(parentId));
}

/**
 * Whether admitting `accountId` depends on where it sits in the organisation: it is not admitted by itself, and the hub
 * lists OUs or roots. Only then does a consumer read its parents (AWS Organizations), so a hub of accounts only never
 * needs Organizations at all.
 */
export function needsOrganizationalUnits(allowed: AllowedConsumers, accountId: string, hubAccountId: string): boolean {
  return !isConsumerAllowed(allowed, accountId, hubAccountId) && allowed.kind === 'accounts' && (allowed.organizationalUnitIds ?? []).length > 0;
}

/** IDs sorted, without repeats, joined by spaces into values of at most 256 characters (at least one, maybe empty). */
function chunked(ids: readonly string[]): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const id of [...new Set(ids)].sort()) {
    const next = current === '' ? id : `${current} ${id}`;
    if (next.length > TAG_VALUE_LIMIT) {
      chunks.push(current);
      current = id;
    } else {
      current = next;
    }
  }
  chunks.push(current);
  return chunks;
}

/** The words of the chunks under `baseKey`, `<baseKey>-2`… in order. */
function wordsOf(tags: Readonly<Record<string, string>>, baseKey: string): string[] {
  const words: string[] = [];
  for (let index = 0; tags[chunkKey(baseKey, index)] !== undefined; index += 1) {
    words.push(...(tags[chunkKey(baseKey, index)] as string).split(' ').filter((word) => word !== ''));
  }
  return words;
}

function chunkKey(baseKey: string, index: number): string {
  return index === 0 ? baseKey : `${baseKey}-${index + 1}`;
}
