/**
 * VPC associations, within and across accounts (Route 53 Developer Guide, "Associating an Amazon VPC and a private
 * hosted zone that you created with different AWS accounts"; API reference, CreateVPCAssociationAuthorization,
 * DeleteVPCAssociationAuthorization, ListVPCAssociationAuthorizations, AssociateVPCWithHostedZone,
 * DisassociateVPCFromHostedZone): the zone's account authorises one VPC, the VPC's account associates it.
 */
import type { HostedZoneRecord, ZoneVpc } from '../state';
import { checkNoConflictingDomain } from './conflicts';
import { route53Error, route53Errors } from './errors';
import {
  anyZone,
  checkNoPriorRequest,
  isAssociated,
  maxItemsOf,
  ownZone,
  submitChange,
  vpcOf,
  vpcView,
  type Route53Action,
  type Route53Context,
} from './model';

/** ListVPCAssociationAuthorizations: MaxItems default and maximum 50 (our reading of the API reference). */
const LIST_AUTHORIZATIONS_MAX = 50;

function authorizationKey(zoneId: string, vpc: ZoneVpc): string {
  return `${zoneId}\n${vpc.region}\n${vpc.vpcId}`;
}

/** The request's VPC with its Region filled in (the Region the request went to, when absent). */
function requestedVpc(call: Route53Context, input: unknown): ZoneVpc {
  const vpc = vpcOf(input);
  return { vpcId: vpc.vpcId, region: vpc.region === '' ? call.ctx.region : vpc.region };
}

/** A VPC id as EC2 issues them; the zone's account cannot see another account's VPC, so only the form is checked. */
function checkVpcIdForm(vpc: ZoneVpc): void {
  if (!/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/.test(vpc.vpcId)) throw route53Errors.invalidVpcId(vpc.vpcId);
}

/**
 * The VPC named by the VPC's side of a call: it must exist in the simulator's Region (InvalidVPCId) and belong to the
 * caller; another account's VPC is NotAuthorizedException ("User … is not authorized to perform:
 * route53:AssociateVPCWithHostedZone on resource: arn:aws:ec2:…:vpc/…", HTTP 401, hashicorp/terraform-provider-aws#18176).
 */
function callersOwnVpc(call: Route53Context, vpc: ZoneVpc, action: string): void {
  const record = call.ctx.state.vpcs.get(vpc.vpcId);
  if (!record || vpc.region !== call.ctx.region) throw route53Errors.invalidVpcId(vpc.vpcId);
  if (record.ownerId !== call.ctx.account) {
    throw route53Error(
      'NotAuthorizedException',
      `User: arn:aws:sts::${call.ctx.account}:assumed-role/provider is not authorized to perform: route53:${action} on resource: arn:aws:ec2:${vpc.region}:${call.ctx.account}:vpc/${vpc.vpcId}`,
    );
  }
}

function privateZoneOnly(zone: HostedZoneRecord): void {
  // "You can't associate a VPC with a public hosted zone" (API reference, PublicZoneVPCAssociation).
  if (!zone.privateZone) throw route53Error('PublicZoneVPCAssociation', 'You are trying to associate a VPC with a public hosted zone.');
}

