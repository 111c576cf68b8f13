/**
 * Record sets: ChangeResourceRecordSets (all-or-nothing batches of CREATE, DELETE and UPSERT) and ListResourceRecordSets
 * (Route 53 API reference, each action's page).
 */
import type { HostedZoneRecord, RecordSetRecord } from '../state';
import { invalidChangeBatch, route53Errors } from './errors';
import { bareId, checkNoPriorRequest, maxItemsOf, ownZone, submitChange, type Route53Action, type Route53Context } from './model';
import { canonicalName, isWithin, reversedLabels } from './names';

/** ListResourceRecordSets: MaxItems default and maximum 300 (API reference, ListResourceRecordSets). */
const LIST_RECORDS_MAX = 300;
/** A batch holds at most 1,000 changes (Route 53 Developer Guide, "Quotas": "Maximum number of … in a change batch"). */
const MAX_CHANGES_PER_BATCH = 1_000;
const RECORD_TYPES = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT']);

/**
 * Route 53's listing order: by name with the labels reversed, then by type, then by set identifier (API reference,
 * ListResourceRecordSets: "sorts results first by DNS name with the labels reversed … then by type").
 */
export function compareRecordSets(a: RecordSetRecord, b: RecordSetRecord): number {
  const byName = reversedLabels(a.Name).localeCompare(reversedLabels(b.Name), 'en');
  if (byName !== 0) return byName;
  if (a.Type !== b.Type) return a.Type < b.Type ? -1 : 1;
  return (a.SetIdentifier ?? '').localeCompare(b.SetIdentifier ?? '', 'en');
}

function sameSet(a: { Name: string; Type: string; SetIdentifier?: string }, b: { Name: string; Type: string; SetIdentifier?: string }): boolean {
  return a.Name === b.Name && a.Type === b.Type && (a.SetIdentifier ?? '') === (b.SetIdentifier ?? '');
}

/** Route 53's description of a set in its messages: `[name='www.example.com.', type='A']`. */
function describeSet(set: { Name: string; Type: string; SetIdentifier?: string }): string {
  return `[name='${set.Name}', type='${set.Type}'${set.SetIdentifier === undefined ? '' : `, set-identifier='${set.SetIdentifier}'`}]`;
}

