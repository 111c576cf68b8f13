/**
 * The Service Quotas face of the HTTP simulator: the awsJson1_1 protocol (`POST /`, `X-Amz-Target:
 * ServiceQuotasV20190624.<Action>`) for GetServiceQuota (Service Quotas API reference). The bundle tests point
 * `AWS_ENDPOINT_URL_SERVICE_QUOTAS` at the same server as `AWS_ENDPOINT_URL_EC2`.
 */
import { randomUUID } from 'node:crypto';
import { Ec2SimError } from '../errors';

export const SERVICE_QUOTAS_TARGET_PREFIX = 'ServiceQuotasV20190624.';

/** Whatever answers Service Quotas calls (the simulator's serviceQuotasCall). */
export interface ServiceQuotasCallTarget {
  serviceQuotasCall(action: string, input: Record<string, unknown>, caller?: { accountId?: string }): Promise<Record<string, unknown>>;
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  readonly errorType?: string;
}

/** Answers one Service Quotas JSON request. */
export async function answerServiceQuotas(target: ServiceQuotasCallTarget, amzTarget: string, body: string, accountId: string | undefined): Promise<JsonAnswer> {
  const requestId = randomUUID();
  const action = amzTarget.slice(SERVICE_QUOTAS_TARGET_PREFIX.length);
  let input: Record<string, unknown>;
  try {
    input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return errorAnswer(requestId, 400, 'SerializationException', 'The request body is not JSON.');
  }
  try {
    const output = await target.serviceQuotasCall(action, input, accountId === undefined ? {} : { accountId });
    return { status: 200, body: JSON.stringify(output), requestId };
  } catch (error) {
    if (!(error instanceof Ec2SimError)) throw error;
    return errorAnswer(requestId, error.statusCode, error.code, error.message);
  }
}

function errorAnswer(requestId: string, status: number, code: string, message: string): JsonAnswer {
  return { status, body: JSON.stringify({ __type: code, message }), requestId, errorType: code };
}
