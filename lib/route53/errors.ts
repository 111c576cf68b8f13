/**
 * The one place that recognises Route 53 errors. The SDK raises service exceptions whose `name` is Route 53's error
 * code (`HostedZoneAlreadyExists`, `PriorRequestNotComplete`), as it does for EC2, so the name is read by the same
 * helper (`lib/ec2/errors.ts`); what each code means for this provider is said here.
 */
import { ec2ErrorCode, isTransient } from '../ec2/errors';

/** Route 53's error codes this provider acts on, each with where it is documented. */
export const ROUTE53_ERRORS = {
  /** "Rate exceeded", HTTP 400 (Route 53 Developer Guide, "Throttling for Amazon Route 53 API requests"). */
  throttling: 'Throttling',
  /**
   * A change to the zone is still being processed, or the request came too fast (API reference,
   * ChangeResourceRecordSets and others: "If you get this error, wait and try again").
   */
  priorRequestNotComplete: 'PriorRequestNotComplete',
  /**
   * CreateHostedZone with a CallerReference already used (API reference, HostedZoneAlreadyExists: "a hosted zone has
   * already been created with the specified CallerReference"). The answer does not say which zone: look it up.
   */
  hostedZoneAlreadyExists: 'HostedZoneAlreadyExists',
  /** The zone is gone (API reference, NoSuchHostedZone). */
  noSuchHostedZone: 'NoSuchHostedZone',
  /** DeleteHostedZone while records other than SOA and NS remain (API reference, HostedZoneNotEmpty). */
  hostedZoneNotEmpty: 'HostedZoneNotEmpty',
  /** A CREATE of a record that exists or a DELETE of one that does not, among others (API reference, InvalidChangeBatch). */
  invalidChangeBatch: 'InvalidChangeBatch',
  /** The VPC already has a zone of the same name (API reference, CreateHostedZone and AssociateVPCWithHostedZone). */
  conflictingDomainExists: 'ConflictingDomainExists',
} as const;

/** True when the error is a Route 53 service exception with one of the given codes. */
export function isRoute53Error(error: unknown, ...codes: string[]): boolean {
  const code = ec2ErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/** Route 53 refused the call for its rate: the account's or the action's bucket is empty. */
export function isRoute53Throttling(error: unknown): boolean {
  return isRoute53Error(error, ROUTE53_ERRORS.throttling, 'ThrottlingException');
}

/**
 * The same request may succeed later: throttling, a prior change of the zone not yet processed, a server fault or a
 * network failure (the last two as for every AWS call).
 */
export function isRoute53Retryable(error: unknown): boolean {
  return isRoute53Throttling(error) || isRoute53Error(error, ROUTE53_ERRORS.priorRequestNotComplete) || isTransient(error);
}
