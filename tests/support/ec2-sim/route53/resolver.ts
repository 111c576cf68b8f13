/**
 * Name lookups as the Amazon DNS server of a VPC (Route 53 Resolver) would answer them, for the demo and for tests: the
 * most specific private hosted zone associated with the VPC whose name is a suffix of the name answers — with the exact
 * record, else the nearest wildcard, else nothing (NXDOMAIN: a matching private zone hides the public DNS) — and alias
 * targets are followed to an interface endpoint's DNS name, and from there to its network interfaces' private
 * addresses (Route 53 Developer Guide, "Considerations when working with a private hosted zone"; "How Route 53 Resolver
 * resolves DNS queries"). An interface endpoint of the VPC with private DNS on answers its private DNS name the same way
 * (its zone is one AWS manages; PrivateLink guide, "Private DNS"). Private zones need both DNS attributes of the VPC on
 * (same Route 53 page).
 */
import { endpointView } from '../actions/endpoint-views';
import { enisOfEndpoint } from '../actions/network-interfaces';
import { ActionContext } from '../context';
import type { EndpointRecord, HostedZoneRecord, RecordSetRecord } from '../state';
import { canonicalName, isWithin } from './names';

/** What a lookup found. */
export interface NameAnswer {
  /** The name asked, canonical (`api.ecr.us-east-1.amazonaws.com.`). */
  readonly name: string;
  /** The private addresses the name resolves to, in the endpoint's subnet order. */
  readonly addresses: readonly string[];
  /** The private hosted zone that answered, or the endpoint whose private DNS did. */
  readonly answeredBy: { readonly hostedZoneId: string } | { readonly privateDnsOf: string } | { readonly publicDnsOf: string };
  /** The interface endpoint the name leads to, if it leads to one. */
  readonly endpointId?: string;
}

/** A zone that can answer in the VPC: a private hosted zone, or the private DNS of one of the VPC's endpoints. */
type Answerer = { kind: 'zone'; name: string; zone: HostedZoneRecord } | { kind: 'endpoint'; name: string; endpoint: EndpointRecord; wildcard: boolean };

/** CNAME chains are followed this far, as resolvers cap them. */
const MAX_CHAIN = 8;

/** The A answer for `name` in `vpcId`, or undefined (NXDOMAIN, no data, or a VPC without DNS). */
export function resolveName(ctx: ActionContext, vpcId: string, name: string): NameAnswer | undefined {
  const vpc = ctx.state.vpcs.get(vpcId);
  if (!vpc || !vpc.dnsSupport) return undefined;
  return lookUp(ctx, vpcId, vpc.dnsHostnames, canonicalName(name), 0);
}

function lookUp(ctx: ActionContext, vpcId: string, privateZones: boolean, name: string, depth: number): NameAnswer | undefined {
  if (depth > MAX_CHAIN) return undefined;
  const answerer = mostSpecificAnswerer(ctx, vpcId, privateZones, name);
  if (!answerer) return publicEndpointName(ctx, name);
  if (answerer.kind === 'endpoint') {
    const matches = name === answerer.name || (answerer.wildcard && isWithin(name, answerer.name));
    return matches ? endpointAnswer(ctx, answerer.endpoint, name, undefined, { privateDnsOf: answerer.endpoint.id }) : undefined;
  }
  const set = recordFor(answerer.zone, name);
  if (!set) return undefined;
  return followRecord(ctx, vpcId, privateZones, answerer.zone, name, set, depth);
}

/** The candidate with the longest name that is a suffix of `name`. */
function mostSpecificAnswerer(ctx: ActionContext, vpcId: string, privateZones: boolean, name: string): Answerer | undefined {
  const candidates: Answerer[] = [];
  if (privateZones) {
    for (const zone of ctx.state.hostedZones.values()) {
      if (zone.privateZone && zone.vpcs.some((v) => v.vpcId === vpcId && v.region === ctx.region)) candidates.push({ kind: 'zone', name: zone.name, zone });
    }
  }
  for (const endpoint of ctx.state.endpoints.values()) {
    if (endpoint.vpcId !== vpcId || endpoint.type !== 'Interface' || !endpoint.privateDnsEnabled || ctx.endpointPhase(endpoint) !== 'available') continue;
    const privateName = ctx.service(endpoint.serviceName, 'Interface')?.privateDnsName;
    if (privateName === undefined) continue;
    const wildcard = privateName.startsWith('*.');
    candidates.push({ kind: 'endpoint', name: canonicalName(privateName.replace(/^\*\./, '')), endpoint, wildcard });
  }
  return candidates.filter((candidate) => isWithin(name, candidate.name)).sort((a, b) => b.name.length - a.name.length)[0];
}

