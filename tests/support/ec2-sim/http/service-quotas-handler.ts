/**
 * The Service Quotas face of the HTTP simulator: the awsJson1_1 protocol (`POST /`, `X-Amz-Target:
 * ServiceQuotasV20190624.<Action>`) for GetServiceQuota (Service Quotas API reference). The bundle tests point
 * `AWS_ENDPOINT_URL_SERVICE_QUOTAS` at the same server as `AWS_ENDPOINT_URL_EC2`.
 */
import { answerJson, type JsonAnswer } from './json-protocol';

export type { JsonAnswer } from './json-protocol';

export const SERVICE_QUOTAS_TARGET_PREFIX = 'ServiceQuotasV20190624.';

/** Whatever answers Service Quotas calls (the simulator's serviceQuotasCall). */
export interface ServiceQuotasCallTarget {
  serviceQuotasCall(action: string, input: Record<string, unknown>, caller?: { accountId?: string }): Promise<Record<string, unknown>>;
}

/** Answers one Service Quotas JSON request. */
export async function answerServiceQuotas(target: ServiceQuotasCallTarget, amzTarget: string, body: string, accountId: string | undefined): Promise<JsonAnswer> {
  const action = amzTarget.slice(SERVICE_QUOTAS_TARGET_PREFIX.length);
  return answerJson((name, input) => target.serviceQuotasCall(name, input, accountId === undefined ? {} : { accountId }), action, body, 'message');
}
