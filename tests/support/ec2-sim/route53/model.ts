/**
 * What every Route 53 action shares: the call's context, zone lookup with Route 53's access rules, ids, and changes
 * (`ChangeInfo`, PENDING until INSYNC on the simulator's clock).
 */
import type { ActionContext } from '../context';
import type { HostedZoneRecord, RecordSetRecord, Route53ChangeRecord, ZoneVpc } from '../state';
import { route53Errors } from './errors';
import type { Route53Settings } from './settings';

/** One Route 53 call: the EC2 action context (world, caller, time) and Route 53's settings. */
export interface Route53Context {
  readonly ctx: ActionContext;
  readonly settings: Readonly<Route53Settings>;
}

export type Route53Action = (call: Route53Context, input: Record<string, unknown>) => Record<string, unknown>;

/** Ids Route 53 answers with a path prefix; requests may carry it or not (the SDK strips it, idNormalizer). */
export function bareId(id: unknown): string {
  return typeof id === 'string' ? id.replace(/^\/(hostedzone|change|delegationset)\//, '') : '';
}

/** A zone id: `Z` + 13 upper-case hex digits (Route 53 ids are upper-case letters and digits). */
export function newZoneId(ctx: ActionContext): string {
  return `Z${ctx.newId('hz').slice('hz-0'.length, 'hz-0'.length + 13).toUpperCase()}`;
}

/** The zone, whoever owns it, or NoSuchHostedZone. */
export function anyZone(call: Route53Context, id: unknown): HostedZoneRecord {
  const zone = call.ctx.state.hostedZones.get(bareId(id));
  if (!zone) throw route53Errors.noSuchHostedZone(bareId(id));
  return zone;
}

/** A zone of the caller's account: another account's zone is AccessDenied (Route 53 has no resource policies). */
export function ownZone(call: Route53Context, id: unknown): HostedZoneRecord {
  const zone = anyZone(call, id);
  if (zone.ownerId !== call.ctx.account) throw route53Errors.accessDenied(call.ctx.account);
  return zone;
}

/** `{ VPCRegion, VPCId }` of a request, or InvalidInput. */
export function vpcOf(input: unknown): ZoneVpc {
  const vpc = (input ?? {}) as { VPCId?: unknown; VPCRegion?: unknown };
  if (typeof vpc.VPCId !== 'string' || vpc.VPCId === '') throw route53Errors.invalidInput('VPC.VPCId is required.');
  // VPCRegion is optional in the model; Route 53 then takes the Region of the endpoint the request went to.
  return { vpcId: vpc.VPCId, region: typeof vpc.VPCRegion === 'string' ? vpc.VPCRegion : '' };
}

/**
 * The VPC, in the simulator's Region, owned by the caller, else InvalidVPCId ("isn't a valid ID or the current account is
 * not authorized to access this VPC", API reference, InvalidVPCId).
 */
export function callersVpc(call: Route53Context, vpc: ZoneVpc): ZoneVpc {
  const region = vpc.region === '' ? call.ctx.region : vpc.region;
  const record = call.ctx.state.vpcs.get(vpc.vpcId);
  if (!record || region !== call.ctx.region || record.ownerId !== call.ctx.account) throw route53Errors.invalidVpcId(vpc.vpcId);
  return { vpcId: vpc.vpcId, region };
}

/** Whether the zone is associated with the VPC. */
export function isAssociated(zone: HostedZoneRecord, vpc: ZoneVpc): boolean {
  return zone.vpcs.some((v) => v.vpcId === vpc.vpcId && v.region === vpc.region);
}

/** The SDK's `VPC` shape. */
export function vpcView(vpc: ZoneVpc): { VPCRegion: string; VPCId: string } {
  return { VPCRegion: vpc.region, VPCId: vpc.vpcId };
}

/**
 * Refuses a change of a zone while its previous change is still being processed (API reference, PriorRequestNotComplete:
 * "If Route 53 can't process a request before the next request arrives, it will reject subsequent requests for the same
 * hosted zone"); the window is `settings.priorRequestWindowMs`.
 */
export function checkNoPriorRequest(call: Route53Context, zone: HostedZoneRecord): void {
  const previous = zone.lastChangeId === undefined ? undefined : call.ctx.state.route53Changes.get(zone.lastChangeId);
  if (previous && call.ctx.now < previous.submittedAt + call.settings.priorRequestWindowMs) throw route53Errors.priorRequestNotComplete();
}

/**
 * Records a change of the zone's account (PENDING until `changeSyncMs` later) and answers its `ChangeInfo`. With
 * `blocksNext`, the zone's next change meets PriorRequestNotComplete for a while; a zone's creation does not (creating
 * a zone and then its records at once is what every tool does).
 */
export function submitChange(call: Route53Context, zone: HostedZoneRecord, comment?: string, blocksNext = true): Record<string, unknown> {
  const change: Route53ChangeRecord = {
    id: `C${call.ctx.newId('chg').slice('chg-0'.length, 'chg-0'.length + 13).toUpperCase()}`,
    ownerId: zone.ownerId,
    submittedAt: call.ctx.now,
    insyncAt: call.ctx.now + call.settings.changeSyncMs,
    ...(comment === undefined ? {} : { comment }),
  };
  call.ctx.state.route53Changes.set(change.id, change);
  if (blocksNext) zone.lastChangeId = change.id;
  return changeInfo(call, change);
}

/** The SDK's `ChangeInfo` of a change at the call's time. */
export function changeInfo(call: Route53Context, change: Route53ChangeRecord): Record<string, unknown> {
  return {
    Id: `/change/${change.id}`,
    Status: call.ctx.now < change.insyncAt ? 'PENDING' : 'INSYNC',
    SubmittedAt: new Date(change.submittedAt),
    ...(change.comment === undefined ? {} : { Comment: change.comment }),
  };
}

/**
 * The SOA and NS sets Route 53 creates with every zone (Route 53 Developer Guide, "NS and SOA records that Amazon Route 53
 * creates for a public hosted zone"; a private zone gets the same two). The values are Route 53's usual ones.
 */
export function apexRecordSets(zoneName: string): RecordSetRecord[] {
  return [
    { Name: zoneName, Type: 'NS', TTL: 172_800, ResourceRecords: ['ns-1536.awsdns-00.co.uk.', 'ns-0.awsdns-00.com.', 'ns-1024.awsdns-00.org.', 'ns-512.awsdns-00.net.'].map((Value) => ({ Value })) },
    { Name: zoneName, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }] },
  ];
}

/** The SDK's `HostedZone`. */
export function hostedZoneView(zone: HostedZoneRecord): Record<string, unknown> {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference ?? `sim-admin-${zone.id}`,
    Config: { ...(zone.comment === undefined ? {} : { Comment: zone.comment }), PrivateZone: zone.privateZone },
    ResourceRecordSetCount: zone.recordSets.length,
  };
}

/** MaxItems of a list call: the given number within 1..max, else the default. */
export function maxItemsOf(value: unknown, fallback: number, max: number): number {
  const n = Number(value);
  if (value === undefined || value === null || value === '' || !Number.isFinite(n) || n < 1) return fallback;
  return Math.min(max, Math.floor(n));
}
