/**
 * The VPC quotas the checks before writing count against. They are defaults, adjustable per account and region through
 * Service Quotas (aws-facts, "Subnets and CIDRs"): the applied values are read (lib/service-quotas.ts), and these
 * defaults stand in only where they cannot be. Pure.
 */

export interface VpcQuota {
  /** The Service Quotas code (service code `vpc`). */
  readonly code: string;
  /** As the Service Quotas console names it. */
  readonly name: string;
  readonly defaultValue: number;
}

export const VPC_QUOTAS = {
  interfaceEndpointsPerVpc: { code: 'L-29B6F2EB', name: 'Interface VPC endpoints per VPC', defaultValue: 50 },
  subnetsPerVpc: { code: 'L-407747CB', name: 'Subnets per VPC', defaultValue: 200 },
  /** Counted separately for IPv4 and IPv6 rules (aws-facts, "Security groups"). */
  rulesPerSecurityGroup: { code: 'L-0EA8095F', name: 'Inbound or outbound rules per security group', defaultValue: 60 },
  /** Each endpoint ENI takes every group of the endpoint: 5 by default, adjustable to 16 (aws-facts, "Interface endpoints"). */
  securityGroupsPerInterface: { code: 'L-2AFB9258', name: 'Security groups per network interface', defaultValue: 5 },
} as const satisfies Record<string, VpcQuota>;

/** The most security groups a network interface can ever take: L-2AFB9258 is adjustable up to 16 (VPC quotas page). */
export const MAX_SECURITY_GROUPS_PER_INTERFACE = 16;

export type VpcQuotaName = keyof typeof VPC_QUOTAS;

/** A quota's value for the stack's account and region, and whether it was read from Service Quotas. */
export interface ObservedQuota {
  readonly value: number;
  /** false: Service Quotas could not be asked, or holds no applied value; the default stands in. */
  readonly applied: boolean;
}

export type ObservedQuotas = Readonly<Record<VpcQuotaName, ObservedQuota>>;

/** Every quota at its default, not read. */
export const DEFAULT_QUOTAS: ObservedQuotas = {
  interfaceEndpointsPerVpc: { value: VPC_QUOTAS.interfaceEndpointsPerVpc.defaultValue, applied: false },
  subnetsPerVpc: { value: VPC_QUOTAS.subnetsPerVpc.defaultValue, applied: false },
  rulesPerSecurityGroup: { value: VPC_QUOTAS.rulesPerSecurityGroup.defaultValue, applied: false },
  securityGroupsPerInterface: { value: VPC_QUOTAS.securityGroupsPerInterface.defaultValue, applied: false },
};

/**
 * How to raise a quota, as the end of a reason.
 *
 * @example
 * howToRaise('subnetsPerVpc') // => 'raise "Subnets per VPC" (Service Quotas, Amazon VPC, quota code L-407747CB)'
 */
export function howToRaise(quota: VpcQuotaName): string {
  const { name, code } = VPC_QUOTAS[quota];
  return `raise "${name}" (Service Quotas, Amazon VPC, quota code ${code})`;
}

/** The quota and its value as a reason names them: "the quota of 50 per VPC (default)" or "(applied)". */
export function describeQuota(quotas: ObservedQuotas, quota: VpcQuotaName, unit: string): string {
  const { value, applied } = quotas[quota];
  return `the quota of ${value} ${unit} (${applied ? 'applied to this account' : 'the default; Service Quotas was not read'})`;
}
