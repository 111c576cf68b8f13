/**
 * The consumer's OrganizationsPort over a real Organizations client (paced: lib/organizations/paced-client.ts), signed
 * with the provider's own role. The SDK's command is loaded on the first call, like Route 53's and STS's: most
 * invocations never ask Organizations, and their cold start does not pay for its module.
 */
import type { OrganizationParent, OrganizationsPort } from '../consumer/ports';
import type { Ec2Sender } from '../ec2/paced-client';

/** ListParents over every page. */
export class AwsOrganizationsPort implements OrganizationsPort {
  constructor(
    private readonly client: Ec2Sender,
    readonly callerAccountId: string,
  ) {}

  async listParents(childId: string): Promise<readonly OrganizationParent[]> {
    const { ListParentsCommand } = await import('../aws/organizations');
    const parents: OrganizationParent[] = [];
    let nextToken: string | undefined;
    do {
      // "These operations can occasionally return an empty set of results even when more results are available"
      // (API reference, ListParents): only a missing NextToken ends the listing.
      const page: { Parents?: { Id?: string; Type?: string }[]; NextToken?: string } = await this.client.send(
        new ListParentsCommand({ ChildId: childId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      for (const parent of page.Parents ?? []) if (parent.Id) parents.push({ id: parent.Id, type: parent.Type ?? '' });
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return parents;
  }
}
