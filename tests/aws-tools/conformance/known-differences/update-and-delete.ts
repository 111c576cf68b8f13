import type { KnownDifference } from './entry';

/** What an Update changes, then what a Delete does. */
export const updateAndDelete: KnownDifference[] = [
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
