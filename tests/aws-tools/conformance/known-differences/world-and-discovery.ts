import { json, R, type KnownDifference } from './entry';

/** The user's VPC and what discovery reads. */
export const worldAndDiscovery: KnownDifference[] = [
  // The world.
  ...['GroupName', 'NetworkBorderGroup', 'OptInStatus'].map(
    (field): KnownDifference => ({
      step: 'DescribeAvailabilityZones',
      path: `AvailabilityZones[].${field}`,
      sim: 'string',
      moto: '-',
      closer: 'sim',
      why: `moto omits AvailabilityZone.${field} (EC2 API reference, AvailabilityZone). The provider does not read it.`,
    }),
  ),
  ...['Subnet', 'Subnets[]'].map(
    (parent): KnownDifference => ({
      step: '*',
      path: `${parent}.PrivateDnsNameOptionsOnLaunch`,
      sim: '-',
      moto: 'object',
      closer: 'moto',
      why: 'The simulator omits Subnet.PrivateDnsNameOptionsOnLaunch, which EC2 sends for every subnet (EC2 API reference, Subnet). The provider does not read it.',
    }),
  ),

  // Discovery.
  {
    step: 'DescribeSubnets (vpc-id, first page of 5)',
    path: 'NextToken',
    sim: 'string',
    moto: '-',
    closer: 'sim',
    why: 'moto ignores MaxResults on DescribeSubnets and answers every subnet in one page (EC2 API reference, DescribeSubnets: MaxResults 5–1000). Kinder: the provider\'s pagination is never exercised by moto.',
  },
  {
    step: 'DescribeSubnets (vpc-id, first page of 5)',
    path: 'observed',
    sim: '{"subnets":5,"more":true}',
    moto: '{"subnets":6,"more":false}',
    closer: 'sim',
    why: 'The same: moto answers all six subnets in a page of at most five.',
  },
  {
    step: 'DescribeSubnets (vpc-id, second page)',
    path: 'observed',
    sim: '{"subnets":1,"more":false}',
    moto: '{"subnets":6,"more":false}',
    closer: 'sim',
    why: 'The same: without a NextToken from moto, the second call reads the first page again.',
  },
  {
    step: 'DescribeSecurityGroups (vpc-id)',
    path: 'SecurityGroups[].IpPermissions',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: "moto's default security group has no inbound rule; EC2's allows inbound traffic from the group itself (VPC User Guide, \"Default security groups for your VPCs\").",
  },
  ...['DescribeVpcEndpointServices (all)', 'DescribeVpcEndpointServices (ecr.api, ecr.dkr, s3)'].flatMap((step) =>
    [
      ['AvailabilityZoneIds', 'list'],
      ['ServiceRegion', 'string'],
      ['SupportedIpAddressTypes', 'list'],
    ].map(
      ([field, type]): KnownDifference => ({
        step,
        path: `ServiceDetails[].${field}`,
        sim: type as string,
        moto: '-',
        closer: 'sim',
        why: `moto omits ServiceDetail.${field} (EC2 API reference, ServiceDetail).${field === 'SupportedIpAddressTypes' ? ' The provider reads it to refuse dual-stack or IPv6 endpoints of an IPv4-only service; with moto, that check sees no types.' : ''}`,
      }),
    ),
  ),
  {
    step: 'DescribeVpcEndpointServices (ecr.api, ecr.dkr, s3)',
    path: 'observed.privateDnsNames',
    sim: json(
      `com.amazonaws.${R}.ecr.api Interface api.ecr.${R}.amazonaws.com`,
      `com.amazonaws.${R}.ecr.dkr Interface *.dkr.ecr.${R}.amazonaws.com`,
      `com.amazonaws.${R}.s3 Gateway -`,
      `com.amazonaws.${R}.s3 Interface *.s3.${R}.amazonaws.com`,
    ),
    moto: json(
      `com.amazonaws.${R}.ecr.api Interface api.ecr.${R}.amazonaws.com`,
      `com.amazonaws.${R}.ecr.dkr Interface *.dkr.ecr.${R}.amazonaws.com`,
      `com.amazonaws.${R}.s3 Gateway s3.${R}.amazonaws.com`,
      `com.amazonaws.${R}.s3 Interface s3.${R}.amazonaws.com`,
    ),
    closer: 'unknown',
    why: "S3's private DNS name: moto gives both S3 entries `s3.<region>.amazonaws.com` (its catalogue derives the name from the service's); the simulator gives the interface entry the wildcard `*.s3.<region>.amazonaws.com` and the gateway entry none. The S3 User Guide (\"AWS PrivateLink for Amazon S3\", Private DNS) covers both the regional name and its subdomains; which string DescribeVpcEndpointServices lists, and whether the gateway entry has one, is not documented.",
  },
  {
    step: 'DescribePrefixLists',
    path: 'PrefixLists[].Cidrs',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: 'moto omits PrefixList.Cidrs (EC2 API reference, PrefixList). The provider reads only the list IDs and names.',
  },
];
