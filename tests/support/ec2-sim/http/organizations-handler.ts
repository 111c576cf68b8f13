/**
 * The AWS Organizations face of the HTTP simulator: the awsJson1_1 protocol (`POST /`, `X-Amz-Target:
 * AWSOrganizationsV20161128.<Action>`, AWS Organizations API Reference, "Common Parameters" and ListParents) for
 * ListParents, on the same server as EC2 (a bundle reaches it with `AWS_ENDPOINT_URL_ORGANIZATIONS` or `AWS_ENDPOINT_URL`).
 * Organizations is global (physically hosted in us-east-1, "Quotas for AWS Organizations"), so the signing region does
 * not pick a regional simulator here.
 */
import { randomUUID } from 'node:crypto';
import { Ec2SimError } from '../errors';
import type { JsonAnswer } from './service-quotas-handler';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

/** Whatever answers Organizations calls (the simulator's organizationsCall). */
export interface OrganizationsCallTarget {
  organizationsCall(action: string, input: Record<string, unknown>, caller?: { accountId?: string }): Promise<Record<string, unknown>>;
}

/** Answers one Organizations JSON request from `accountId` (the account the signing key acts as). */
export async function answerOrganizations(target: OrganizationsCallTarget, amzTarget: string, body: string, accountId: string | undefined): Promise<JsonAnswer> {
  const requestId = randomUUID();
  const action = amzTarget.slice(ORGANIZATIONS_TARGET_PREFIX.length);
  let input: Record<string, unknown>;
  try {
    input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return errorAnswer(requestId, 400, 'SerializationException', 'The request body is not JSON.');
  }
  try {
    const output = await target.organizationsCall(action, input, accountId === undefined ? {} : { accountId });
    return { status: 200, body: JSON.stringify(output), requestId };
  } catch (error) {
    if (!(error instanceof Ec2SimError)) throw error;
    return errorAnswer(requestId, error.statusCode, error.code, error.message);
  }
}

/** Organizations' error body: `__type` and `Message` (awsJson1_1; the SDK reads either case of the message key). */
function errorAnswer(requestId: string, status: number, code: string, message: string): JsonAnswer {
  return { status, body: JSON.stringify({ __type: code, Message: message }), requestId, errorType: code };
}
