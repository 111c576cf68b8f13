/**
 * The simulator's Route 53 piece: private hosted zones associated with VPCs, and the one call the provider makes,
 * ListHostedZonesByVPC (Route 53 API reference). Zones are created with `sim.admin.createPrivateHostedZone`.
 */
import type { ActionContext } from './context';
import { Ec2SimError } from './errors';
import type { HostedZoneRecord } from './state';

type Route53Action = (ctx: ActionContext, input: Record<string, unknown>) => Record<string, unknown>;

/** Route 53 pages ListHostedZonesByVPC by MaxItems (default and maximum 100) and NextToken. */
const MAX_ITEMS = 100;

export const route53Actions: Readonly<Record<string, Route53Action>> = {
  ListHostedZonesByVPC: (ctx, input) => {
    const vpcId = input['VPCId'];
    const region = input['VPCRegion'];
    if (typeof vpcId !== 'string' || typeof region !== 'string') {
      throw new Ec2SimError('InvalidInput', 'VPCId and VPCRegion are required.');
    }
    const maxItems = Math.min(MAX_ITEMS, Number(input['MaxItems'] ?? MAX_ITEMS) || MAX_ITEMS);
    const start = typeof input['NextToken'] === 'string' ? Number(input['NextToken']) : 0;
    // Every zone associated with the VPC, whichever account owns it (Route 53 API reference, ListHostedZonesByVPC).
    const zones = [...ctx.state.hostedZones.values()]
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
};

/** The private hosted zone associated with the VPC whose name is the service's private DNS name, if any. */
export function conflictingHostedZone(ctx: ActionContext, vpcId: string, privateDnsName: string): HostedZoneRecord | undefined {
  const domain = `${privateDnsName.replace(/^\*\./, '')}.`.toLowerCase();
  return [...ctx.state.hostedZones.values()].find(
    (zone) => zone.name.toLowerCase() === domain && zone.vpcs.some((vpc) => vpc.vpcId === vpcId && vpc.region === ctx.region),
  );
}
