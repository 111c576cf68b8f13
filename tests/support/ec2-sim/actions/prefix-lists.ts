import type { DescribePrefixListsRequest, PrefixList } from '@aws-sdk/client-ec2';
import { prefixListId, serviceName } from '../catalogue';
import { Ec2SimError } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import { action, type ActionTable } from './action';
import type { ActionContext } from '../context';

/** Stand-in address ranges: the real lists hold many public CIDRs that change over time (ip-ranges.json). */
const SAMPLE_RANGES: Readonly<Record<string, readonly string[]>> = {
  s3: ['16.15.176.0/20', '52.216.0.0/15', '3.5.0.0/19'],
  dynamodb: ['3.218.180.0/22', '52.94.0.0/22'],
};

/**
 * A prefix list's maximum entries, what a rule naming it costs against the rules-per-group quota (VPC quotas page). The
 * AWS-managed lists' real MaxEntries are not published per list; the simulator uses its sample ranges' count.
 */
export function prefixListMaxEntries(ctx: ActionContext, prefixListId: string): number {
  const service = ctx.env.services.find((candidate) => candidate.type === 'Gateway' && prefixListIdOf(ctx, candidate.name) === prefixListId);
  if (!service) throw new Ec2SimError('InvalidPrefixListID.NotFound', `The prefix list ID '${prefixListId}' does not exist`);
  return (SAMPLE_RANGES[service.name] ?? []).length || 1;
}

function prefixListIdOf(ctx: ActionContext, service: string): string {
  return prefixListId(serviceName(ctx.region, service));
}

export const prefixListActions: ActionTable = {
  /**
   * The AWS-managed prefix lists of the region's gateway services, named by service name (EC2 API reference,
   * DescribePrefixLists: "prefix list name and prefix list ID of the service"; filters prefix-list-id, prefix-list-name).
   */
  DescribePrefixLists: action<DescribePrefixListsRequest>((ctx, input) => {
    const all: PrefixList[] = ctx.env.services
      .filter((service) => service.type === 'Gateway')
      .map((service) => {
        const name = serviceName(ctx.region, service.name);
        return { PrefixListId: prefixListId(name), PrefixListName: name, Cidrs: [...(SAMPLE_RANGES[service.name] ?? [])] };
      })
      .sort((a, b) => (a.PrefixListName as string).localeCompare(b.PrefixListName as string));
    const ids = list(input.PrefixListIds);
    for (const id of ids) {
      if (!all.some((prefixList) => prefixList.PrefixListId === id)) {
        throw new Ec2SimError('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
      }
    }
    const requested = ids.length === 0 ? all : all.filter((prefixList) => ids.includes(prefixList.PrefixListId as string));
    const filters: FilterSpec<PrefixList> = {
      fields: {
        'prefix-list-id': (prefixList) => prefixList.PrefixListId,
        'prefix-list-name': (prefixList) => prefixList.PrefixListName,
      },
    };
    const { page, nextToken } = paginate(applyFilters(requested, input.Filters, filters), input, PAGE_RULES.clamped, ctx.env.faults.maxPageSize);
    return { PrefixLists: page, NextToken: nextToken };
  }),
};
