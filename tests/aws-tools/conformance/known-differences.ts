/**
 * Every way moto 5.2 and the project's simulator are known to answer the call sequence differently, each named with
 * who is closer to EC2 and why. The differential test fails on a difference not listed here, and on an entry that no
 * longer happens: the list is exactly what the two EC2s disagree on. docs/moto-conformance.md reads it as a table.
 *
 * Nothing here is copied into the simulator: where moto is kinder or wrong, the simulator keeps EC2's documented
 * behaviour; where the simulator looks wrong, the entry says so (`closer: 'moto'`) and the simulator is left to its
 * owners.
 */
import type { Difference } from './differential-run';

export interface KnownDifference {
  /** The step's name, or `*` for every step whose answer has this path. */
  readonly step: string;
  /** As in {@link Difference}: `outcome`, `observed`, or an element path. */
  readonly path: string;
  readonly sim: string;
  readonly moto: string;
  /** Which of the two answers as EC2 is documented to; `unknown` where EC2's documentation is silent. */
  readonly closer: 'sim' | 'moto' | 'unknown';
  /** What differs and where EC2 documents it. */
  readonly why: string;
  /**
   * Set on a difference another branch of issue 22 introduces into the simulator: it may be absent until that branch
   * is merged, and is expected once it is. Drop the flag then.
   */
  readonly untilMerged?: string;
}

const R = 'us-east-1';
/** An observed list as the test compares it (JSON). */
const json = (...items: string[]) => JSON.stringify(items);

const ENDPOINT_FIELDS_MOTO_OMITS = ['DnsOptions', 'IpAddressType', 'RequesterManaged'] as const;