/** Whether two sets hold the same data (DELETE must name the set exactly as it is, API reference, ChangeResourceRecordSets). */
function sameData(a: RecordSetRecord, b: RecordSetRecord): boolean {
  const values = (set: RecordSetRecord) => (set.ResourceRecords ?? []).map((r) => r.Value).sort();
  const alias = (set: RecordSetRecord) =>
    set.AliasTarget === undefined ? undefined : { z: set.AliasTarget.HostedZoneId, n: canonicalName(set.AliasTarget.DNSName), e: set.AliasTarget.EvaluateTargetHealth };
  return a.TTL === b.TTL && JSON.stringify(values(a)) === JSON.stringify(values(b)) && JSON.stringify(alias(a)) === JSON.stringify(alias(b));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The stored form of a requested set, or the messages that make the change invalid. */
function recordSetOf(zone: HostedZoneRecord, raw: unknown): RecordSetRecord | string {
  const set = (raw ?? {}) as Record<string, unknown>;
  if (typeof set['Name'] !== 'string' || typeof set['Type'] !== 'string') return 'ResourceRecordSet needs a Name and a Type';
  const name = canonicalName(set['Name']);
  const type = set['Type'];
  if (!RECORD_TYPES.has(type)) return `Invalid type ${type}`;
  // "RRSet with DNS name x is not permitted in zone y" (Route 53's message for a name outside the zone).
  if (!isWithin(name, zone.name)) return `RRSet with DNS name ${name} is not permitted in zone ${zone.name}`;
  const alias = set['AliasTarget'] as { HostedZoneId?: unknown; DNSName?: unknown; EvaluateTargetHealth?: unknown } | undefined;
  const records = set['ResourceRecords'] as { Value?: unknown }[] | undefined;
  const setIdentifier = typeof set['SetIdentifier'] === 'string' ? set['SetIdentifier'] : undefined;
  if (alias !== undefined) {
    // An alias has no TTL and no records of its own (API reference, ResourceRecordSet: AliasTarget).
    if (set['TTL'] !== undefined || records !== undefined) return `Invalid request: an alias record ${describeSet({ Name: name, Type: type })} cannot have a TTL or ResourceRecords`;
    if (typeof alias.HostedZoneId !== 'string' || typeof alias.DNSName !== 'string') return 'AliasTarget needs HostedZoneId and DNSName';
    return {
      Name: name,
      Type: type,
      ...(setIdentifier === undefined ? {} : { SetIdentifier: setIdentifier }),
      AliasTarget: { HostedZoneId: bareId(alias.HostedZoneId), DNSName: canonicalName(alias.DNSName), EvaluateTargetHealth: alias.EvaluateTargetHealth === true },
    };
  }
  if (typeof set['TTL'] !== 'number' || !Array.isArray(records) || records.length === 0) return `Invalid request: ${describeSet({ Name: name, Type: type })} needs a TTL and ResourceRecords`;
  const values = records.map((r) => r.Value);
  if (values.some((v) => typeof v !== 'string')) return 'Every ResourceRecord needs a Value';
  if (type === 'A') {
    const bad = (values as string[]).find((v) => !IPV4.test(v));
    // Route 53 reports a malformed IPv4 address as ARRDATAIllegalIPv4Address.
    if (bad !== undefined) return `Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${bad}''`;
  }
  return {
    Name: name,
    Type: type,
    ...(setIdentifier === undefined ? {} : { SetIdentifier: setIdentifier }),
    TTL: set['TTL'],
    ResourceRecords: (values as string[]).map((Value) => ({ Value })),
  };
}

/**
 * Applies one change to the working copy; the message that refuses it, if any. Messages are Route 53's wording
 * ("Tried to create resource record set … but it already exists", "… but it was not found", "… but the values provided do
 * not match the current values"), as users report them (e.g. hashicorp/terraform-provider-aws issues).
 */
function applyChange(zone: HostedZoneRecord, sets: RecordSetRecord[], action: unknown, set: RecordSetRecord): string | undefined {
  const index = sets.findIndex((existing) => sameSet(existing, set));
  const apex = set.Name === zone.name;
  if (action === 'DELETE') {
    const existing = sets[index];
    if (existing === undefined) return `Tried to delete resource record set ${describeSet(set)} but it was not found`;
    if (!sameData(existing, set)) return `Tried to delete resource record set ${describeSet(set)} but the values provided do not match the current values`;
    // The zone's own SOA and NS stay (Route 53 Developer Guide, "NS and SOA records…").
    if (apex && set.Type === 'SOA') return 'A HostedZone must contain exactly one SOA record.';
    if (apex && set.Type === 'NS') return 'A HostedZone must contain at least one NS record for the zone itself.';
    sets.splice(index, 1);
    return undefined;
  }
  if (action !== 'CREATE' && action !== 'UPSERT') return `Invalid action ${String(action)}`;
  if (action === 'CREATE' && index >= 0) return `Tried to create resource record set ${describeSet(set)} but it already exists`;
  // A CNAME may not share its name with any other set, and not sit at the apex (RFC 1034; Route 53 Developer Guide,
  // "Choosing between alias and non-alias records").
  if (set.Type === 'CNAME' && apex) return `RRSet of type CNAME with DNS name ${set.Name} is not permitted at apex in zone ${zone.name}`;
  const other = sets.find((existing) => existing.Name === set.Name && existing.Type !== set.Type && (existing.Type === 'CNAME' || set.Type === 'CNAME'));
  if (other) return `RRSet of type ${set.Type} with DNS name ${set.Name} is not permitted because a conflicting RRSet of type ${other.Type} with the same DNS name already exists in zone ${zone.name}`;
  if (index >= 0) sets.splice(index, 1, set);
  else sets.push(set);
  return undefined;
}

/** An alias to a set of a zone of the simulator must target a name inside that zone. */
function aliasProblem(call: Route53Context, set: RecordSetRecord): string | undefined {
  if (set.AliasTarget === undefined) return undefined;
  const target = call.ctx.state.hostedZones.get(set.AliasTarget.HostedZoneId);
  if (target && !isWithin(set.AliasTarget.DNSName, target.name)) {
    return `Tried to create an alias that targets ${set.AliasTarget.DNSName}, type ${set.Type} in zone ${target.id}, but the alias target name does not lie within the target zone`;
  }
  return undefined;
}

export const recordSetActions: Readonly<Record<string, Route53Action>> = {
  ChangeResourceRecordSets: (call, input) => {
    const zone = ownZone(call, input['HostedZoneId']);
    const batch = (input['ChangeBatch'] ?? {}) as { Changes?: unknown; Comment?: unknown };
    const changes = Array.isArray(batch.Changes) ? (batch.Changes as { Action?: unknown; ResourceRecordSet?: unknown }[]) : [];
    if (changes.length === 0 || changes.length > MAX_CHANGES_PER_BATCH) throw route53Errors.invalidInput(`ChangeBatch.Changes must hold 1 to ${MAX_CHANGES_PER_BATCH} changes.`);
    checkNoPriorRequest(call, zone);
    // All or nothing: the batch is applied to a copy, which replaces the zone's sets only when every change is valid
    // (API reference, ChangeResourceRecordSets: "either all of the changes … are made, or none are").
    const working = [...zone.recordSets];
    const messages: string[] = [];
    for (const change of changes) {
      const set = recordSetOf(zone, change.ResourceRecordSet);
      const problem = typeof set === 'string' ? set : (aliasProblem(call, set) ?? applyChange(zone, working, change.Action, set));
      if (problem !== undefined) messages.push(problem);
    }
    if (messages.length > 0) throw invalidChangeBatch(messages);
    if (working.length > call.settings.maxRecordSetsPerZone) {
      throw invalidChangeBatch([`The hosted zone ${zone.id} would exceed its limit of ${call.settings.maxRecordSetsPerZone} resource record sets (MAX_RRSETS_BY_ZONE)`]);
    }
    zone.recordSets = working.sort(compareRecordSets);
    return { ChangeInfo: submitChange(call, zone, typeof batch.Comment === 'string' ? batch.Comment : undefined) };
  },

  ListResourceRecordSets: (call, input) => {
    const zone = ownZone(call, input['HostedZoneId']);
    const maxItems = maxItemsOf(input['MaxItems'], LIST_RECORDS_MAX, LIST_RECORDS_MAX);
    const sets = [...zone.recordSets].sort(compareRecordSets);
    let from = 0;
    if (typeof input['StartRecordName'] === 'string') {
      // Listing starts at the first set at or after (name, type, identifier) in Route 53's order.
      const start: RecordSetRecord = {
        Name: canonicalName(input['StartRecordName']),
        Type: typeof input['StartRecordType'] === 'string' ? input['StartRecordType'] : '',
        ...(typeof input['StartRecordIdentifier'] === 'string' ? { SetIdentifier: input['StartRecordIdentifier'] } : {}),
      };
      from = sets.findIndex((set) => compareRecordSets(set, start) >= 0);
      if (from < 0) from = sets.length;
    } else if (input['StartRecordType'] !== undefined) {
      throw route53Errors.invalidInput('StartRecordType needs StartRecordName.');
    }
    const page = sets.slice(from, from + maxItems);
    const next = sets[from + maxItems];
    return {
      ResourceRecordSets: page.map((set) => structuredClone(set)),
      IsTruncated: next !== undefined,
      ...(next === undefined
        ? {}
        : { NextRecordName: next.Name, NextRecordType: next.Type, ...(next.SetIdentifier === undefined ? {} : { NextRecordIdentifier: next.SetIdentifier }) }),
      MaxItems: maxItems,
    };
  },
};
