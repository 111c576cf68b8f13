/**
 * Adjustable VPC quotas (aws-facts.md, "Subnets and CIDRs": most VPC quotas are adjustable per account through Service
 * Quotas) and the simulator's Service Quotas piece: GetServiceQuota for them (Service Quotas API reference). Codes and
 * defaults as the Amazon VPC quotas page lists them.
 */
import type { ActionContext } from './context';
import { Ec2SimError } from './errors';
import type { SimState } from './state';

export const VPC_QUOTAS = {
  /** Interface VPC endpoints per VPC. */
  interfaceEndpointsPerVpc: { code: 'L-29B6F2EB', name: 'Interface VPC endpoints per VPC', defaultValue: 50 },
  /** Subnets per VPC. */
  subnetsPerVpc: { code: 'L-407747CB', name: 'Subnets per VPC', defaultValue: 200 },
  /** Inbound or outbound rules per security group, counted separately for IPv4 and IPv6 (VPC User Guide, quotas). */
  rulesPerSecurityGroup: { code: 'L-0EA8095F', name: 'Inbound or outbound rules per security group', defaultValue: 60 },
  /** Security groups per network interface: 5, adjustable to 16 (aws-facts.md, "Interface endpoints"; VPC quotas page). */
  securityGroupsPerInterface: { code: 'L-2AFB9258', name: 'Security groups per network interface', defaultValue: 5 },
} as const;

export type VpcQuotaName = keyof typeof VPC_QUOTAS;

/** The quota's value for an account: what was applied (sim.setQuota), else the default. */
export function appliedQuota(state: SimState, accountId: string, quota: VpcQuotaName): number {
  return state.quotas.get(accountId)?.[quota] ?? VPC_QUOTAS[quota].defaultValue;
}

type ServiceQuotasAction = (ctx: ActionContext, input: Record<string, unknown>) => Record<string, unknown>;

export const serviceQuotasActions: Readonly<Record<string, ServiceQuotasAction>> = {
  GetServiceQuota: (ctx, input) => {
    const serviceCode = input['ServiceCode'];
    const quotaCode = input['QuotaCode'];
    const entry = Object.entries(VPC_QUOTAS).find(([, quota]) => serviceCode === 'vpc' && quota.code === quotaCode);
    if (!entry) throw new Ec2SimError('NoSuchResourceException', `The request failed because the specified quota ${String(serviceCode)}/${String(quotaCode)} does not exist.`);
    const [name, quota] = entry as [VpcQuotaName, (typeof VPC_QUOTAS)[VpcQuotaName]];
    // Where no applied value exists GetServiceQuota answers NoSuchResourceException (aws-facts.md, "Interface endpoints";
    // Service Quotas API reference: use GetAWSDefaultServiceQuota then). Off unless a test clears the applied value.
    if (ctx.state.quotasWithoutAppliedValue.has(`${ctx.account}\n${name}`)) {
      throw new Ec2SimError('NoSuchResourceException', `The request failed because the specified service quota has no applied value: vpc/${quota.code}.`);
    }
    return {
      Quota: {
        ServiceCode: 'vpc',
        ServiceName: 'Amazon Virtual Private Cloud (Amazon VPC)',
        QuotaArn: `arn:aws:servicequotas:${ctx.region}:${ctx.account}:vpc/${quota.code}`,
        QuotaCode: quota.code,
        QuotaName: quota.name,
        Value: appliedQuota(ctx.state, ctx.account, name),
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      },
    };
  },
};
