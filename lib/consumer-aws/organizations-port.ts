/**
 * The consumer's OrganizationsPort over a real Organizations client (paced: lib/organizations/paced-client.ts), signed
 * with the provider's own role. The SDK's command is loaded on the first call, like Route 53's and STS's: most
 * invocations never ask Organizations, and their cold start does not pay for its module.
 */
import type { OrganizationParent, OrganizationsPort } from '../consumer/ports';
import type { Ec2Sender } from '../ec2/paced-client';
import { paginate } from '../ec2/paginate';

/** ListParents over every page. */
export class AwsOrganizationsPort implements OrganizationsPort {
  constructor(
    private readonly client: Ec2Sender,
    readonly callerAccountId: string,
  ) {}

  async listParents(childId: string): Promise<readonly OrganizationParent[]> {
    const { ListParentsCommand } = await import('../aws/organizations');
    // "These operations can occasionally return an empty set of results even when more results are available"
    // (API reference, ListParents): paginate ends only on a missing NextToken.
    const parents = await paginate<{ Id?: string; Type?: string }>(
      this.client,
      (nextToken) => new ListParentsCommand({ ChildId: childId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      'Parents',
    );
    return parents.flatMap((parent) => (parent.Id ? [{ id: parent.Id, type: parent.Type ?? '' }] : []));
  }
}
