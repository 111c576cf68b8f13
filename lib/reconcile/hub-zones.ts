/**
 * A hub's private hosted zones (DnsMode "HostedZones"), observed and converged through Route 53: one zone per private
 * DNS name of each interface service, associated with the hub VPC, tagged with the owner, and alias records to the
 * service's endpoint. The decisions are lib/centralised/hub-zone-plan.ts's; this module reads and writes.
 *
 * Order matters to Route 53: a zone is deleted only once its records other than SOA and NS are gone (HostedZoneNotEmpty,
 * API reference DeleteHostedZone), so records go first. Records of one zone change in one batch: a second change to a
 * zone while the first is PENDING can answer PriorRequestNotComplete (retried by the paced client).
 */
import {
  callerReferenceFor,
  callerReferencePrefix,
  hubZoneTags,
  isOwnHubZone,
  missingTags,
  planHubZones,
  recordChanges,
  zoneRemovalBlockers,
  type AliasRecord,
  type ObservedHubZone,
  type RecordChange,
  type WantedHubZone,
  type ZoneInUse,
} from '../centralised/hub-zone-plan';
import type { Ec2Sender } from '../ec2/paced-client';
import { countingWrites } from '../ec2/write-counter';
import { PreconditionFailedError, ProvisionerError, UserInputError } from '../errors';
import { TAG_KEYS } from '../properties/spec';
import type { Logger } from '../protocol/logger';
import { isRoute53Error, ROUTE53_ERRORS } from '../route53/errors';
import type { Clock } from '../clock';
import { tagsToRecord, type Owner } from './ownership';
import { waitFor } from './wait';
import { settleAll } from './settle-all';

/** Route 53's most zones per ListHostedZones page, and resources per ListTagsForResources call (API reference). */
const ZONES_PER_PAGE = 100;
const TAGGED_RESOURCES_PER_CALL = 10;
/** Generations of a zone's CallerReference tried before giving up (see callerReferenceFor). */
const MAX_REFERENCE_GENERATIONS = 20;

/** What waiting for a zone's change needs. */
export interface ChangeWaitContext {
  readonly clock: Clock;
  readonly remainingMs: () => number;
  readonly log: Logger;
}

/** What the hub's zone work needs. `route53` is paced (PacedRoute53Client). */
export interface HubZonesContext extends ChangeWaitContext {
  readonly route53: Ec2Sender;
  readonly owner: Owner;
  readonly vpcId: string;
  readonly region: string;
  readonly hubId: string;
  readonly log: Logger;
}

/** The hub's zones after converging, by service (in the catalogue's order of names), and the Route 53 writes made. */
export interface HubZonesOutcome {
  readonly zoneIdsByService: ReadonlyMap<string, readonly string[]>;
  readonly writes: number;
}

/**
 * Every zone of the owner: listed by CallerReference prefix, then tags and alias records read. `records: false` leaves
 * the records unread (empty), one call a zone fewer, for a caller that only compares zones (checkHubZoneRemovals).
 */
export async function observeHubZones(route53: Ec2Sender, owner: Owner, options: { readonly records?: boolean } = {}): Promise<ObservedHubZone[]> {
  const { ListHostedZonesCommand, ListTagsForResourcesCommand } = await import('../aws/route53');
  const prefix = callerReferencePrefix(owner);
  const candidates: { zoneId: string; zoneName: string; callerReference: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await route53.send(new ListHostedZonesCommand({ MaxItems: ZONES_PER_PAGE, ...(marker ? { Marker: marker } : {}) }));
    for (const zone of (page?.HostedZones ?? []) as { Id?: string; Name?: string; CallerReference?: string; Config?: { PrivateZone?: boolean } }[]) {
      if (!zone.Id || !zone.Name || !zone.CallerReference?.startsWith(prefix) || zone.Config?.PrivateZone !== true) continue;
      candidates.push({ zoneId: bareZoneId(zone.Id), zoneName: normalName(zone.Name), callerReference: zone.CallerReference });
    }
    marker = page?.IsTruncated ? page.NextMarker : undefined;
  } while (marker);
  const tagsById = new Map<string, Record<string, string>>();
  for (let start = 0; start < candidates.length; start += TAGGED_RESOURCES_PER_CALL) {
    const ids = candidates.slice(start, start + TAGGED_RESOURCES_PER_CALL).map((zone) => zone.zoneId);
    const output = await route53.send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: ids }));
    for (const set of (output?.ResourceTagSets ?? []) as { ResourceId?: string; Tags?: { Key?: string; Value?: string }[] }[]) {
      if (set.ResourceId) tagsById.set(bareZoneId(set.ResourceId), tagsToRecord(set.Tags));
    }
  }
  const zones: ObservedHubZone[] = [];
  for (const candidate of candidates) {
    const zone = { ...candidate, tags: tagsById.get(candidate.zoneId) ?? {} };
    if (!isOwnHubZone(zone, owner)) continue;
    zones.push({ ...zone, records: options.records === false ? [] : await aliasRecordsOf(route53, candidate.zoneId) });
  }
  return zones;
}

