import type { Ec2Sender } from './paced-client';

/**
 * Every item of a listing, all pages. EC2, Route 53 and Organizations answer in pages and give a NextToken while more
 * remain; only a missing token ends the listing, since a page may come back empty with more to follow (Organizations
 * API reference, "ListParents").
 *
 * @example
 * const subnets = await paginate<Subnet>(ec2, (token) => new DescribeSubnetsCommand({ Filters, MaxResults: 1000, NextToken: token }), 'Subnets');
 */
export async function paginate<T>(client: Ec2Sender, command: (nextToken: string | undefined) => object, listKey: string): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(command(nextToken));
    items.push(...((page?.[listKey] as T[] | undefined) ?? []));
    nextToken = page?.NextToken || undefined;
  } while (nextToken);
  return items;
}
