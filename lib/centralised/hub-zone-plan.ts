/**
 * What a hub's hosted zones should hold, and what to change to get there: pure decisions over observed zones.
 *
 * A zone is the hub's when its CallerReference carries the owner's prefix (see {@link callerReferenceFor}): Route 53
 * cannot tag a zone as it creates it, so a crash between CreateHostedZone and ChangeTagsForResource leaves an untagged
 * zone that the reference still names. A zone whose owner tags name another owner is never the hub's, whatever its
 * reference says.
 *
 * Pure: no I/O, no AWS SDK (node:crypto only, for the digest).
 */
import { createHash } from 'node:crypto';
import { TAG_KEYS, type IpAddressType, type Tag } from '../properties/spec';
import { ownerTags, type Owner } from '../reconcile/ownership';
import type { ConsumerRule } from './consumer-claims';
import { HUB_TAG_KEYS } from './hub-contract';
import { hubZonesFor } from './zone-names';

/** Where an alias record points: the endpoint's regional DNS name and the Route 53 zone that serves it. */
export interface AliasTarget {
  readonly dnsName: string;
  readonly hostedZoneId: string;
}

/** One alias record of a hub zone. Names are lower case, without the trailing dot; `*.<zone>` for the wildcard. */
export interface AliasRecord {
  readonly name: string;
  readonly type: 'A' | 'AAAA';
  readonly target: AliasTarget;
}

/** A zone the hub wants, for one service. */
export interface WantedHubZone {
  readonly service: string;
  readonly zoneName: string;
  readonly records: readonly AliasRecord[];
}