/**
 * Makes the owner's zones exactly `wanted`: creates the missing ones (associated with the hub VPC), tags them, sets
 * their alias records, and removes the zones no longer wanted (records first).
 */
export async function convergeHubZones(wanted: readonly WantedHubZone[], context: HubZonesContext): Promise<HubZonesOutcome> {
  const route53 = writeCounting(context.route53);
  const plan = planHubZones(wanted, await observeHubZones(route53, context.owner));
  context.log.info('hub zones plan', {
    create: plan.create.map((zone) => zone.zoneName),
    keep: plan.keep.map(({ zone }) => zone.zoneName),
    remove: plan.remove.map((zone) => zone.zoneName),
  });
  // Checked before any write by checkHubZoneRemovals (hub.ts); checked again here, since a consumer may have joined a
  // zone while the endpoints changed, and Route 53 would delete the zone under it without a word.
  const inUse = await zonesInUse(route53, plan.remove, { vpcId: context.vpcId, region: context.region });
  if (inUse.length > 0) throw new UserInputError(zoneRemovalBlockers(inUse, [], { operation: 'Update', beforeAnyWrite: false }));
  // Zones are independent: each goes its own way at once, paced by the client (no write left in flight on failure).
  await settleAll(plan.remove.map((zone) => removeZone(route53, zone, context)));
  const converged = await settleAll(
    wanted.map(async (zone) => {
      const kept = plan.keep.find((entry) => entry.wanted === zone)?.zone;
      const zoneId = kept?.zoneId ?? (await createZone(route53, zone, context));
      await tagZone(route53, zoneId, missingTags(hubZoneTags(context.owner, zone.service, context.hubId), kept?.tags ?? {}));
      const changeId = await changeRecords(route53, zoneId, recordChanges(zone.records, kept?.records ?? []));
      // SUCCESS means the names answer: and a Delete that follows soon (a rollback) is not refused for a PENDING change.
      if (changeId !== undefined) await awaitInSync(route53, changeId, context);
      return { service: zone.service, zoneId };
    }),
  );
  const zoneIdsByService = new Map<string, string[]>();
  for (const { service, zoneId } of converged) zoneIdsByService.set(service, [...(zoneIdsByService.get(service) ?? []), zoneId]);
  return { zoneIdsByService, writes: route53.writes };
}

/**
 * Removes every zone of the owner, records first. Returns the Route 53 writes made.
 *
 * @throws PreconditionFailedError before any write when a zone has VPCs other than the hub's associated (`hubVpc`).
 */
export async function removeHubZones(
  route53Sender: Ec2Sender,
  owner: Owner,
  hubVpc: { readonly vpcId: string; readonly region: string },
  context: ChangeWaitContext,
): Promise<number> {
  const route53 = writeCounting(route53Sender);
  const zones = await observeHubZones(route53, owner);
  const inUse = await zonesInUse(route53, zones, hubVpc);
  if (inUse.length > 0) throw new PreconditionFailedError(zoneRemovalBlockers(inUse, [], { operation: 'Delete', beforeAnyWrite: true }));
  await settleAll(zones.map((zone) => removeZone(route53, zone, context)));
  return route53.writes;
}

/**
 * The zones among `zones` that VPCs other than the hub's are associated with, as GetHostedZone lists them (other
 * accounts' VPCs included: docs/simulator.md). A zone already gone (NoSuchHostedZone) is in no one's use.
 */