/**
 * The A (else CNAME) set of the exact name; else, when the name has no set of any type, the nearest wildcard above it
 * (Route 53 Developer Guide, "Supported DNS record types" / wildcard records: the most specific match wins).
 */
function recordFor(zone: HostedZoneRecord, name: string): RecordSetRecord | undefined {
  const exact = zone.recordSets.filter((set) => set.Name === name);
  if (exact.length > 0) return exact.find((set) => set.Type === 'A') ?? exact.find((set) => set.Type === 'CNAME');
  const labels = name.split('.');
  for (let i = 1; i < labels.length; i++) {
    const parent = labels.slice(i).join('.');
    if (!isWithin(parent, zone.name)) break;
    const wildcard = zone.recordSets.filter((set) => set.Name === `\\052.${parent}`);
    if (wildcard.length > 0) return wildcard.find((set) => set.Type === 'A') ?? wildcard.find((set) => set.Type === 'CNAME');
  }
  return undefined;
}

function followRecord(
  ctx: ActionContext,
  vpcId: string,
  privateZones: boolean,
  zone: HostedZoneRecord,
  name: string,
  set: RecordSetRecord,
  depth: number,
): NameAnswer | undefined {
  const answeredBy = { hostedZoneId: zone.id };
  if (set.AliasTarget) {
    const targetZone = ctx.state.hostedZones.get(set.AliasTarget.HostedZoneId);
    if (targetZone) {
      const target = recordFor(targetZone, set.AliasTarget.DNSName);
      const followed = target && followRecord(ctx, vpcId, privateZones, targetZone, set.AliasTarget.DNSName, target, depth + 1);
      return followed && { ...followed, name, answeredBy };
    }
    const followed = publicEndpointName(ctx, set.AliasTarget.DNSName);
    return followed && { ...followed, name, answeredBy };
  }
  if (set.Type === 'CNAME') {
    const target = set.ResourceRecords?.[0]?.Value;
    const followed = target === undefined ? undefined : lookUp(ctx, vpcId, privateZones, canonicalName(target), depth + 1);
    return followed && { ...followed, name, answeredBy };
  }
  const addresses = (set.ResourceRecords ?? []).map((record) => record.Value);
  return addresses.length === 0 ? undefined : { name, addresses, answeredBy };
}

/**
 * An endpoint's regional or zonal DNS name (`vpce-….vpce.amazonaws.com`), which public DNS answers with the endpoint's
 * private addresses: all of them for the regional name, the zone's one for a zonal name (PrivateLink guide, "DNS names").
 */
function publicEndpointName(ctx: ActionContext, name: string): NameAnswer | undefined {
  for (const endpoint of ctx.state.endpoints.values()) {
    if (endpoint.type !== 'Interface' || ctx.endpointPhase(endpoint) !== 'available') continue;
    const ownersView = endpointView(new ActionContext(ctx.env, endpoint.ownerId, ctx.now), endpoint);
    const entries = (ownersView.DnsEntries ?? []).filter((entry) => entry.HostedZoneId !== 'ZONEPRIVATEDNSSIM');
    const index = entries.findIndex((entry) => entry.DnsName !== undefined && canonicalName(entry.DnsName) === name);
    if (index < 0) continue;
    // Entry 0 is the regional name; entry i is the zonal name of the endpoint's i-th subnet (endpoint-views.ts).
    const subnetId = index === 0 ? undefined : endpoint.subnetIds[index - 1];
    return endpointAnswer(ctx, endpoint, name, subnetId, { publicDnsOf: endpoint.id });
  }
  return undefined;
}

function endpointAnswer(ctx: ActionContext, endpoint: EndpointRecord, name: string, subnetId: string | undefined, answeredBy: NameAnswer['answeredBy']): NameAnswer | undefined {
  const enis = enisOfEndpoint(ctx, endpoint.id)
    .filter((eni) => subnetId === undefined || eni.subnetId === subnetId)
    .sort((a, b) => endpoint.subnetIds.indexOf(a.subnetId) - endpoint.subnetIds.indexOf(b.subnetId));
  if (enis.length === 0) return undefined;
  return { name, addresses: enis.map((eni) => eni.privateIp), answeredBy, endpointId: endpoint.id };
}
