/**
 * Where a consumer's account sits in the organisation, read only when the hub admits OUs and does not list the account
 * itself: its parents from its OU up to the root, walked with AWS Organizations' ListParents over the provider's own
 * credentials (README, "Who may consume"). What the walk could not learn becomes a reason the checks give, never an
 * admission: a consumer is refused, with zero writes, rather than admitted on a guess.
 *
 * Pure: no AWS SDK (the calls go through the OrganizationsPort).
 */
import { ORGANIZATIONS_ERRORS, isOrganizationsError } from '../organizations/errors';
import type { OrganizationsPort } from './ports';

/** The account's parents, nearest first (its OU, that OU's parent, …, the root), or why they are not known. */
export type ConsumerAncestry =
  | { readonly kind: 'read'; readonly parentIds: readonly string[] }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * OUs nest at most five levels under the root ("Quotas for AWS Organizations", OU maximum nesting in a root), so a walk
 * from an account ends at the root within six calls; a longer one means an answer this code does not understand.
 */
const MAX_PARENT_CALLS = 6;

/**
 * Walks `accountId`'s parents up to the root.
 *
 * @throws what the port throws when it is not one of the refusals named below (throttling past the client's retries, a
 * server fault): the next attempt may well succeed, so it is not turned into a reason.
 *
 * @example
 * await readAncestry(port, '444455556666') // { kind: 'read', parentIds: ['ou-a1b2-prod0001', 'ou-a1b2-workload1', 'r-a1b2'] }
 */
export async function readAncestry(port: OrganizationsPort | undefined, accountId: string): Promise<ConsumerAncestry> {
  if (port === undefined) {
    return { kind: 'unreadable', reason: 'this provider was started without an AWS Organizations client, so it cannot tell which OU an account is in' };
  }
  const parentIds: string[] = [];
  let childId = accountId;
  for (let call = 0; call < MAX_PARENT_CALLS; call += 1) {
    let parents;
    try {
      parents = await port.listParents(childId);
    } catch (error) {
      const reason = refusalReason(error, port.callerAccountId, accountId, childId);
      if (reason === undefined) throw error;
      return { kind: 'unreadable', reason };
    }
    // "In the current release, a child can have only a single parent" (API reference, ListParents).
    const [parent] = parents;
    if (parent === undefined || parents.length > 1) {
      return { kind: 'unreadable', reason: `ListParents of ${childId} answered ${parents.length} parents, not one` };
    }
    parentIds.push(parent.id);
    if (parent.type === 'ROOT') return { kind: 'read', parentIds };
    childId = parent.id;
  }
  return { kind: 'unreadable', reason: `the parents of account ${accountId} did not reach a root within ${MAX_PARENT_CALLS} levels` };
}

/** Why Organizations would not say, for the refusals a person must act on; undefined for anything else. */
function refusalReason(error: unknown, callerAccountId: string, accountId: string, childId: string): string | undefined {
  if (isOrganizationsError(error, ORGANIZATIONS_ERRORS.accessDenied)) {
    return (
      `AWS Organizations refused ListParents to the provider's role in account ${callerAccountId} (AccessDeniedException). ` +
      `The organisation's management account must delegate organizations:ListParents to account ${callerAccountId} ` +
      '(its resource-based delegation policy, "Delegated administrator for AWS Organizations"), and the provider role needs ' +
      'organizations:ListParents (template.yaml, the consumers policy)'
    );
  }
  if (isOrganizationsError(error, ORGANIZATIONS_ERRORS.notInUse)) {
    return `the provider's account ${callerAccountId} is not a member of an organisation (AWSOrganizationsNotInUseException), so OUs cannot admit anyone`;
  }
  if (isOrganizationsError(error, ORGANIZATIONS_ERRORS.childNotFound) && childId === accountId) {
    return `account ${accountId} is not in the organisation of the provider's account ${callerAccountId} (ChildNotFoundException), so no OU of it holds the account`;
  }
  return undefined;
}
