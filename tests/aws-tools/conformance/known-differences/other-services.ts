import { R, type KnownDifference } from './entry';

/** Route 53 and Service Quotas. */
export const otherServices: KnownDifference[] = [
  {
    step: 'ListHostedZonesByVPC (none)',
    path: 'MaxItems',
    sim: 'number',
    moto: '-',
    closer: 'sim',
    why: "moto's ListHostedZonesByVPC answers no MaxItems, which Route 53 always sends (Route 53 API reference, ListHostedZonesByVPC: MaxItems, required). The provider pages by NextToken only.",
  },
  ...['L-29B6F2EB', 'L-407747CB', 'L-0EA8095F'].map(
    (code): KnownDifference => ({
      step: `GetServiceQuota (${code})`,
      path: 'observed.quotaArn',
      sim: JSON.stringify(`arn:aws:servicequotas:${R}:<account>:vpc/${code}`),
      moto: JSON.stringify(`arn:aws:servicequotas:eu-west-1::vpc/${code}`),
      closer: 'sim',
      why: "moto's QuotaArn names eu-west-1 whatever the Region asked, and no account (Service Quotas API reference, GetServiceQuota example: `arn:aws:servicequotas:<region>:<account>:<service>/<code>`). The provider reads only the Value, on which the two agree.",
    }),
  ),
];
