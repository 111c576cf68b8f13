/**
 * The AWS Organizations face of the HTTP simulator: the awsJson1_1 protocol (`POST /`, `X-Amz-Target:
 * AWSOrganizationsV20161128.<Action>`, AWS Organizations API Reference, "Common Parameters" and ListParents) for
 * ListParents, on the same server as EC2 (a bundle reaches it with `AWS_ENDPOINT_URL_ORGANIZATIONS` or `AWS_ENDPOINT_URL`).
 * Organizations is global (physically hosted in us-east-1, "Quotas for AWS Organizations"), so the signing region does
 * not pick a regional simulator here.
 */
import { answerJson, type JsonAnswer } from './json-protocol';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

/** Whatever answers Organizations calls (the simulator's organizationsCall). */
export interface OrganizationsCallTarget {
  organizationsCall(action: string, input: Record<string, unknown>, caller?: { accountId?: string }): Promise<Record<string, unknown>>;
}

/** Answers one Organizations JSON request from `accountId` (the account the signing key acts as). */
export async function answerOrganizations(target: OrganizationsCallTarget, amzTarget: string, body: string, accountId: string | undefined): Promise<JsonAnswer> {
  const action = amzTarget.slice(ORGANIZATIONS_TARGET_PREFIX.length);
  // Organizations spells the message field `Message` (API reference, "Common Errors"); the SDK reads either case.
  return answerJson((name, input) => target.organizationsCall(name, input, accountId === undefined ? {} : { accountId }), action, body, 'Message');
}