/** A zone as Route 53 lists it, with its tags and its alias records. */
export interface ObservedHubZone {
  readonly zoneId: string;
  /** Lower case, no trailing dot. */
  readonly zoneName: string;
  readonly callerReference: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The A and AAAA alias records (other records are not the hub's to change). */
  readonly records: readonly AliasRecord[];
}

/** One interface service of the hub, with what the zones are made from. */
export interface HubService {
  readonly service: string;
  readonly privateDnsNames: readonly string[];
  /** The endpoint's regional DNS entry; undefined while the endpoint is not listed (no records then). */
  readonly target?: AliasTarget;
  /** The endpoint's own IP address type (it may have fallen back to ipv4): AAAA records only with IPv6. */
  readonly ipAddressType: IpAddressType;
}

/** A change of one record, in Route 53's terms. */
export interface RecordChange {
  readonly action: 'UPSERT' | 'DELETE';
  readonly record: AliasRecord;
}

/** The zones the hub wants: one per name of each service (zone-names.ts), aliases to the service's endpoint. */
export function wantedHubZones(services: readonly HubService[]): WantedHubZone[] {
  return services.flatMap((entry) =>
    hubZonesFor(entry.privateDnsNames, entry.ipAddressType).map((zone) => ({
      service: entry.service,
      zoneName: zone.zoneName,
      records:
        entry.target === undefined
          ? []
          : zone.recordNames.flatMap((name) => zone.recordTypes.map((type) => ({ name, type, target: entry.target as AliasTarget }))),
    })),
  );
}

/**
 * The regional DNS entry of an interface endpoint among its `DnsEntries`: EC2 lists the regional name
 * (`vpce-<id>-<suffix>.<service>.<region>.vpce.amazonaws.com`) and one zonal name per AZ, which adds `-<az>` to the
 * first label; the regional one is the entry of the endpoint's own names with the shortest first label. Private DNS names
 * (which do not start with the endpoint ID) are never it.
 *
 * @example
 * regionalDnsEntry('vpce-0a1b', [{ dnsName: 'vpce-0a1b-x1y2-eu-west-1a.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z1' },
 *   { dnsName: 'vpce-0a1b-x1y2.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z1' }])
 * // => { dnsName: 'vpce-0a1b-x1y2.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z1' }
 */
export function regionalDnsEntry(endpointId: string, entries: readonly AliasTarget[]): AliasTarget | undefined {
  const own = entries.filter((entry) => entry.dnsName.toLowerCase().startsWith(`${endpointId.toLowerCase()}-`) && entry.hostedZoneId !== '');
  const firstLabel = (entry: AliasTarget) => entry.dnsName.split('.')[0]?.length ?? 0;
  return [...own].sort((a, b) => firstLabel(a) - firstLabel(b))[0];
}

/** The CallerReference prefix of every zone of this owner: `vpcep-<digest of the physical ID>-`. */
export function callerReferencePrefix(owner: Owner): string {
  return `vpcep-${digest(owner.physicalId)}-`;
}

/**
 * The CallerReference of the owner's zone `zoneName`, attempt `generation` (1, 2, …). Route 53 refuses a reference used
 * before with HostedZoneAlreadyExists, even once that zone is deleted (API reference, HostedZoneAlreadyExists): a zone
 * removed and made again (a service removed and added back) takes the next generation. Deterministic, so a retry after a
 * crash sends the same reference and is recognised. At most 128 characters, as Route 53 requires.
 */
export function callerReferenceFor(owner: Owner, zoneName: string, generation: number): string {
  return `${callerReferencePrefix(owner)}${digest(zoneName.toLowerCase())}${generation > 1 ? `-${generation}` : ''}`;
}

/** True when the zone belongs to the owner: its reference has the owner's prefix and no tag names another owner. */
export function isOwnHubZone(zone: Pick<ObservedHubZone, 'callerReference' | 'tags'>, owner: Owner): boolean {
  if (!zone.callerReference.startsWith(callerReferencePrefix(owner))) return false;
  const tagged = zone.tags[TAG_KEYS.owner];
  return tagged === undefined || tagged === owner.physicalId;
}

/** The tags of a hub zone: the owner's, the service as the user named it, and the hub's ID (hub-contract.ts). */
export function hubZoneTags(owner: Owner, service: string, hubId: string): Tag[] {
  return [...ownerTags(owner), { key: TAG_KEYS.service, value: service }, { key: HUB_TAG_KEYS.hub, value: hubId }];
}

/** The tags of `wanted` the zone lacks or holds with another value. */
export function missingTags(wanted: readonly Tag[], present: Readonly<Record<string, string>>): Tag[] {
  return wanted.filter((tag) => present[tag.key] !== tag.value);
}

/** How the observed zones meet the wanted ones: which to keep (and check), which to create, which to remove. */
export interface HubZonePlan {
  readonly keep: readonly { readonly wanted: WantedHubZone; readonly zone: ObservedHubZone }[];
  readonly create: readonly WantedHubZone[];
  readonly remove: readonly ObservedHubZone[];
}

/** Matches zones by name; an observed zone of the owner that no wanted zone names is removed. */
export function planHubZones(wanted: readonly WantedHubZone[], observed: readonly ObservedHubZone[]): HubZonePlan {
  const keep: { wanted: WantedHubZone; zone: ObservedHubZone }[] = [];
  const create: WantedHubZone[] = [];
  for (const zone of wanted) {
    const found = observed.find((candidate) => candidate.zoneName === zone.zoneName);
    if (found) keep.push({ wanted: zone, zone: found });
    else create.push(zone);
  }
  const remove = observed.filter((zone) => !wanted.some((candidate) => candidate.zoneName === zone.zoneName));
  return { keep, create, remove };
}

/** The changes that make a zone's alias records exactly the wanted ones: UPSERT the missing or different, DELETE the rest. */
export function recordChanges(wanted: readonly AliasRecord[], observed: readonly AliasRecord[]): RecordChange[] {
  const key = (record: AliasRecord) => `${record.name}|${record.type}`;
  const same = (a: AliasRecord, b: AliasRecord) =>
    a.target.dnsName.replace(/\.$/, '').toLowerCase() === b.target.dnsName.replace(/\.$/, '').toLowerCase() && a.target.hostedZoneId === b.target.hostedZoneId;
  const upserts = wanted.filter((record) => {
    const present = observed.find((candidate) => key(candidate) === key(record));
    return present === undefined || !same(present, record);
  });
  const deletes = observed.filter((record) => !wanted.some((candidate) => key(candidate) === key(record)));
  return [...upserts.map((record) => ({ action: 'UPSERT' as const, record })), ...deletes.map((record) => ({ action: 'DELETE' as const, record }))];
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** A zone of the hub about to be deleted while VPCs other than the hub's are associated with it (GetHostedZone `VPCs`). */
export interface ZoneInUse {
  readonly zoneId: string;
  readonly zoneName: string;
  /** The zone's service tag; undefined for a zone a crash left untagged. */
  readonly service?: string;
  readonly otherVpcIds: readonly string[];
}

/** Which operation would delete the zones, and whether anything was written before the check. */
export interface ZoneRemovalContext {
  readonly operation: 'Update' | 'Delete';
  /** False when the check comes late (endpoints already changed): the message then does not claim nothing changed. */
  readonly beforeAnyWrite: boolean;
}

/**
 * Why the zones cannot be deleted yet: Route 53 deletes a private zone whatever other VPCs are associated with it, and
 * they silently stop resolving its names (docs/simulator.md). One problem: a sentence per zone, naming the service, the
 * zone and each VPC, with the consumer (stack, logical ID, account) that claimed it when one did, then what to do.
 * Empty when no zone is in use.
 *
 * @example
 * zoneRemovalBlockers([{ zoneId: 'Z1', zoneName: 'logs.eu-west-1.amazonaws.com', service: 'logs', otherVpcIds: ['vpc-0b'] }], [], { operation: 'Update', beforeAnyWrite: true })
 * // => ['The hub's zone logs.eu-west-1.amazonaws.com (Z1) for "logs" would be deleted, and 1 other VPC is associated with it: vpc-0b (no consumer of this hub claims it). … Nothing was changed. A VPC no consumer claims …']
 */
export function zoneRemovalBlockers(zones: readonly ZoneInUse[], consumers: readonly ConsumerRule[], context: ZoneRemovalContext): string[] {
  if (zones.length === 0) return [];
  const blockers = [...zones]
    .sort((a, b) => a.zoneName.localeCompare(b.zoneName))
    .map((zone) => {
      const vpcs = [...zone.otherVpcIds].sort().map((vpcId) => `${vpcId} (${claimantOf(vpcId, consumers)})`);
      return (
        `The hub's zone ${zone.zoneName} (${zone.zoneId})${zone.service === undefined ? '' : ` for "${zone.service}"`} would be deleted, and ` +
        `${vpcs.length} other VPC${vpcs.length === 1 ? ' is' : 's are'} associated with it: ${vpcs.join('; ')}. ` +
        'Route 53 deletes a zone with its associations, and those VPCs would stop resolving its names.'
      );
    });
  const claimed = zones.some((zone) => zone.otherVpcIds.some((vpcId) => consumers.some((rule) => rule.consumerVpcId === vpcId)));
  const unclaimed = zones.some((zone) => zone.otherVpcIds.some((vpcId) => !consumers.some((rule) => rule.consumerVpcId === vpcId)));
  const remedies = [
    ...(claimed
      ? [
          context.operation === 'Update'
            ? 'Update those consumers to leave the service (their Services), or delete them, first; then update the hub again.'
            : 'Delete those consumers first; then delete the hub again.',
        ]
      : []),
    ...(unclaimed
      ? [`A VPC no consumer claims was associated outside this provider: disassociate it (DisassociateVPCFromHostedZone) first; then ${context.operation === 'Update' ? 'update' : 'delete'} the hub again.`]
      : []),
  ];
  return [[...blockers, context.beforeAnyWrite ? 'Nothing was changed.' : 'The zones were not deleted.', ...remedies].join(' ')];
}

/** The consumer that claimed the VPC on the hub's group, or what is known without one. */
function claimantOf(vpcId: string, consumers: readonly ConsumerRule[]): string {
  const claim = consumers.find((rule) => rule.consumerVpcId === vpcId);
  if (claim === undefined) return 'no consumer of this hub claims it';
  const account = claim.stackId.split(':')[4];
  return claim.stackId === '' ? 'an unnamed consumer' : `${claim.logicalId || '(no logical ID)'} in stack ${claim.stackId}${account ? `, account ${account}` : ''}`;
}
