/**
 * The Route 53 private hosted zones associated with a VPC. Where endpoints are centralised in a shared-services VPC, a
 * zone named after a service's private DNS name (`dkr.ecr.eu-west-1.amazonaws.com`) is associated with every member
 * VPC, and CreateVpcEndpoint with private DNS then fails with "conflicting DNS domain" (aws-facts, "Interface
 * endpoints"). Listing them before writing turns that late failure into a reason with zero writes.
 */
import { StillPendingError } from '../errors';
import { describeError, isAccessDenied } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import { paginate } from '../ec2/paginate';
import type { ObservedHostedZone, SkippedRead } from './observed';
import type { Logger } from '../protocol/logger';

/** Route 53's page size for ListHostedZonesByVPC (its maximum). */
const PAGE_SIZE = 100;

/** The zones, or why they could not be listed. */
export type HostedZoneListing = { readonly zones: ObservedHostedZone[] } | { readonly skipped: SkippedRead };

/**
 * Every private hosted zone associated with `vpcId` in `region`, or why Route 53 could not be asked (the role lacks
 * route53:ListHostedZonesByVPC, or Route 53 failed): logged, and EC2's own refusal is then the check. Running out of the
 * invocation's time (the paced client's OutOfTimeError, when many resources wait on one account's Route 53 at once) is
 * no failure of Route 53: it is rethrown, so the request is handed to a fresh invocation and the check still runs.
 *
 * @example
 * await listPrivateHostedZones(route53, 'vpc-0a1b2c3d', 'eu-west-1', log)
 * // => { zones: [{ zoneId: 'Z0123456789ABCDEFGHIJ', name: 'dkr.ecr.eu-west-1.amazonaws.com.', owner: '111122223333' }] }
 */
export async function listPrivateHostedZones(route53: Ec2Sender, vpcId: string, region: string, log?: Logger): Promise<HostedZoneListing> {
  try {
    // Loaded on first use: a resource without private DNS never needs the Route 53 client (a faster cold start).
    const { ListHostedZonesByVPCCommand } = await import('../aws/route53');
    const summaries = await paginate<{ HostedZoneId?: string; Name?: string; Owner?: { OwningAccount?: string; OwningService?: string } }>(
      route53,
      (nextToken) => new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: region as never, MaxItems: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) }),
      'HostedZoneSummaries',
    );
    const zones: ObservedHostedZone[] = summaries.flatMap((summary) =>
      summary.HostedZoneId && summary.Name
        ? [{ zoneId: summary.HostedZoneId, name: summary.Name, owner: summary.Owner?.OwningAccount ?? summary.Owner?.OwningService }]
        : [],
    );
    return { zones };
  } catch (error) {
    if (error instanceof StillPendingError) throw error;
    const denied = isAccessDenied(error);
    log?.warn(
      denied
        ? 'route53:ListHostedZonesByVPC is not permitted: private hosted zones of the VPC are not checked before writing'
        : 'ListHostedZonesByVPC failed: private hosted zones of the VPC are not checked before writing',
      { vpcId, error: describeError(error) },
    );
    return {
      skipped: {
        permission: 'route53:ListHostedZonesByVPC',
        denied,
        consequence: 'the private hosted zones associated with the VPC are not checked; a zone named after a service would fail CreateVpcEndpoint itself',
        error: describeError(error),
      },
    };
  }
}