export async function zonesInUse(route53: Ec2Sender, zones: readonly ObservedHubZone[], hubVpc: { readonly vpcId: string; readonly region: string }): Promise<ZoneInUse[]> {
  const { GetHostedZoneCommand } = await import('../aws/route53');
  const readings = await settleAll(
    zones.map(async (zone): Promise<ZoneInUse | undefined> => {
      let vpcs: { VPCId?: string; VPCRegion?: string }[];
      try {
        vpcs = ((await route53.send(new GetHostedZoneCommand({ Id: zone.zoneId })))?.VPCs ?? []) as { VPCId?: string; VPCRegion?: string }[];
      } catch (error) {
        if (isRoute53Error(error, ROUTE53_ERRORS.noSuchHostedZone)) return undefined;
        throw error;
      }
      const others = vpcs.filter((vpc) => vpc.VPCId !== undefined && !(vpc.VPCId === hubVpc.vpcId && (vpc.VPCRegion ?? hubVpc.region) === hubVpc.region));
      if (others.length === 0) return undefined;
      const service = zone.tags[TAG_KEYS.service];
      return { zoneId: zone.zoneId, zoneName: zone.zoneName, ...(service === undefined ? {} : { service }), otherVpcIds: others.map((vpc) => vpc.VPCId as string) };
    }),
  );
  return readings.filter((zone): zone is ZoneInUse => zone !== undefined);
}

/**
 * CreateHostedZone with the zone's deterministic CallerReference. HostedZoneAlreadyExists means the reference was used:
 * by this owner's earlier attempt (a crash after the create; the zone is listed with that reference and is adopted), or
 * by a zone since deleted (none is listed: the next generation is tried).
 */
async function createZone(route53: Ec2Sender, zone: WantedHubZone, context: HubZonesContext): Promise<string> {
  const { CreateHostedZoneCommand, ListHostedZonesCommand } = await import('../aws/route53');
  for (let generation = 1; generation <= MAX_REFERENCE_GENERATIONS; generation++) {
    const reference = callerReferenceFor(context.owner, zone.zoneName, generation);
    try {
      const output = await route53.send(
        new CreateHostedZoneCommand({
          Name: zone.zoneName,
          CallerReference: reference,
          VPC: { VPCId: context.vpcId, VPCRegion: context.region as never },
          HostedZoneConfig: { PrivateZone: true, Comment: `vpce-provisioner hub zone for ${zone.service}` },
        }),
      );
      const zoneId = output?.HostedZone?.Id;
      if (typeof zoneId !== 'string') throw new ProvisionerError(`CreateHostedZone for ${zone.zoneName} answered no zone ID.`);
      context.log.info('created hosted zone', { zoneName: zone.zoneName, zoneId: bareZoneId(zoneId) });
      return bareZoneId(zoneId);
    } catch (error) {
      if (isRoute53Error(error, ROUTE53_ERRORS.conflictingDomainExists)) {
        // Checked before any write for endpoints (hub-preflight.ts); a zone of the name associated with the VPC is not.
        throw new UserInputError([
          `Route 53 refused the hub zone ${zone.zoneName} for "${zone.service}": VPC ${context.vpcId} already has a private hosted zone or a private-DNS endpoint of that name (ConflictingDomainExists). Remove it from the VPC, or the service from this hub.`,
        ]);
      }
      if (!isRoute53Error(error, ROUTE53_ERRORS.hostedZoneAlreadyExists)) throw error;
      const adopted = await zoneWithReference(route53, reference, ListHostedZonesCommand);
      if (adopted !== undefined) {
        context.log.info('adopted the hosted zone of an earlier attempt', { zoneName: zone.zoneName, zoneId: adopted });
        return adopted;
      }
    }
  }
  throw new ProvisionerError(`CreateHostedZone for ${zone.zoneName}: ${MAX_REFERENCE_GENERATIONS} caller references in a row were already used.`);
}

async function zoneWithReference(route53: Ec2Sender, reference: string, command: new (input: object) => object): Promise<string | undefined> {
  let marker: string | undefined;
  do {
    const page = await route53.send(new command({ MaxItems: ZONES_PER_PAGE, ...(marker ? { Marker: marker } : {}) }));
    const found = ((page?.HostedZones ?? []) as { Id?: string; CallerReference?: string }[]).find((zone) => zone.CallerReference === reference);
    if (found?.Id) return bareZoneId(found.Id);
    marker = page?.IsTruncated ? page.NextMarker : undefined;
  } while (marker);
  return undefined;
}

async function tagZone(route53: Ec2Sender, zoneId: string, tags: readonly { key: string; value: string }[]): Promise<void> {
  if (tags.length === 0) return;
  const { ChangeTagsForResourceCommand } = await import('../aws/route53');
  await route53.send(
    new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zoneId, AddTags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) }),
  );
}

