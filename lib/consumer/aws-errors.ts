/**
 * The AWS answers a consumer's apply treats as "already done" or as a known condition, recognised by code in one place
 * (the SDK sets an exception's `name` to the service's error code; lib/ec2/errors.ts reads it).
 *
 * Pure: no AWS SDK.
 */
import { ec2ErrorCode } from '../ec2/errors';

/** AWS error codes, with where each is documented. */
export const CONSUMER_ERROR_CODES = {
  /** AuthorizeSecurityGroupIngress: the rule exists already (EC2 API reference, "Error codes for the Amazon EC2 API"). */
  ruleDuplicate: 'InvalidPermission.Duplicate',
  /** RevokeSecurityGroupIngress: no such rule (same list). */
  ruleNotFound: ['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound'],
  /** DisassociateVPCFromHostedZone: the VPC is not associated (Route 53 API reference). */
  associationNotFound: 'VPCAssociationNotFound',
  /** DisassociateVPCFromHostedZone: the zone's last VPC (Route 53 API reference). */
  lastAssociation: 'LastVPCAssociation',
  /** DeleteVPCAssociationAuthorization: no such authorisation (Route 53 API reference). */
  authorisationNotFound: 'VPCAssociationAuthorizationNotFound',
  /** AssociateVPCWithHostedZone: the VPC is associated already, or with another zone of the same name (Route 53 API reference). */
  conflictingDomain: 'ConflictingDomainExists',
  /** AssociateVPCWithHostedZone: no authorisation for this VPC, or one not yet visible (Route 53 API reference). */
  notAuthorised: 'NotAuthorizedException',
  /**
   * Any call naming a zone that is gone (Route 53 API reference, each zone action's errors). Route 53 deletes a zone
   * with its associations, after which the VPC's account's disassociation answers this (hashicorp/terraform-provider-aws#17016).
   */
  noSuchZone: 'NoSuchHostedZone',
} as const;

/** Whether the error carries one of the codes. */
export function hasErrorCode(error: unknown, codes: string | readonly string[]): boolean {
  const code = ec2ErrorCode(error);
  return code !== undefined && (typeof codes === 'string' ? code === codes : codes.includes(code));
}
