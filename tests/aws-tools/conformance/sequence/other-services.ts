import { ListHostedZonesByVPCCommand } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { at, list, outputOf, REGION } from './helpers';
import type { Step } from './step';

/** The VPC quotas the provider reads (lib/reconcile/quotas.ts), pinned here as the codes Service Quotas knows them by. */
const VPC_QUOTA_CODES = ['L-29B6F2EB', 'L-407747CB', 'L-0EA8095F'] as const;

/** What discovery reads beside EC2 (lib/reconcile/hosted-zones.ts, service-quotas.ts). */
export const otherServices: Step[] = [
  {
    name: 'ListHostedZonesByVPC (none)',
    send: ({ route53 }, ids) => route53.send(new ListHostedZonesByVPCCommand({ VPCId: ids['vpc'], VPCRegion: REGION, MaxItems: 100 })),
    observe: (outcome) => list(outputOf(outcome), 'HostedZoneSummaries').length,
  },
  ...VPC_QUOTA_CODES.map(
    (code): Step => ({
      name: `GetServiceQuota (${code})`,
      send: ({ serviceQuotas }) => serviceQuotas.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: code })),
      observations: {
        value: (outcome) => at(outputOf(outcome), 'Quota')?.['Value'],
        quotaArn: (outcome) => String(at(outputOf(outcome), 'Quota')?.['QuotaArn']).replace(/:\d{12}:/, ':<account>:'),
      },
    }),
  ),
  {
    name: 'GetServiceQuota (unknown code)',
    send: ({ serviceQuotas }) => serviceQuotas.send(new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-00000000' })),
  },
];