/** Fields of VpcEndpoint that moto never sends (EC2 API reference, VpcEndpoint: dnsOptions, ipAddressType, requesterManaged). */
const endpointFields: KnownDifference[] = ENDPOINT_FIELDS_MOTO_OMITS.flatMap((field) =>
  ['VpcEndpoint', 'VpcEndpoints[]'].map(
    (parent): KnownDifference => ({
      step: '*',
      path: `${parent}.${field}`,
      sim: field === 'DnsOptions' ? 'object' : field === 'IpAddressType' ? 'string' : 'boolean',
      moto: '-',
      closer: 'sim',
      why: `moto omits VpcEndpoint.${field} (EC2 API reference, VpcEndpoint). The provider reads DnsOptions and IpAddressType to compare an endpoint with its spec.`,
    }),
  ),
);

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
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
    step: 'DescribeVpcEndpointServices (ecr.api, ecr.dkr, s3)',
    path: 'observed.baseEndpointDnsNames',
    sim: json(
      `com.amazonaws.${R}.ecr.api Interface ecr.api.${R}.vpce.amazonaws.com`,
      `com.amazonaws.${R}.ecr.dkr Interface ecr.dkr.${R}.vpce.amazonaws.com`,
      `com.amazonaws.${R}.s3 Gateway s3.${R}.vpce.amazonaws.com`,
      `com.amazonaws.${R}.s3 Interface s3.${R}.vpce.amazonaws.com`,
    ),
    moto: json(
      `com.amazonaws.${R}.ecr.api Interface api.ecr.${R}.vpce.amazonaws.com`,
      `com.amazonaws.${R}.ecr.dkr Interface dkr.ecr.${R}.vpce.amazonaws.com`,
      `com.amazonaws.${R}.s3 Gateway s3.${R}.vpce.amazonaws.com`,
      `com.amazonaws.${R}.s3 Interface s3.${R}.vpce.amazonaws.com`,
    ),
    closer: 'moto',
    why: "ECR's endpoint DNS names: the simulator builds `<short name>.<region>.vpce.amazonaws.com` (`ecr.api.…`, `ecr.dkr.…`); moto's ECR catalogue, written per service, has `api.ecr.…` and `dkr.ecr.…`, and ECR's registry certificate covers `*.dkr.ecr.<region>.vpce.amazonaws.com` (seen in real docker errors), which matches moto. Likely a simulator bug; it reaches the provider's `DnsName.<svc>` outputs (see the next step).",
  },
  {
    step: 'DescribePrefixLists',
    path: 'PrefixLists[].Cidrs',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: 'moto omits PrefixList.Cidrs (EC2 API reference, PrefixList). The provider reads only the list IDs and names.',
  },

  // Route 53 and Service Quotas.
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

  // Create.
  ...['CreateSubnet (DryRun)', 'CreateVpcEndpoint (DryRun)'].map(
    (step): KnownDifference => ({
      step,
      path: 'outcome',
      sim: 'DryRunOperation',
      moto: 'ok',
      closer: 'sim',
      why: 'moto ignores DryRun on this call and creates the resource (EC2 API reference: DryRun answers DryRunOperation when permitted). The test deletes what moto made.',
    }),
  ),
  {
    step: 'CreateSecurityGroup',
    path: 'Tags',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: 'moto does not echo the tags of TagSpecifications in CreateSecurityGroup\'s answer (EC2 API reference, CreateSecurityGroup: tagSet).',
  },
  {
    step: 'AuthorizeSecurityGroupIngress',
    path: 'SecurityGroupRules[].GroupOwnerId',
    sim: 'string',
    moto: '-',
    closer: 'sim',
    why: 'moto omits SecurityGroupRule.GroupOwnerId (EC2 API reference, SecurityGroupRule).',
  },
  {
    step: 'AuthorizeSecurityGroupIngress (one permission twice)',
    path: 'outcome',
    sim: 'InvalidParameterValue',
    moto: 'InvalidPermission.Duplicate',
    closer: 'sim',
    why: 'The same permission twice in one request: EC2 answers InvalidParameterValue ("must not appear multiple times"; terraform-provider-aws #2587, #29492), moto InvalidPermission.Duplicate.',
    untilMerged: 'issue 22 item 9 (the simulator answers InvalidPermission.Duplicate before it)',
  },
  {
    step: 'DescribeSecurityGroups (group-id)',
    path: 'observed',
    sim: '["10.0.0.0/20","10.0.16.0/20"]',
    moto: '["10.0.0.0/20","10.0.16.0/20","10.0.32.0/20","10.0.48.0/20"]',
    closer: 'sim',
    why: "moto's AuthorizeSecurityGroupIngress is not all-or-nothing: a call refused for one duplicate rule still adds its other rules (EC2 API reference, AuthorizeSecurityGroupIngress; aws-facts.md, Security groups).",
  },
  ...['CreateVpcEndpoint (interface)', 'CreateVpcEndpoint (interface, same ClientToken again)', 'CreateVpcEndpoint (gateway)'].map(
    (step): KnownDifference => ({
      step,
      path: 'ClientToken',
      sim: 'string',
      moto: '-',
      closer: 'sim',
      why: "moto does not echo CreateVpcEndpoint's ClientToken (EC2 API reference, CreateVpcEndpoint: clientToken in the response).",
    }),
  ),
  ...endpointFields,
  {
    step: 'CreateVpcEndpoint (interface)',
    path: 'observed',
    sim: '"pending"',
    moto: '"available"',
    closer: 'sim',
    why: 'No pending state in moto: an endpoint is available at once (PrivateLink guide: creation takes minutes, states pending → available). Kinder: the provider\'s wait for available is never exercised by moto.',
  },
  {
    step: 'DescribeVpcEndpoints (vpc-id, just created)',
    path: 'observed',
    sim: '["Gateway available","Interface pending"]',
    moto: '["Gateway available","Interface available"]',
    closer: 'sim',
    why: 'The same: no pending state in moto.',
  },
  {
    step: 'CreateVpcEndpoint (interface, same ClientToken again)',
    path: 'observed',
    sim: '{"sameEndpoint":true}',
    moto: '{"sameEndpoint":false}',
    closer: 'sim',
    why: 'ClientToken is not idempotent in moto: the same request with the same token creates a second endpoint (EC2 API reference, CreateVpcEndpoint; "Ensuring idempotency"). The test deletes the duplicate.',
  },
  {
    step: 'CreateVpcEndpoint (interface, same ClientToken, other parameters)',
    path: 'outcome',
    sim: 'IdempotentParameterMismatch',
    moto: 'ok',
    closer: 'sim',
    why: 'The same: moto ignores the token, so reusing it with other parameters creates an endpoint instead of IdempotentParameterMismatch.',
  },
  {
    step: 'CreateVpcEndpoint (interface, second private-DNS endpoint for the service)',
    path: 'outcome',
    sim: 'InvalidParameter',
    moto: 'ok',
    closer: 'sim',
    why: 'moto allows a second private-DNS endpoint for one service in a VPC; EC2 refuses it ("conflicting DNS domain", aws-facts.md, Interface endpoints).',
  },
  {
    step: 'CreateVpcEndpoint (interface, two subnets in one AZ)',
    path: 'outcome',
    sim: 'DuplicateSubnetsInSameZone',
    moto: 'ok',
    closer: 'sim',
    why: 'moto allows two subnets of one AZ in an interface endpoint; EC2 refuses them (EC2 API error codes, DuplicateSubnetsInSameZone).',
  },
  {
    step: 'CreateVpcEndpoint (interface, missing subnet)',
    path: 'outcome',
    sim: 'InvalidSubnetId.NotFound',
    moto: 'InvalidSubnetID.NotFound',
    closer: 'sim',
    why: 'The endpoint calls spell the subnet code InvalidSubnetId.NotFound (EC2 API error codes; terraform-provider-aws retries it on ModifyVpcEndpoint); moto uses the other documented spelling.',
    untilMerged: 'issue 22 item 1 (the simulator answers InvalidSubnetID.NotFound before it)',
  },
  {
    step: 'DescribeVpcEndpoints (VpcEndpointIds, DNS)',
    path: 'observed.privateDnsEnabled',
    sim: json('Gateway false', 'Interface true'),
    moto: json('Gateway true', 'Interface true'),
    closer: 'sim',
    why: 'moto reports PrivateDnsEnabled true on a gateway endpoint; private DNS is an interface-endpoint option (EC2 API reference, CreateVpcEndpoint: "(Interface endpoint) … PrivateDnsEnabled").',
  },
  {
    step: 'DescribeVpcEndpoints (VpcEndpointIds, DNS)',
    path: 'observed.endpointDnsNames',
    sim: json(`<endpoint>.ecr.api.${R}.vpce.amazonaws.com`, `<endpoint>-<zone>.ecr.api.${R}.vpce.amazonaws.com`, `<endpoint>-<zone>.ecr.api.${R}.vpce.amazonaws.com`, `api.ecr.${R}.amazonaws.com`),
    moto: json(`<endpoint>.com.amazonaws.${R}.ecr.api`),
    closer: 'sim',
    why: "An interface endpoint's DnsEntries: EC2 lists the regional name, one zonal name per subnet and, with private DNS, the service's private name (PrivateLink guide, \"DNS hostnames\"); moto lists one name, `<endpoint>.<service name>`, which is no DNS name of EC2's. The simulator's base for ECR is itself suspect (the entry above).",
  },
  {
    step: 'DescribeNetworkInterfaces (subnet-id)',
    path: 'NetworkInterfaces[].AvailabilityZoneId',
    sim: 'string',
    moto: '-',
    closer: 'sim',
    why: 'moto omits NetworkInterface.AvailabilityZoneId (EC2 API reference, NetworkInterface).',
  },
  ...['NetworkInterfaces[].PrivateDnsName', 'NetworkInterfaces[].PrivateIpAddresses[].PrivateDnsName'].map(
    (path): KnownDifference => ({
      step: 'DescribeNetworkInterfaces (subnet-id)',
      path,
      sim: '-',
      moto: 'string',
      closer: 'moto',
      why: 'The simulator omits PrivateDnsName on network interfaces and their addresses, which EC2 sends (EC2 API reference, NetworkInterface, NetworkInterfacePrivateIpAddress). The provider does not read it.',
    }),
  ),
  {
    step: 'DescribeNetworkInterfaces (subnet-id)',
    path: 'observed',
    sim: '["vpc_endpoint true"]',
    moto: '["interface false"]',
    closer: 'sim',
    why: "moto's endpoint ENIs are InterfaceType `interface`, not requester-managed; EC2's are `vpc_endpoint` and requester-managed (EC2 API reference, NetworkInterface.InterfaceType). The Delete's blocker diagnosis would take them for foreign ENIs.",
  },
  {
    step: 'DescribeNetworkInterfaces (group-id)',
    path: 'NetworkInterfaces',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: "moto's endpoint ENIs carry the VPC's default group, not the endpoint's groups (PrivateLink guide: the endpoint's security groups are associated with its network interfaces).",
  },
  {
    step: 'DescribeNetworkInterfaces (group-id)',
    path: 'observed',
    sim: '2',
    moto: '0',
    closer: 'sim',
    why: 'The same: no ENI of moto carries the endpoint\'s group.',
  },

  // Update.
  {
    step: 'RevokeSecurityGroupIngress',
    path: 'RevokedSecurityGroupRules',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: 'moto omits RevokedSecurityGroupRules (EC2 API reference, RevokeSecurityGroupIngress).',
  },

  // Delete.
  {
    step: 'DeleteVpcEndpoints (two, and one missing)',
    path: 'Unsuccessful',
    sim: 'list',
    moto: '-',
    closer: 'sim',
    why: 'moto does not report an ID it does not know in Unsuccessful (EC2 API reference, DeleteVpcEndpoints; InvalidVpcEndpoint.NotFound per ID).',
  },
  {
    step: 'DeleteVpcEndpoints (two, and one missing)',
    path: 'observed',
    sim: '["vpce-0000000000000000f InvalidVpcEndpoint.NotFound"]',
    moto: '[]',
    closer: 'sim',
    why: 'The same.',
  },
  {
    step: 'DescribeVpcEndpoints (VpcEndpointIds, deleting)',
    path: 'observed',
    sim: '["deleting"]',
    moto: '["deleted"]',
    closer: 'sim',
    why: 'No deleting state in moto: a deleted endpoint is `deleted` at once and its ENIs are gone with it (PrivateLink guide: deletion takes minutes).',
  },
  ...['GroupId', 'Return'].map(
    (field): KnownDifference => ({
      step: 'DeleteSecurityGroup (unused)',
      path: field,
      sim: field === 'GroupId' ? 'string' : 'boolean',
      moto: '-',
      closer: 'sim',
      why: `moto's DeleteSecurityGroup answers no ${field} (EC2 API reference, DeleteSecurityGroup: return, groupId).`,
    }),
  ),
  {
    step: 'DeleteSubnet (endpoint ENI still in it)',
    path: 'outcome',
    sim: 'DependencyViolation',
    moto: 'ok',
    closer: 'sim',
    why: "Kinder: moto's ENIs vanish with the endpoint, so the subnet goes at once; EC2's endpoint ENIs outlive the delete for minutes (aws-facts.md, Subnets).",
  },
  {
    step: 'DeleteSecurityGroup (endpoint ENI still uses it)',
    path: 'outcome',
    sim: 'DependencyViolation',
    moto: 'ok',
    closer: 'sim',
    why: 'The same for the group.',
  },
  ...[
    ['DnsEntries', '-', 'list'],
    ['NetworkInterfaceIds', '-', 'list'],
    ['Groups', 'list', '-'],
  ].map(
    ([field, sim, moto]): KnownDifference => ({
      step: 'DescribeVpcEndpoints (vpc-id, settled after delete)',
      path: `VpcEndpoints[].${field}`,
      sim: sim as string,
      moto: moto as string,
      closer: 'unknown',
      why: `What a \`deleted\` endpoint still lists is undocumented: moto keeps its DnsEntries and NetworkInterfaceIds and drops its groups (deleted above); the simulator keeps the groups and drops the rest.`,
    }),
  ),
];

/** Whether an entry names this difference. */
export function explains(entry: KnownDifference, difference: Difference): boolean {
  return (
    (entry.step === '*' || entry.step === difference.step) &&
    entry.path === difference.path &&
    entry.sim === difference.sim &&
    entry.moto === difference.moto
  );
}
