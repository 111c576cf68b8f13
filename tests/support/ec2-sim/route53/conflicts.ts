/**
 * ConflictingDomainExists, both ways: a VPC cannot be associated with two private zones of the same name (API reference,
 * ConflictingDomainExists: "The VPC that you specified is already associated with another hosted zone that has the same
 * name"), nor with a zone whose name an interface endpoint of the VPC serves through private DNS. The second is not
 * written down as such: private DNS is a Route 53 private zone AWS manages and associates with the VPC (PrivateLink
 * guide, "Manage DNS names for VPC endpoint services"), and centralised-endpoint users report ConflictingDomainExists for
 * it (issue 24). EC2's side of the same conflict (CreateVpcEndpoint with private DNS) is `conflictingHostedZone`.
 */
import type { ActionContext } from '../context';
import type { EndpointRecord, HostedZoneRecord, ZoneVpc } from '../state';
import { route53Error } from './errors';
import { canonicalName, isWithin } from './names';

/** Whether two zone names clash in one VPC: the same name, or (older text, when switched on) parent and child. */
function clash(a: string, b: string, parentZoneConflicts: boolean): boolean {
  return a === b || (parentZoneConflicts && (isWithin(a, b) || isWithin(b, a)));
}

/** Another zone associated with the VPC whose name clashes with `name`. */
export function clashingZone(ctx: ActionContext, vpc: ZoneVpc, name: string, parentZoneConflicts: boolean, exceptZoneId?: string): HostedZoneRecord | undefined {
  return [...ctx.state.hostedZones.values()].find(
    (zone) => zone.id !== exceptZoneId && zone.vpcs.some((v) => v.vpcId === vpc.vpcId && v.region === vpc.region) && clash(zone.name, name, parentZoneConflicts),
  );
}

/** A live interface endpoint of the VPC whose private DNS name (without a leading `*.`) clashes with `name`. */
export function clashingEndpoint(ctx: ActionContext, vpc: ZoneVpc, name: string, parentZoneConflicts: boolean): EndpointRecord | undefined {
  if (vpc.region !== ctx.region) return undefined;
  return [...ctx.state.endpoints.values()].find((endpoint) => {
    if (endpoint.vpcId !== vpc.vpcId || endpoint.type !== 'Interface' || !endpoint.privateDnsEnabled || !ctx.endpointIsLive(endpoint)) return false;
    const privateName = ctx.service(endpoint.serviceName, 'Interface')?.privateDnsName;
    return privateName !== undefined && clash(canonicalName(privateName.replace(/^\*\./, '')), name, parentZoneConflicts);
  });
}

/** Throws ConflictingDomainExists when the VPC cannot take a zone named `name` (canonical). */
export function checkNoConflictingDomain(ctx: ActionContext, vpc: ZoneVpc, name: string, parentZoneConflicts: boolean, exceptZoneId?: string): void {
  const zone = clashingZone(ctx, vpc, name, parentZoneConflicts, exceptZoneId);
  if (zone) {
    // Wording as reported from AWS (hashicorp/terraform-provider-aws#37783).
    throw route53Error('ConflictingDomainExists', `The VPC ${vpc.vpcId} in region ${vpc.region} has already been associated with the hosted zone ${zone.id} with the same domain name.`);
  }
  const endpoint = clashingEndpoint(ctx, vpc, name, parentZoneConflicts);
  if (endpoint) {
    throw route53Error('ConflictingDomainExists', `The VPC ${vpc.vpcId} in region ${vpc.region} has already been associated with a hosted zone with the same domain name (private DNS of ${endpoint.id}).`);
  }
}

/** The private hosted zone associated with the VPC whose name is the service's private DNS name, if any (EC2's side). */
export function conflictingHostedZone(ctx: ActionContext, vpcId: string, privateDnsName: string): HostedZoneRecord | undefined {
  const domain = `${privateDnsName.replace(/^\*\./, '')}.`.toLowerCase();
  return [...ctx.state.hostedZones.values()].find(
    (zone) => zone.privateZone && zone.name.toLowerCase() === domain && zone.vpcs.some((vpc) => vpc.vpcId === vpcId && vpc.region === ctx.region),
  );
}
