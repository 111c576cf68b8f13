/**
 * The request CloudFormation sends, and the checks made before trusting it.
 *
 * The shape comes from `@types/aws-lambda`; what this module adds is the one field the provider
 * writes itself (`Continuation`, when it re-invokes itself to keep waiting) and a validator that
 * lists every problem instead of stopping at the first, so one FAILED answer can name them all.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { isSupportedPartition, partitionOfRegion, REGION_PATTERN } from './partitions';

/** Carried by a self-re-invocation: how many times this request has been taken up, and since when. */
export interface ContinuationState {
  /** 1 for the first continuation, counting up. */
  attempt: number;
  /** When the original invocation started, in epoch milliseconds. */
  firstStartedAt: number;
  /** Hand-overs in a row made without progress (no write, not waiting for EC2); absent when 0. Bounded. */
  stalled?: number;
}

/** A CloudFormation custom-resource request, possibly carrying the provider's own continuation state. */
export type CustomResourceEvent = CloudFormationCustomResourceEvent & { Continuation?: ContinuationState };

/** The three request types CloudFormation sends. */
export const REQUEST_TYPES = ['Create', 'Update', 'Delete'] as const;

/** CloudFormation's wait for a custom resource's answer when the template sets no ServiceTimeout, and its maximum. */
const DEFAULT_SERVICE_TIMEOUT_SECONDS = 3600;

/**
 * How long CloudFormation waits for this request's answer: the template's ServiceTimeout, 1 to 3600 seconds, or 3600
 * when it sets none (CloudFormation User Guide, AWS::CloudFormation::CustomResource). CloudFormation refuses other
 * values itself; one that arrives all the same is read as the default, not trusted.
 */
export function serviceTimeoutMs(event: Pick<CustomResourceEvent, 'ResourceProperties'>): number {
  const raw = Number((event.ResourceProperties as Record<string, unknown> | undefined)?.['ServiceTimeout']);
  // Absent or not a number, raw is NaN and fails both comparisons.
  const seconds = raw >= 1 && raw <= DEFAULT_SERVICE_TIMEOUT_SECONDS ? raw : DEFAULT_SERVICE_TIMEOUT_SECONDS;
  return seconds * 1000;
}

/**
 * Checks the fields the provider relies on: RequestType, ResponseURL, StackId, RequestId,
 * LogicalResourceId, a ResourceProperties object, PhysicalResourceId on Update and Delete,
 * OldResourceProperties on Update and, when present, Continuation.
 *
 * Messages never repeat the ResponseURL (it is a credential) and quote other values only briefly.
 *
 * @returns every problem found, each a sentence; an empty list means the event can be used.
 * @example
 * eventProblems({ RequestType: 'Create' }); // ['ResponseURL is missing or empty.', ...]
 */
export function eventProblems(event: unknown): string[] {
  if (!isPlainRecord(event)) return [`The event must be a JSON object, not ${describeType(event)}.`];
  const problems: string[] = [];

  const requestType = event['RequestType'];
  if (!REQUEST_TYPES.includes(requestType as (typeof REQUEST_TYPES)[number])) {
    problems.push(`RequestType must be one of ${REQUEST_TYPES.join(', ')} (got ${quote(requestType)}).`);
  }

  const responseUrl = event['ResponseURL'];
  if (!isNonEmptyString(responseUrl)) {
    problems.push('ResponseURL is missing or empty.');
  } else if (!/^https?:\/\/[^\s/]+/i.test(responseUrl)) {
    // Deliberately not quoted: the URL is a credential.
    problems.push('ResponseURL is not an http(s) URL.');
  }

  const stackId = event['StackId'];
  if (!isNonEmptyString(stackId)) problems.push('StackId is missing or empty.');
  else if (parseStackArn(stackId) === undefined) problems.push(stackArnProblem(stackId));

  for (const field of ['RequestId', 'LogicalResourceId'] as const) {
    if (!isNonEmptyString(event[field])) problems.push(`${field} is missing or empty.`);
  }

  if (!isPlainRecord(event['ResourceProperties'])) {
    problems.push(`ResourceProperties must be an object (got ${describeType(event['ResourceProperties'])}).`);
  }

  if (requestType === 'Update' || requestType === 'Delete') {
    if (!isNonEmptyString(event['PhysicalResourceId'])) problems.push(`PhysicalResourceId is missing or empty on ${requestType === 'Update' ? 'an' : 'a'} ${requestType} request.`);
  }
  // The provider compares old and new properties on Update (replacement, rollback with swapped
  // shapes), so an Update without them cannot be handled safely.
  if (requestType === 'Update' && !isPlainRecord(event['OldResourceProperties'])) {
    problems.push(`OldResourceProperties must be an object on an Update request (got ${describeType(event['OldResourceProperties'])}).`);
  }

  if ('Continuation' in event && event['Continuation'] !== undefined) problems.push(...continuationProblems(event['Continuation']));
  return problems;
}

