/**
 * The one place that recognises EC2 errors. The SDK raises service exceptions whose `name` is the EC2 error code
 * (`InvalidSubnet.Conflict`); transport failures carry Node's `code` (`ECONNRESET`). Nothing else in the code base
 * inspects error names or messages.
 */

/** The EC2 error code of a service exception, or undefined for anything else. */
export function ec2ErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { name?: unknown; Code?: unknown; code?: unknown };
  if (typeof candidate.Code === 'string') return candidate.Code;
  if (typeof candidate.name === 'string' && candidate.name !== 'Error' && candidate.name !== 'TypeError') return candidate.name;
  return undefined;
}

/**
 * True when IAM refused the call: the code the services other than EC2 answer (Route 53, Service Quotas, CloudFormation
 * and STS say `AccessDenied` or `AccessDeniedException`; EC2 itself says `UnauthorizedOperation`).
 */
export function isAccessDenied(error: unknown): boolean {
  return isEc2Error(error, 'AccessDenied', 'AccessDeniedException');
}

/** True when the error is an EC2 service exception with one of the given codes. */
export function isEc2Error(error: unknown, ...codes: string[]): boolean {
  const code = ec2ErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * NotFound codes of the IDs this provider creates, by the ID's prefix. Right after a create, EC2 may answer them to the
 * next call that names the new ID (EC2 Developer Guide, "Eventual consistency in the Amazon EC2 API"). A subnet has two
 * documented spellings, and the endpoint calls use the lower-case one (EC2 API reference, "Error codes";
 * terraform-provider-aws retries `InvalidSubnetId.NotFound` on ModifyVpcEndpoint).
 */
const NOT_FOUND_CODES_BY_ID_PREFIX: Readonly<Record<string, readonly string[]>> = {
  'sg-': ['InvalidGroup.NotFound', 'InvalidSecurityGroupID.NotFound'],
  'subnet-': ['InvalidSubnetID.NotFound', 'InvalidSubnetId.NotFound'],
  'vpce-': ['InvalidVpcEndpointId.NotFound', 'InvalidVpcEndpoint.NotFound'],
};

/** Every documented NotFound code for an ID of this kind (`subnet-…` has two spellings): what "already gone" means. */
export function notFoundCodesOf(id: string): string[] {
  const prefix = Object.keys(NOT_FOUND_CODES_BY_ID_PREFIX).find((candidate) => id.startsWith(candidate));
  return [...(prefix === undefined ? [] : (NOT_FOUND_CODES_BY_ID_PREFIX[prefix] ?? []))];
}

/** The IDs among `ids` of the kind the error says was not found (`InvalidGroup.NotFound` → the `sg-` IDs). */
export function idsOfNotFoundKind(error: unknown, ids: readonly string[]): string[] {
  const code = ec2ErrorCode(error);
  if (code === undefined) return [];
  const prefix = Object.keys(NOT_FOUND_CODES_BY_ID_PREFIX).find((candidate) => NOT_FOUND_CODES_BY_ID_PREFIX[candidate]?.includes(code));
  return prefix === undefined ? [] : ids.filter((id) => id.startsWith(prefix));
}

/**
 * EC2's refusal of private DNS when the service's DNS name is already held in the VPC, by another endpoint or by a
 * Route 53 private hosted zone (aws-facts, "Interface endpoints"): "… conflicting DNS domain …", recognised by its
 * message whatever the code, since a zone's conflict has come back as `ConflictingDomainExists` rather than
 * `InvalidParameter` (a real account, 2026). Any other EC2 error is not a conflict.
 */
export function isPrivateDnsConflict(error: unknown): boolean {
  if (ec2ErrorCode(error) === undefined) return false;
  if (isEc2Error(error, 'ConflictingDomainExists')) return true;
  return error instanceof Error && /conflicting DNS domain/i.test(error.message);
}

/** EC2's limit errors, by the VPC quota each one is about (EC2 API reference, "Error codes"). */
const LIMIT_ERRORS = {
  VpcEndpointLimitExceeded: 'interfaceEndpointsPerVpc',
  SubnetLimitExceeded: 'subnetsPerVpc',
  RulesPerSecurityGroupLimitExceeded: 'rulesPerSecurityGroup',
  SecurityGroupsPerInterfaceLimitExceeded: 'securityGroupsPerInterface',
} as const;

/** The VPC quota an EC2 limit error is about, or undefined for any other error. */
export function exceededQuota(error: unknown): (typeof LIMIT_ERRORS)[keyof typeof LIMIT_ERRORS] | undefined {
  const code = ec2ErrorCode(error);
  return code !== undefined && Object.hasOwn(LIMIT_ERRORS, code) ? LIMIT_ERRORS[code as keyof typeof LIMIT_ERRORS] : undefined;
}

/** EC2's throttling answers (EC2 Developer Guide, "Request throttling"). */
const THROTTLING_CODES = ['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'RequestThrottled'];
/** Server-side faults that EC2 documents as safe to retry. */
const SERVER_FAULT_CODES = ['InternalError', 'InternalFailure', 'ServiceUnavailable', 'Unavailable'];
const TRANSPORT_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET'];

export function isThrottling(error: unknown): boolean {
  return isEc2Error(error, ...THROTTLING_CODES);
}

/** Throttling, server faults and network failures: the same request may succeed if sent again. */
export function isTransient(error: unknown): boolean {
  if (isThrottling(error) || isEc2Error(error, ...SERVER_FAULT_CODES, 'TimeoutError', 'RequestTimeout')) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, $metadata } = error as { code?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof code === 'string' && TRANSPORT_CODES.includes(code)) return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/** A short, safe description of any error for reasons and logs: its name and message, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