export const associationActions: Readonly<Record<string, Route53Action>> = {
  CreateVPCAssociationAuthorization: (call, input) => {
    const zone = ownZone(call, input['HostedZoneId']);
    const vpc = requestedVpc(call, input['VPC']);
    checkVpcIdForm(vpc);
    const { state } = call.ctx;
    const key = authorizationKey(zone.id, vpc);
    if (!state.vpcAssociationAuthorizations.has(key)) {
      // "TooManyVPCAssociationAuthorizations: You've created the maximum number of authorizations that can be created
      // for the specified hosted zone. To authorize another VPC to be associated with the hosted zone, submit a
      // DeleteVPCAssociationAuthorization request to remove an existing authorization" (API reference).
      const pending = [...state.vpcAssociationAuthorizations.values()].filter((a) => a.hostedZoneId === zone.id).length;
      if (pending >= call.settings.maxAuthorizationsPerZone) {
        throw route53Error(
          'TooManyVPCAssociationAuthorizations',
          `You've created the maximum number of authorizations for hosted zone ${zone.id}. Use ListVPCAssociationAuthorizations and DeleteVPCAssociationAuthorization to remove one.`,
        );
      }
      // Authorising the same VPC again keeps the first authorisation (and its time).
      state.vpcAssociationAuthorizations.set(key, { hostedZoneId: zone.id, vpc, createdAt: call.ctx.now });
    }
    return { HostedZoneId: zone.id, VPC: vpcView(vpc) };
  },

  DeleteVPCAssociationAuthorization: (call, input) => {
    const zone = ownZone(call, input['HostedZoneId']);
    const vpc = requestedVpc(call, input['VPC']);
    const key = authorizationKey(zone.id, vpc);
    if (!call.ctx.state.vpcAssociationAuthorizations.has(key)) {
      throw route53Error('VPCAssociationAuthorizationNotFound', `The VPC ${vpc.vpcId} has not been authorized to be associated with hosted zone ${zone.id}.`);
    }
    // An existing association stays (Developer Guide: deleting the authorisation afterwards "doesn't affect the association").
    call.ctx.state.vpcAssociationAuthorizations.delete(key);
    return {};
  },

  ListVPCAssociationAuthorizations: (call, input) => {
    const zone = ownZone(call, input['HostedZoneId']);
    const maxItems = maxItemsOf(input['MaxItems'], LIST_AUTHORIZATIONS_MAX, LIST_AUTHORIZATIONS_MAX);
    const start = typeof input['NextToken'] === 'string' ? Number(input['NextToken']) || 0 : 0;
    const all = [...call.ctx.state.vpcAssociationAuthorizations.values()].filter((a) => a.hostedZoneId === zone.id);
    const page = all.slice(start, start + maxItems);
    return {
      HostedZoneId: zone.id,
      VPCs: page.map((a) => vpcView(a.vpc)),
      ...(start + maxItems < all.length ? { NextToken: String(start + maxItems) } : {}),
    };
  },

  AssociateVPCWithHostedZone: (call, input) => {
    const { ctx, settings } = call;
    const zone = anyZone(call, input['HostedZoneId']);
    const vpc = requestedVpc(call, input['VPC']);
    callersOwnVpc(call, vpc, 'AssociateVPCWithHostedZone');
    privateZoneOnly(zone);
    if (zone.ownerId !== ctx.account) {
      // Another account's zone needs its authorisation, usable once it has propagated (settings.authorizationPropagationMs):
      // "NotAuthorizedException: The VPC: vpc-… has not authorized to associate with your hosted zone", HTTP 401
      // (hashicorp/terraform#12804).
      const authorization = ctx.state.vpcAssociationAuthorizations.get(authorizationKey(zone.id, vpc));
      if (!authorization || ctx.now < authorization.createdAt + settings.authorizationPropagationMs) {
        throw route53Error('NotAuthorizedException', `The VPC: ${vpc.vpcId} has not authorized to associate with your hosted zone.`);
      }
    }
    // Associating a VPC a second time with the same zone is ConflictingDomainExists too (saltstack/salt#47480 treats it
    // as "already associated"; infrablocks/terraform-aws-base-networking#4), as is another zone of the same name or the
    // VPC's own private-DNS endpoint for the name (./conflicts.ts).
    checkNoConflictingDomain(ctx, vpc, zone.name, settings.parentZoneConflicts);
    // "LimitsExceeded: … you've reached the limit on the number of Amazon VPCs that you can associate with a private
    // hosted zone" (API reference, AssociateVPCWithHostedZone; GetHostedZoneLimit MAX_VPCS_ASSOCIATED_BY_ZONE).
    if (zone.vpcs.length >= settings.maxVpcsPerZone) {
      throw route53Error('LimitsExceeded', `The hosted zone ${zone.id} is already associated with the maximum number of VPCs (${settings.maxVpcsPerZone}).`);
    }
    checkNoPriorRequest(call, zone);
    zone.vpcs.push(vpc);
    // The change belongs to the zone's account: GetChange from the VPC's account is refused (./changes.ts).
    return { ChangeInfo: submitChange(call, zone, typeof input['Comment'] === 'string' ? input['Comment'] : undefined) };
  },

  DisassociateVPCFromHostedZone: (call, input) => {
    const { ctx } = call;
    const zone = anyZone(call, input['HostedZoneId']);
    const vpc = requestedVpc(call, input['VPC']);
    // Either the zone's account or the VPC's account may disassociate (API reference, DisassociateVPCFromHostedZone).
    if (zone.ownerId !== ctx.account) callersOwnVpc(call, vpc, 'DisassociateVPCFromHostedZone');
    privateZoneOnly(zone);
    if (!isAssociated(zone, vpc)) {
      throw route53Error('VPCAssociationNotFound', `The specified VPC ${vpc.vpcId} and hosted zone ${zone.id} are not currently associated.`);
    }
    // "LastVPCAssociation: The VPC that you're trying to disassociate from the private hosted zone is the last VPC that is
    // associated with the hosted zone. Amazon Route 53 doesn't support disassociating the last VPC" (API reference).
    if (zone.vpcs.length === 1) {
      throw route53Error('LastVPCAssociation', `The VPC ${vpc.vpcId} is the last VPC associated with hosted zone ${zone.id}; Route 53 doesn't support disassociating the last VPC.`);
    }
    checkNoPriorRequest(call, zone);
    zone.vpcs.splice(zone.vpcs.findIndex((v) => v.vpcId === vpc.vpcId && v.region === vpc.region), 1);
    return { ChangeInfo: submitChange(call, zone, typeof input['Comment'] === 'string' ? input['Comment'] : undefined) };
  },
};