function continuationProblems(continuation: unknown): string[] {
  if (!isPlainRecord(continuation)) return [`Continuation must be an object (got ${describeType(continuation)}).`];
  const problems: string[] = [];
  const attempt = continuation['attempt'];
  if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 0) {
    problems.push(`Continuation.attempt must be a non-negative integer (got ${quote(attempt)}).`);
  }
  const firstStartedAt = continuation['firstStartedAt'];
  if (typeof firstStartedAt !== 'number' || !Number.isFinite(firstStartedAt) || firstStartedAt < 0) {
    problems.push(`Continuation.firstStartedAt must be epoch milliseconds (got ${quote(firstStartedAt)}).`);
  }
  const stalled = continuation['stalled'];
  if (stalled !== undefined && (typeof stalled !== 'number' || !Number.isInteger(stalled) || stalled < 0)) {
    problems.push(`Continuation.stalled must be a non-negative integer when present (got ${quote(stalled)}).`);
  }
  return problems;
}

/** What a stack ARN says about where the stack lives. */
export interface StackArnParts {
  /** `aws`, `aws-cn`, `aws-us-gov` or `aws-eusc` (partitions.ts). */
  partition: string;
  region: string;
  accountId: string;
  stackName: string;
}

// arn:<partition>:cloudformation:<region>:<12-digit account>:stack/<name>/<id>
// Stack names start with a letter and hold letters, digits and hyphens (at most 128 characters).
const STACK_ARN = new RegExp(
  `^arn:(aws(?:-[a-z]+)*):cloudformation:(${REGION_PATTERN}):(\\d{12}):stack\\/([A-Za-z][A-Za-z0-9-]{0,127})\\/([^/\\s]+)$`,
);

/**
 * Account ID, region and partition from a StackId ARN of a partition this provider serves (partitions.ts), whose
 * Region belongs to that partition.
 *
 * @returns undefined for anything else: not a CloudFormation stack ARN, another partition, a Region of another partition.
 * @example
 * parseStackArn('arn:aws:cloudformation:eu-west-1:111122223333:stack/net/6c2b...')
 * // { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', stackName: 'net' }
 */
export function parseStackArn(stackId: string): StackArnParts | undefined {
  const match = STACK_ARN.exec(stackId);
  if (!match) return undefined;
  const [, partition, region, accountId, stackName] = match as unknown as [string, string, string, string, string];
  if (!isSupportedPartition(partition) || partitionOfRegion(region) !== partition) return undefined;
  return { partition, region, accountId, stackName };
}

/**
 * The partition a stack ARN names when it is one this provider does not serve (an ISO partition, or one it has never
 * heard of): such a stack gets no work and no answer, since its response host is not one anybody documented.
 *
 * @returns undefined when `stackId` is not shaped like a stack ARN, or names a served partition.
 * @example
 * unservedPartition('arn:aws-iso:cloudformation:us-iso-east-1:111122223333:stack/net/6c2b...') // 'aws-iso'
 */
export function unservedPartition(stackId: unknown): string | undefined {
  if (typeof stackId !== 'string') return undefined;
  const partition = /^arn:([^:\s]+):cloudformation:/.exec(stackId)?.[1];
  return partition === undefined || isSupportedPartition(partition) ? undefined : partition;
}

/** Why a StackId is not one {@link parseStackArn} reads. */
function stackArnProblem(stackId: string): string {
  const match = STACK_ARN.exec(stackId);
  if (match && isSupportedPartition(match[1] as string)) {
    return `StackId names the Region ${quote(match[2])}, which is not in its partition ${quote(match[1])}.`;
  }
  return `StackId is not a CloudFormation stack ARN (got ${quote(stackId)}).`;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

/** A short, JSON-quoted rendering of a value for a problem message. */
function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
