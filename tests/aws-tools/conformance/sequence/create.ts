import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  type CreateVpcEndpointRequest,
} from '@aws-sdk/client-ec2';
import { REGION, OWNER, ownerTags, https, list, at, outputOf, deleteEndpoint, deleteSubnet, liveEndpoints, MISSING, SIM_ENDPOINT_SETTLED_MS, inVpc, interfaceEndpoint } from './helpers';
import type { Ids, Step } from './step';

/** Interface endpoints EC2 refuses, each for one reason (moto creates them; the step undoes that). */
const refusedInterfaceEndpoints: ReadonlyArray<[string, (ids: Ids) => Partial<CreateVpcEndpointRequest>]> = [
  ['second private-DNS endpoint for the service', (ids) => ({ ServiceName: `com.amazonaws.${REGION}.ecr.api`, SubnetIds: [ids['app20'] as string], PrivateDnsEnabled: true })],
  ['two subnets in one AZ', (ids) => ({ ServiceName: `com.amazonaws.${REGION}.logs`, SubnetIds: [ids['app20'] as string, ids['app21'] as string], PrivateDnsEnabled: false })],
  ['missing subnet', () => ({ ServiceName: `com.amazonaws.${REGION}.sts`, SubnetIds: [MISSING.subnet], PrivateDnsEnabled: false })],
];

