/**
 * The one place that recognises AWS Organizations errors. The SDK raises service exceptions whose `name` is the error
 * code, read by the shared helper (`lib/ec2/errors.ts`); what each code means for this provider is said here.
 */
import { ec2ErrorCode, isTransient } from '../ec2/errors';

/** The Organizations error codes ListParents answers that this provider acts on (API reference, ListParents, "Errors"). */
export const ORGANIZATIONS_ERRORS = {
  /** The caller is neither the management account nor a delegated administrator, or its role lacks the permission. */
  accessDenied: 'AccessDeniedException',
  /** "Your account isn't a member of an organization." */
  notInUse: 'AWSOrganizationsNotInUseException',
  /** "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified." */
  childNotFound: 'ChildNotFoundException',
  /** "You have sent too many requests in too short a period of time." */
  tooManyRequests: 'TooManyRequestsException',
} as const;

/** True when the error is an Organizations service exception with one of the given codes. */
export function isOrganizationsError(error: unknown, ...codes: string[]): boolean {
  const code = ec2ErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/** Organizations refused the call for its rate. */
export function isOrganizationsThrottling(error: unknown): boolean {
  return isOrganizationsError(error, ORGANIZATIONS_ERRORS.tooManyRequests);
}

/** The same request may succeed later: throttling, a server fault (ServiceException) or a network failure. */
export function isOrganizationsRetryable(error: unknown): boolean {
  return isOrganizationsThrottling(error) || isOrganizationsError(error, 'ServiceException') || isTransient(error);
}
