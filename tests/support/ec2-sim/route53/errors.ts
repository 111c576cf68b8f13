/**
 * Route 53's errors, with the HTTP status the SDK's model gives each (`httpError` of the error shape in
 * `@aws-sdk/client-route-53`), so the in-process client and the HTTP face answer what AWS would.
 */
import * as route53 from '@aws-sdk/client-route-53';
import { Ec2SimError } from '../errors';

/** Static schema id of an error shape in the smithy schema tuples (`[-3, namespace, name, traits, …]`). */
const ERROR_SCHEMA_ID = -3;

/** Codes that are not modelled as error shapes, with the status Route 53 answers them with. */
const UNMODELLED_STATUS: Readonly<Record<string, number>> = {
  // "Rate exceeded", HTTP 400 (re:Post, "How can I avoid Route 53 API throttling errors?").
  Throttling: 400,
  // IAM's answer for a resource of another account (HTTP 403).
  AccessDenied: 403,
};

/** The status of an error code: the model's `httpError`, 400 for other client errors. */
export function route53Status(code: string): number {
  if (Object.hasOwn(UNMODELLED_STATUS, code)) return UNMODELLED_STATUS[code] as number;
  const schema = (route53 as unknown as Record<string, unknown>)[`${code}$`];
  if (Array.isArray(schema) && schema[0] === ERROR_SCHEMA_ID) {
    const traits = schema[3] as { httpError?: number; error?: string };
    return traits.httpError ?? (traits.error === 'server' ? 500 : 400);
  }
  return 400;
}

/** A Route 53 error shaped like the SDK's service exceptions. */
export function route53Error(code: string, message: string): Ec2SimError {
  return new Ec2SimError(code, message, route53Status(code));
}

/**
 * InvalidChangeBatch carries its messages as a list (`Messages`, the SDK's `messages`), and its `Message` puts them in
 * brackets, as Route 53 answers ("[Tried to create resource record set … but it already exists]").
 */
export function invalidChangeBatch(messages: readonly string[]): Ec2SimError {
  const error = route53Error('InvalidChangeBatch', `[${messages.join(', ')}]`);
  Object.assign(error, { messages: [...messages] });
  return error;
}

export const route53Errors = {
  invalidInput: (message: string) => route53Error('InvalidInput', message),
  noSuchHostedZone: (id: string) => route53Error('NoSuchHostedZone', `No hosted zone found with ID: ${id}`),
  // Route 53 has no resource policies: a zone of another account is IAM's AccessDenied (our choice of wording).
  accessDenied: (account: string) => route53Error('AccessDenied', `User: arn:aws:sts::${account}:assumed-role/provider is not authorized to access this resource`),
  invalidVpcId: (vpcId: string) =>
    route53Error('InvalidVPCId', `The VPC ID '${vpcId}' that you specified either isn't a valid ID or the current account is not authorized to access this VPC.`),
  priorRequestNotComplete: () => route53Error('PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request.'),
  throttled: () => route53Error('Throttling', 'Rate exceeded'),
};