/** What a Create writes (lib/reconcile/apply.ts), with the errors it meets on the way. */
export const create: Step[] = [
  ...[0, 1].map(
    (zone): Step => ({
      name: `CreateSubnet (endpoint ${zone})`,
      send: ({ ec2 }, ids) =>
        ec2.send(
          new CreateSubnetCommand({
            VpcId: ids['vpc'],
            CidrBlock: `10.0.255.${240 - zone * 16}/28`,
            AvailabilityZone: ids[`zone${zone}`],
            TagSpecifications: ownerTags('subnet', { Name: `endpoints-${zone}` }),
          }),
        ),
      keep: (output, ids) => void (ids[`endpointSubnet${zone}`] = at(output, 'Subnet')['SubnetId'] as string),
      observe: (outcome) => ({ cidr: at(outputOf(outcome), 'Subnet')['CidrBlock'], free: at(outputOf(outcome), 'Subnet')['AvailableIpAddressCount'] }),
    }),
  ),
  {
    name: 'CreateSubnet (overlapping)',
    undo: deleteSubnet,
    send: ({ ec2 }, ids) => ec2.send(new CreateSubnetCommand({ VpcId: ids['vpc'], CidrBlock: '10.0.255.240/28', AvailabilityZone: ids['zone2'] })),
  },
  {
    name: 'CreateSubnet (DryRun)',
    undo: deleteSubnet,
    send: ({ ec2 }, ids) => ec2.send(new CreateSubnetCommand({ VpcId: ids['vpc'], CidrBlock: '10.0.255.192/28', AvailabilityZone: ids['zone2'], DryRun: true })),
  },
  {
    name: 'DescribeSubnets (owner tag)',
    send: ({ ec2 }, ids) =>
      ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }, { Name: 'tag:vpce-provisioner:owner', Values: [OWNER] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'Subnets').length,
  },
  {
    name: 'CreateSecurityGroup',
    send: ({ ec2 }, ids) =>
      ec2.send(new CreateSecurityGroupCommand({ VpcId: ids['vpc'], GroupName: `${OWNER}-endpoints`, Description: 'HTTPS to the VPC endpoints', TagSpecifications: ownerTags('security-group') })),
    keep: (output, ids) => void (ids['sg'] = output['GroupId'] as string),
  },
  {
    name: 'CreateSecurityGroup (a second, deleted later)',
    send: ({ ec2 }, ids) => ec2.send(new CreateSecurityGroupCommand({ VpcId: ids['vpc'], GroupName: 'spare', Description: 'spare' })),
    keep: (output, ids) => void (ids['spareSg'] = output['GroupId'] as string),
  },
  {
    name: 'CreateSecurityGroup (same name)',
    send: ({ ec2 }, ids) => ec2.send(new CreateSecurityGroupCommand({ VpcId: ids['vpc'], GroupName: `${OWNER}-endpoints`, Description: 'again' })),
  },
  {
    name: 'AuthorizeSecurityGroupIngress',
    send: ({ ec2 }, ids) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.0.0/20', '10.0.16.0/20') })),
  },
  {
    name: 'AuthorizeSecurityGroupIngress (a rule it has)',
    send: ({ ec2 }, ids) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.32.0/20', '10.0.0.0/20') })),
  },
  {
    name: 'AuthorizeSecurityGroupIngress (one permission twice)',
    send: ({ ec2 }, ids) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: [...https('10.0.48.0/20'), ...https('10.0.48.0/20')] })),
  },
  {
    name: 'DescribeSecurityGroups (group-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [ids['sg'] as string] }], MaxResults: 1000 })),
    // All-or-nothing: neither refused call added a rule.
    observe: (outcome) =>
      list(outputOf(outcome), 'SecurityGroups').flatMap((group) => list(group, 'IpPermissions').flatMap((rule) => list(rule, 'IpRanges').map((range) => range['CidrIp']))).sort(),
  },
  {
    name: 'DescribeSecurityGroups (GroupIds, missing)',
    send: ({ ec2 }) => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [MISSING.sg] })),
  },
  {
    name: 'CreateVpcEndpoint (interface)',
    send: ({ ec2 }, ids) =>
      ec2.send(new CreateVpcEndpointCommand(interfaceEndpoint(ids))),
    keep: (output, ids) => void (ids['interface'] = at(output, 'VpcEndpoint')['VpcEndpointId'] as string),
    observe: (outcome) => at(outputOf(outcome), 'VpcEndpoint')['State'],
  },
  {
    name: 'CreateVpcEndpoint (interface, same ClientToken again)',
    undo: deleteEndpoint,
    diverged: (output, ids) => at(output, 'VpcEndpoint')['VpcEndpointId'] !== ids['interface'],
    send: ({ ec2 }, ids) =>
      ec2.send(new CreateVpcEndpointCommand(interfaceEndpoint(ids))),
    keep: (output, ids) => void (ids['interfaceRetry'] = at(output, 'VpcEndpoint')['VpcEndpointId'] as string),
    observe: (outcome, ids) => ({ sameEndpoint: at(outputOf(outcome), 'VpcEndpoint')['VpcEndpointId'] === ids['interface'] }),
  },
  {
    name: 'CreateVpcEndpoint (interface, same ClientToken, other parameters)',
    undo: deleteEndpoint,
    send: ({ ec2 }, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          ...interfaceEndpoint(ids),
          ServiceName: `com.amazonaws.${REGION}.logs`,
          SubnetIds: [ids['endpointSubnet0'] as string],
          TagSpecifications: undefined,
        }),
      ),
  },
  ...refusedInterfaceEndpoints.map(
    ([label, request], index): Step => ({
      name: `CreateVpcEndpoint (interface, ${label})`,
      undo: deleteEndpoint,
      send: ({ ec2 }, ids) =>
        ec2.send(new CreateVpcEndpointCommand({ VpcId: ids['vpc'], VpcEndpointType: 'Interface', ClientToken: `conformance-interface-${index + 2}`, ...request(ids) })),
    }),
  ),
  {
    name: 'CreateVpcEndpoint (DryRun)',
    undo: deleteEndpoint,
    send: ({ ec2 }, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({ VpcId: ids['vpc'], VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${REGION}.dynamodb`, RouteTableIds: [ids['rtb'] as string], DryRun: true }),
      ),
  },
  {
    name: 'CreateVpcEndpoint (gateway)',
    send: ({ ec2 }, ids) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: ids['vpc'],
          VpcEndpointType: 'Gateway',
          ServiceName: `com.amazonaws.${REGION}.s3`,
          RouteTableIds: [ids['rtb'] as string],
          ClientToken: 'conformance-gateway-1',
          TagSpecifications: ownerTags('vpc-endpoint', { 'vpce-provisioner:service': 's3' }),
        }),
      ),
    keep: (output, ids) => void (ids['gateway'] = at(output, 'VpcEndpoint')['VpcEndpointId'] as string),
    observe: (outcome) => at(outputOf(outcome), 'VpcEndpoint')['State'],
  },
  {
    name: 'DescribeVpcEndpoints (vpc-id, just created)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc(ids), MaxResults: 1000 })),
    observe: liveEndpoints,
  },
  {
    name: 'DescribeRouteTables (gateway route)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc(ids), MaxResults: 100 })),
    observe: (outcome) =>
      list(outputOf(outcome), 'RouteTables').flatMap((table) => list(table, 'Routes').filter((route) => route['DestinationPrefixListId'] !== undefined).map((route) => route['GatewayId'] !== undefined)),
  },
  {
    name: 'DescribeVpcEndpoints (vpc-id and owner tag, available)',
    simWaitMs: SIM_ENDPOINT_SETTLED_MS,
    send: ({ ec2 }, ids) =>
      ec2.send(
        new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }, { Name: 'tag:vpce-provisioner:owner', Values: [OWNER] }], MaxResults: 1000 }),
      ),
    observe: liveEndpoints,
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, DNS)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string, ids['gateway'] as string] })),
    observations: {
      privateDnsEnabled: (outcome) => list(outputOf(outcome), 'VpcEndpoints').map((endpoint) => `${endpoint['VpcEndpointType']} ${endpoint['PrivateDnsEnabled']}`).sort(),
      // The endpoint's DNS names, IDs aside: `vpce-<id>-<suffix>[-<zone>].<base endpoint DNS name>`, then the private DNS name.
      endpointDnsNames: (outcome) =>
        list(outputOf(outcome), 'VpcEndpoints').flatMap((endpoint) =>
          list(endpoint, 'DnsEntries').map((entry) => String(entry['DnsName']).replace(/^vpce-[0-9a-f]+-[0-9a-z]+(-[a-z]{2}-[a-z]+-\d[a-z])?\./, (_match, zone?: string) => (zone ? '<endpoint>-<zone>.' : '<endpoint>.'))),
        ),
    },
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, missing)',
    send: ({ ec2 }) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [MISSING.vpce] })),
  },
  {
    name: 'DescribeNetworkInterfaces (subnet-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: [ids['endpointSubnet0'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'NetworkInterfaces').map((eni) => `${eni['InterfaceType']} ${eni['RequesterManaged']}`),
  },
  {
    name: 'DescribeNetworkInterfaces (group-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [ids['sg'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'NetworkInterfaces').length,
  },
  {
    name: 'DescribeSecurityGroups (ip-permission.group-id)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.group-id', Values: [ids['sg'] as string] }], MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'SecurityGroups').length,
  },
];

