/**
 * Hosted zones: CreateHostedZone, GetHostedZone, ListHostedZones, DeleteHostedZone, ListHostedZonesByVPC and
 * GetHostedZoneLimit (Route 53 API reference, each action's page).
 */
import type { ActionContext } from '../context';
import type { HostedZoneRecord, ZoneVpc } from '../state';
import { checkNoConflictingDomain } from './conflicts';
import { route53Error, route53Errors } from './errors';
import {
  apexRecordSets,
  callersVpc,
  hostedZoneView,
  maxItemsOf,
  newZoneId,
  ownZone,
  submitChange,
  vpcOf,
  vpcView,
  type Route53Action,
} from './model';
import { canonicalName, isValidDomainName } from './names';

/** A new zone record with its SOA and NS sets; not yet stored. */
export function newZoneRecord(
  ctx: ActionContext,
  options: { name: string; ownerId: string; vpcs: ZoneVpc[]; privateZone: boolean; callerReference?: string; comment?: string },
): HostedZoneRecord {
  const name = canonicalName(options.name);
  return {
    id: newZoneId(ctx),
    ownerId: options.ownerId,
    name,
    vpcs: options.vpcs,
    privateZone: options.privateZone,
    ...(options.callerReference === undefined ? {} : { callerReference: options.callerReference }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    createdAt: ctx.now,
    recordSets: apexRecordSets(name),
    tags: new Map(),
  };
}

/** ListHostedZones: MaxItems default and maximum 100 (API reference, ListHostedZones). */
const LIST_ZONES_MAX = 100;
/** ListHostedZonesByVPC pages by MaxItems (default and maximum 100) and NextToken. */
const BY_VPC_MAX = 100;

export const zoneActions: Readonly<Record<string, Route53Action>> = {
  CreateHostedZone: (call, input) => {
    const { ctx, settings } = call;
    const name = input['Name'];
    const callerReference = input['CallerReference'];
    if (typeof name !== 'string' || typeof callerReference !== 'string' || callerReference.length === 0 || callerReference.length > 128) {
      throw route53Errors.invalidInput('Name and CallerReference (1 to 128 characters) are required.');
    }
    if (!isValidDomainName(name)) throw route53Error('InvalidDomainName', `${name} is not a valid domain name.`);
    const config = (input['HostedZoneConfig'] ?? {}) as { Comment?: unknown; PrivateZone?: unknown };
    const vpcInput = input['VPC'];
    // A VPC makes the zone private; PrivateZone without a VPC is refused (API reference, CreateHostedZone: "VPC … if you
    // want to create a private hosted zone"; the error for leaving it out is our choice).
    if (config.PrivateZone === true && vpcInput === undefined) throw route53Errors.invalidInput('A private hosted zone needs a VPC.');
    // CallerReference: "A unique string that identifies the request and that allows failed CreateHostedZone requests to
    // be retried without the risk of executing the operation twice"; a repeated one answers HostedZoneAlreadyExists
    // ("a hosted zone has already been created with the specified CallerReference"), HTTP 409, even after the zone is gone.
    const referenceKey = `${ctx.account}\n${callerReference}`;
    if (ctx.state.hostedZoneCallerReferences.has(referenceKey)) {
      throw route53Error('HostedZoneAlreadyExists', `A hosted zone has already been created with the specified caller reference: ${callerReference}`);
    }
    const vpc = vpcInput === undefined ? undefined : callersVpc(call, vpcOf(vpcInput));
    // "Create a private hosted zone: A hosted zone with the specified name already exists and is already associated with
    // the Amazon VPC that you specified" (API reference, ConflictingDomainExists).
    if (vpc) checkNoConflictingDomain(ctx, vpc, canonicalName(name), settings.parentZoneConflicts);
    const zone = newZoneRecord(ctx, {
      name,
      ownerId: ctx.account,
      vpcs: vpc ? [vpc] : [],
      privateZone: vpc !== undefined,
      callerReference,
      ...(typeof config.Comment === 'string' ? { comment: config.Comment } : {}),
    });
    ctx.state.hostedZones.set(zone.id, zone);
    ctx.state.hostedZoneCallerReferences.set(referenceKey, zone.id);
    return {
      Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zone.id}`,
      HostedZone: hostedZoneView(zone),
      ChangeInfo: submitChange(call, zone, undefined, false),
      // A public zone gets a delegation set; a private one has none (API reference, CreateHostedZone, DelegationSet).
      ...(vpc ? { VPC: vpcView(vpc) } : { DelegationSet: { NameServers: (zone.recordSets[0]?.ResourceRecords ?? []).map((r) => r.Value) } }),
    };
  },

  GetHostedZone: (call, input) => {
    const zone = ownZone(call, input['Id']);
    // `VPCs`: every VPC associated with the zone, other accounts' included: Terraform's aws_route53_zone (which reads
    // them here) sees another account's association as drift (hashicorp/terraform-provider-aws#14872, #33071).
    return {
      HostedZone: hostedZoneView(zone),
      ...(zone.privateZone
        ? { VPCs: zone.vpcs.map(vpcView) }
        : { DelegationSet: { NameServers: (zone.recordSets.find((r) => r.Type === 'NS')?.ResourceRecords ?? []).map((r) => r.Value) } }),
    };
  },

  ListHostedZones: (call, input) => {
    const { ctx } = call;
    const maxItems = maxItemsOf(input['MaxItems'], LIST_ZONES_MAX, LIST_ZONES_MAX);
    const type = input['HostedZoneType'];
    // The order is not documented; the simulator lists by zone id, and the Marker is the id of the next zone.
    const zones = [...ctx.state.hostedZones.values()]
      .filter((zone) => zone.ownerId === ctx.account && (type !== 'PrivateHostedZone' || zone.privateZone))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const marker = typeof input['Marker'] === 'string' ? input['Marker'] : undefined;
    const start = marker === undefined ? 0 : zones.findIndex((zone) => zone.id >= marker);
    const from = start < 0 ? zones.length : start;
    const page = zones.slice(from, from + maxItems);
    const next = zones[from + maxItems];
    return {
      HostedZones: page.map(hostedZoneView),
      ...(marker === undefined ? {} : { Marker: marker }),
      IsTruncated: next !== undefined,
      ...(next === undefined ? {} : { NextMarker: next.id }),
      MaxItems: maxItems,
    };
  },

  DeleteHostedZone: (call, input) => {
    const zone = ownZone(call, input['Id']);
    // "You can delete a hosted zone only if it contains only the default SOA record and NS resource record sets"
    // (API reference, DeleteHostedZone; HostedZoneNotEmpty).
    if (zone.recordSets.some((set) => !(set.Name === zone.name && (set.Type === 'SOA' || set.Type === 'NS')))) {
      throw route53Error('HostedZoneNotEmpty', 'The hosted zone contains resource records that are not SOA or NS records.');
    }
    // Other VPCs still associated: no documented error, and users report the zone gone and the other account's
    // association with it (hashicorp/terraform-provider-aws#17016): the associations go with the zone, unless the test
    // asks for the refusal (settings.deleteZoneWithOtherVpcs).
    if (zone.vpcs.length > 1 && call.settings.deleteZoneWithOtherVpcs === 'refused') {
      throw route53Errors.invalidInput(`The hosted zone ${zone.id} is still associated with ${zone.vpcs.length} VPCs; disassociate all but one first.`);
    }
    const change = submitChange(call, zone);
    call.ctx.state.hostedZones.delete(zone.id);
    for (const [key, authorization] of call.ctx.state.vpcAssociationAuthorizations) {
      if (authorization.hostedZoneId === zone.id) call.ctx.state.vpcAssociationAuthorizations.delete(key);
    }
    return { ChangeInfo: change };
  },

  ListHostedZonesByVPC: (call, input) => {
    const vpcId = input['VPCId'];
    const region = input['VPCRegion'];
    if (typeof vpcId !== 'string' || typeof region !== 'string') throw route53Errors.invalidInput('VPCId and VPCRegion are required.');
    const maxItems = maxItemsOf(input['MaxItems'], BY_VPC_MAX, BY_VPC_MAX);
    const start = typeof input['NextToken'] === 'string' ? Number(input['NextToken']) : 0;
    // Every zone associated with the VPC, whichever account owns it (Route 53 API reference, ListHostedZonesByVPC).
    const zones = [...call.ctx.state.hostedZones.values()]
      .filter((zone) => zone.vpcs.some((vpc) => vpc.vpcId === vpcId && vpc.region === region))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = zones.slice(start, start + maxItems);
    const next = start + maxItems < zones.length ? String(start + maxItems) : undefined;
    return {
      HostedZoneSummaries: page.map((zone) => ({ HostedZoneId: zone.id, Name: zone.name, Owner: { OwningAccount: zone.ownerId } })),
      MaxItems: maxItems,
      ...(next === undefined ? {} : { NextToken: next }),
    };
  },

  GetHostedZoneLimit: (call, input) => {
    const zone = ownZone(call, input['HostedZoneId']);
    const type = input['Type'];
    // The two limit types (API reference, GetHostedZoneLimit); MAX_VPCS_ASSOCIATED_BY_ZONE of a public zone is
    // HostedZoneNotPrivate.
    if (type === 'MAX_RRSETS_BY_ZONE') {
      return { Limit: { Type: type, Value: call.settings.maxRecordSetsPerZone }, Count: zone.recordSets.length };
    }
    if (type === 'MAX_VPCS_ASSOCIATED_BY_ZONE') {
      if (!zone.privateZone) throw route53Error('HostedZoneNotPrivate', 'The specified hosted zone is a public hosted zone, not a private hosted zone.');
      return { Limit: { Type: type, Value: call.settings.maxVpcsPerZone }, Count: zone.vpcs.length };
    }
    throw route53Errors.invalidInput(`Invalid limit type: ${String(type)}`);
  },
};