/** Sends the changes in one batch; returns the change's ID (to wait on), or undefined when there was nothing to change. */
async function changeRecords(route53: Ec2Sender, zoneId: string, changes: readonly RecordChange[]): Promise<string | undefined> {
  if (changes.length === 0) return undefined;
  const { ChangeResourceRecordSetsCommand } = await import('../aws/route53');
  const output = await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Comment: 'vpce-provisioner hub aliases',
        Changes: changes.map((change) => ({
          Action: change.action,
          ResourceRecordSet: {
            Name: change.record.name,
            Type: change.record.type,
            AliasTarget: { DNSName: change.record.target.dnsName, HostedZoneId: change.record.target.hostedZoneId, EvaluateTargetHealth: false },
          },
        })),
      },
    }),
  );
  const changeId = output?.ChangeInfo?.Id;
  return typeof changeId === 'string' ? changeId : undefined;
}

/**
 * Waits until the change is INSYNC (GetChange). Route 53 may refuse the zone's next change while one is PENDING
 * (PriorRequestNotComplete, "wait and try again"; API reference ChangeResourceRecordSets), for as long as the change
 * takes to propagate ("generally within 60 seconds", GetChange): the zone is deleted only after its records' change.
 * Running out of time hands over to a continuation, which finds the zone without its records and deletes it.
 */
async function awaitInSync(route53: Ec2Sender, changeId: string, context: ChangeWaitContext): Promise<void> {
  const { GetChangeCommand } = await import('../aws/route53');
  await waitFor({
    clock: context.clock,
    remainingMs: context.remainingMs,
    what: `Route 53 change ${changeId} to be INSYNC`,
    check: async () => {
      const output = await route53.send(new GetChangeCommand({ Id: changeId }));
      const status = output?.ChangeInfo?.Status;
      return { done: status === 'INSYNC', pending: status === 'INSYNC' ? [] : [`${changeId} (${String(status)})`] };
    },
  });
}

/** Records, then the zone; a zone already gone (NoSuchHostedZone) counts as removed. */
async function removeZone(route53: Ec2Sender, zone: ObservedHubZone, context: ChangeWaitContext): Promise<void> {
  const { DeleteHostedZoneCommand } = await import('../aws/route53');
  const log = context.log;
  try {
    const changeId = await changeRecords(route53, zone.zoneId, recordChanges([], zone.records));
    if (changeId !== undefined) await awaitInSync(route53, changeId, context);
    await route53.send(new DeleteHostedZoneCommand({ Id: zone.zoneId }));
    log.info('deleted hosted zone', { zoneName: zone.zoneName, zoneId: zone.zoneId });
  } catch (error) {
    if (isRoute53Error(error, ROUTE53_ERRORS.noSuchHostedZone)) return;
    if (isRoute53Error(error, ROUTE53_ERRORS.hostedZoneNotEmpty)) {
      throw new ProvisionerError(
        `Hosted zone ${zone.zoneName} (${zone.zoneId}) holds records this provider did not create, so it is not deleted. Remove them, then retry.`,
      );
    }
    throw error;
  }
}

/** The A and AAAA alias records of a zone, names normalised (Route 53 lists `*` as `\052`). */
async function aliasRecordsOf(route53: Ec2Sender, zoneId: string): Promise<AliasRecord[]> {
  const { ListResourceRecordSetsCommand } = await import('../aws/route53');
  const records: AliasRecord[] = [];
  let start: { StartRecordName: string; StartRecordType: never } | undefined;
  do {
    const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...(start ?? {}) }));
    for (const set of (page?.ResourceRecordSets ?? []) as { Name?: string; Type?: string; AliasTarget?: { DNSName?: string; HostedZoneId?: string } }[]) {
      if ((set.Type !== 'A' && set.Type !== 'AAAA') || !set.Name || !set.AliasTarget?.DNSName || !set.AliasTarget.HostedZoneId) continue;
      records.push({ name: normalName(set.Name), type: set.Type, target: { dnsName: normalName(set.AliasTarget.DNSName), hostedZoneId: set.AliasTarget.HostedZoneId } });
    }
    start = page?.IsTruncated && page.NextRecordName ? { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType as never } : undefined;
  } while (start);
  return records;
}

/** Route 53 IDs come as `/hostedzone/Z…` in some answers and bare in others. */
function bareZoneId(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}

/** Lower case, no trailing dot, `\052` back to `*` (Route 53 escapes it in listings; API reference, "DNS domain name format"). */
function normalName(name: string): string {
  return name.replace(/\\052/g, '*').replace(/\.$/, '').toLowerCase();
}

/** Passes commands through and counts the writes that succeed (lib/ec2/write-counter.ts). */
function writeCounting(sender: Ec2Sender): Ec2Sender & { readonly writes: number } {
  const progress = { writes: 0 };
  const counting = countingWrites(sender, progress);
  return { send: (command) => counting.send(command), get writes() { return progress.writes; } };
}
