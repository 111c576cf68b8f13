import {
  AssociateRouteTableCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { REGION, list, at, outputOf, serviceEntries, inVpc } from './helpers';
import type { Step } from './step';

const appSubnets: Step[] = [0, 1, 2].flatMap((zone) =>
  [0, 1].map(
    (half): Step => ({
      name: `CreateSubnet (app ${zone}-${half})`,
      send: ({ ec2 }, ids) =>
        ec2.send(
          new CreateSubnetCommand({
            VpcId: ids['vpc'],
            CidrBlock: `10.0.${(zone * 2 + half) * 16}.0/20`,
            AvailabilityZone: ids[`zone${zone}`],
            TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: 'app' }] }],
          }),
        ),
      keep: (output, ids) => void (ids[`app${zone}${half}`] = at(output, 'Subnet')['SubnetId'] as string),
    }),
  ),
);

/** The user's VPC: 10.0.0.0/16, DNS on, two app subnets in each of three AZs, an explicit route table for the first AZ. */
export const world: Step[] = [
  {
    name: 'CreateVpc',
    send: ({ ec2 }) => ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'app' }] }] })),
    keep: (output, ids) => void (ids['vpc'] = at(output, 'Vpc')['VpcId'] as string),
  },
  { name: 'ModifyVpcAttribute (DNS support)', send: ({ ec2 }, ids) => ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids['vpc'], EnableDnsSupport: { Value: true } })) },
  { name: 'ModifyVpcAttribute (DNS hostnames)', send: ({ ec2 }, ids) => ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids['vpc'], EnableDnsHostnames: { Value: true } })) },
  {
    name: 'DescribeAvailabilityZones',
    send: ({ ec2 }) => ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: false })),
    keep: (output, ids) => list(output, 'AvailabilityZones').slice(0, 3).forEach((zone, index) => (ids[`zone${index}`] = zone['ZoneName'] as string)),
  },
  ...appSubnets,
  {
    name: 'CreateRouteTable',
    send: ({ ec2 }, ids) => ec2.send(new CreateRouteTableCommand({ VpcId: ids['vpc'] })),
    keep: (output, ids) => void (ids['rtb'] = at(output, 'RouteTable')['RouteTableId'] as string),
  },
  { name: 'AssociateRouteTable', send: ({ ec2 }, ids) => ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids['rtb'], SubnetId: ids['app00'] })) },
];

/** What discovery reads before planning (lib/reconcile/discovery.ts). */
export const discovery: Step[] = [
  { name: 'DescribeVpcs', send: ({ ec2 }, ids) => ec2.send(new DescribeVpcsCommand({ VpcIds: [ids['vpc'] as string] })) },
  {
    name: 'DescribeVpcAttribute (enableDnsSupport)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcAttributeCommand({ VpcId: ids['vpc'], Attribute: 'enableDnsSupport' })),
    observe: (outcome) => outputOf(outcome)['EnableDnsSupport'],
  },
  {
    name: 'DescribeVpcAttribute (enableDnsHostnames)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcAttributeCommand({ VpcId: ids['vpc'], Attribute: 'enableDnsHostnames' })),
    observe: (outcome) => outputOf(outcome)['EnableDnsHostnames'],
  },
  {
    name: 'DescribeSubnets (vpc-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: inVpc(ids), MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'Subnets').length,
  },
  {
    name: 'DescribeSubnets (vpc-id, first page of 5)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: inVpc(ids), MaxResults: 5 })),
    keep: (output, ids) => void (ids['subnetsPage2'] = (output['NextToken'] as string | undefined) ?? ''),
    observe: (outcome) => ({ subnets: list(outputOf(outcome), 'Subnets').length, more: outputOf(outcome)['NextToken'] !== undefined }),
  },
  {
    name: 'DescribeSubnets (vpc-id, second page)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: inVpc(ids), MaxResults: 5, NextToken: ids['subnetsPage2'] || undefined })),
    observe: (outcome) => ({ subnets: list(outputOf(outcome), 'Subnets').length, more: outputOf(outcome)['NextToken'] !== undefined }),
  },
  {
    name: 'DescribeSubnets (subnet-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: [ids['app00'] as string, ids['app10'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'Subnets').length,
  },
  {
    name: 'DescribeRouteTables (vpc-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc(ids), MaxResults: 100 })),
    observe: (outcome) => list(outputOf(outcome), 'RouteTables').length,
  },
  {
    name: 'DescribeSecurityGroups (vpc-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc(ids), MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'SecurityGroups').map((group) => group['GroupName']),
  },
  { name: 'DescribeVpcEndpointServices (all)', send: ({ ec2 }) => ec2.send(new DescribeVpcEndpointServicesCommand({ MaxResults: 1000 })) },
  {
    name: 'DescribeVpcEndpointServices (ecr.api, ecr.dkr, s3)',
    send: ({ ec2 }) =>
      ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ['ecr.api', 'ecr.dkr', 's3'].map((service) => `com.amazonaws.${REGION}.${service}`) })),
    observations: {
      types: (outcome) => serviceEntries(outcome, () => ''),
      privateDnsNames: (outcome) => serviceEntries(outcome, (service) => String(service['PrivateDnsName'] ?? '-')),
      baseEndpointDnsNames: (outcome) => serviceEntries(outcome, (service) => ((service['BaseEndpointDnsNames'] ?? []) as string[]).join()),
    },
  },
  { name: 'DescribePrefixLists', send: ({ ec2 }) => ec2.send(new DescribePrefixListsCommand({ MaxResults: 1000 })) },
  {
    name: 'DescribeVpcEndpoints (vpc-id, none yet)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc(ids), MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'VpcEndpoints').length,
  },
];

