/**
 * The applied values of the VPC quotas the checks count against, from Service Quotas. A quota raised for the account
 * must not be refused at its default (aws-facts, "Subnets and CIDRs"); one that cannot be read (the role lacks
 * servicequotas:GetServiceQuota, or the call fails) falls back to its default, and the log says so. One without an
 * applied value (NoSuchResourceException) has its default, and only an info line says so.
 */
import { describeError, isAccessDenied, isEc2Error } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import type { SkippedRead } from './observed';
import type { Logger } from '../protocol/logger';
import { DEFAULT_QUOTAS, VPC_QUOTAS, type ObservedQuota, type ObservedQuotas, type VpcQuotaName } from './quotas';
import { compareText } from '../compare-text';

/** The quotas, and why some stand at their defaults when Service Quotas could not be asked for them. */
export interface QuotaReading {
  readonly quotas: ObservedQuotas;
  readonly skipped?: SkippedRead;
}

/**
 * The applied value of each VPC quota, read in parallel; the default where Service Quotas cannot be asked, and then
 * `skipped` says which and why.
 *
 * @example
 * await readVpcQuotas(serviceQuotas, log) // => { quotas: { interfaceEndpointsPerVpc: { value: 100, applied: true }, … } }
 */
export async function readVpcQuotas(serviceQuotas: Ec2Sender | undefined, log?: Logger): Promise<QuotaReading> {
  if (serviceQuotas === undefined) return { quotas: DEFAULT_QUOTAS };
  // Loaded on first use, like the other optional clients (a faster cold start).
  const { GetServiceQuotaCommand } = await import('../aws/service-quotas');
  const names = Object.keys(VPC_QUOTAS) as VpcQuotaName[];
  const failures: { code: string; defaultValue: number; error: unknown }[] = [];
  const read = async (name: VpcQuotaName): Promise<ObservedQuota> => {
    const { code, defaultValue } = VPC_QUOTAS[name];
    try {
      const output = await serviceQuotas.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: code }));
      const value = output?.Quota?.Value;
      if (typeof value === 'number' && Number.isFinite(value)) return { value, applied: true };
      log?.warn('GetServiceQuota gave no value: assuming the default quota', { quotaCode: code, default: defaultValue });
    } catch (error) {
      // No applied value for the account: the default is the value (aws-facts, "Interface endpoints"). Not a failure,
      // and nothing to do with permissions.
      if (isEc2Error(error, 'NoSuchResourceException')) {
        log?.info('GetServiceQuota holds no applied value for this quota: using its default', { quotaCode: code, default: defaultValue });
        return DEFAULT_QUOTAS[name];
      }
      failures.push({ code, defaultValue, error });
      log?.warn('GetServiceQuota failed (is servicequotas:GetServiceQuota permitted?): assuming the default quota', {
        quotaCode: code,
        default: defaultValue,
        error: describeError(error),
      });
    }
    return DEFAULT_QUOTAS[name];
  };
  const values = await Promise.all(names.map(read));
  const quotas = Object.fromEntries(names.map((name, index) => [name, values[index]])) as unknown as ObservedQuotas;
  if (failures.length === 0) return { quotas };
  // Sorted by code, so the sentence reads the same whichever call failed first.
  failures.sort((a, b) => compareText(a.code, b.code));
  return {
    quotas,
    skipped: {
      permission: 'servicequotas:GetServiceQuota',
      denied: failures.some((failure) => isAccessDenied(failure.error)),
      consequence: `assumed the default VPC quotas (${failures.map((failure) => `${failure.code} = ${failure.defaultValue}`).join(', ')}); a quota raised for the account is not seen`,
      error: describeError(failures[0]?.error),
    },
  };
}
