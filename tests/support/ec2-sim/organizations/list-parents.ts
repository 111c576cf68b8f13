/**
 * The simulator's AWS Organizations piece: ListParents, the one action the provider calls, as unkind as the API
 * reference allows (AWS Organizations API Reference, "ListParents": request `ChildId`, `MaxResults`, `NextToken`;
 * answer `Parents` [{ Id, Type }] and `NextToken`; errors AccessDeniedException, AWSOrganizationsNotInUseException,
 * ChildNotFoundException, InvalidInputException, ServiceException, TooManyRequestsException).
 */
import { Ec2SimError } from '../errors';
import { SIM_ACCOUNT_ID, SIM_OU_ID, SIM_ROOT_ID, type SimOrganization } from './model';

type OrganizationsAction = (callerAccountId: string, input: Record<string, unknown>) => Record<string, unknown>;

/** The token of the page after an empty one (its content is the simulator's own business). */
const AFTER_EMPTY_PAGE = 'sim-after-empty-page';

/** Organizations' actions over the organisation of the world, or none (the caller's account is in no organisation). */
export function organizationsActions(organizationOf: () => SimOrganization | undefined): Readonly<Record<string, OrganizationsAction>> {
  return {
    ListParents: (callerAccountId, input) => {
      const organization = organizationOf();
      // "Your account isn't a member of an organization" (API reference, Errors, AWSOrganizationsNotInUseException).
      if (organization === undefined || !organization.hasMember(callerAccountId)) {
        throw new Ec2SimError('AWSOrganizationsNotInUseException', "Your account is not a member of an organization. To make this request, you must use the credentials of an account that belongs to an organization.");
      }
      // "You can only call this operation from the management account or a member account that is a delegated
      // administrator" (API reference, ListParents); a member without the delegation gets AccessDeniedException.
      if (!organization.mayRead(callerAccountId)) {
        throw new Ec2SimError('AccessDeniedException', "You don't have permissions to access this resource.", 403);
      }
      if (organization.settings.throttleNextCalls > 0) {
        organization.settings.throttleNextCalls -= 1;
        // "You have sent too many requests in too short a period of time" (API reference, Errors, TooManyRequestsException).
        throw new Ec2SimError('TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.');
      }
      const childId = input['ChildId'];
      // ChildId: an account (12 digits) or an OU; "Don't specify a root" (API reference, ListParents, Request Parameters).
      if (typeof childId !== 'string' || SIM_ROOT_ID.test(childId) || !(SIM_ACCOUNT_ID.test(childId) || SIM_OU_ID.test(childId))) {
        throw new Ec2SimError('InvalidInputException', 'You provided a value that does not match the required pattern.');
      }
      const nextToken = input['NextToken'];
      if (nextToken !== undefined && nextToken !== AFTER_EMPTY_PAGE) {
        throw new Ec2SimError('InvalidInputException', 'The specified pagination token is invalid.');
      }
      // "These operations can occasionally return an empty set of results even when more results are available"
      // (API reference, ListParents, note): the caller must follow NextToken, not stop at an empty page.
      if (nextToken === undefined && organization.settings.emptyPagesFirst > 0) {
        organization.settings.emptyPagesFirst -= 1;
        return { Parents: [], NextToken: AFTER_EMPTY_PAGE };
      }
      const parent = organization.parentOf(childId);
      // "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified" (Errors).
      if (parent === undefined) throw new Ec2SimError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
      // "In the current release, a child can have only a single parent" (API reference, ListParents).
      return { Parents: [{ Id: parent.id, Type: parent.type }] };
    },
  };
}
