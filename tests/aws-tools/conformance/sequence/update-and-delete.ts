import {
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcEndpointsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { https, list, at, outputOf, liveEndpoints, MISSING, SIM_ENDPOINT_SETTLED_MS, inVpc } from './helpers';
import type { Step } from './step';

/** What an Update changes in place, and the tags it corrects. */
export const update: Step[] = [
  {
    name: 'ModifyVpcEndpoint (interface: remove a subnet)',
    send: ({ ec2 }, ids) => ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ids['interface'], RemoveSubnetIds: [ids['endpointSubnet1'] as string] })),
    observe: (outcome) => outputOf(outcome)['Return'],
  },
  {
    name: 'ModifyVpcEndpoint (gateway: policy)',
    send: ({ ec2 }, ids) =>
      ec2.send(
        new ModifyVpcEndpointCommand({
          VpcEndpointId: ids['gateway'],
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] }),
        }),
      ),
    observe: (outcome) => outputOf(outcome)['Return'],
  },
  {
    name: 'ModifyVpcEndpoint (missing)',
    send: ({ ec2 }) => ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: MISSING.vpce, ResetPolicy: true })),
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, modified)',
    simWaitMs: SIM_ENDPOINT_SETTLED_MS,
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string, ids['gateway'] as string] })),
    observe: (outcome) =>
      list(outputOf(outcome), 'VpcEndpoints').map((endpoint) => ({
        subnets: list(endpoint, 'SubnetIds').length,
        policyActions: String(endpoint['PolicyDocument']).includes('s3:GetObject'),
      })),
  },
  { name: 'CreateTags', send: ({ ec2 }, ids) => ec2.send(new CreateTagsCommand({ Resources: [ids['endpointSubnet0'] as string, ids['interface'] as string], Tags: [{ Key: 'Name', Value: 'renamed' }] })) },
  { name: 'DeleteTags', send: ({ ec2 }, ids) => ec2.send(new DeleteTagsCommand({ Resources: [ids['endpointSubnet0'] as string], Tags: [{ Key: 'Name' }] })) },
  {
    name: 'RevokeSecurityGroupIngress',
    send: ({ ec2 }, ids) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.16.0/20') })),
    observe: (outcome) => outputOf(outcome)['Return'],
  },
  {
    name: 'RevokeSecurityGroupIngress (a rule it lacks)',
    send: ({ ec2 }, ids) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids['sg'], IpPermissions: https('10.0.16.0/20') })),
  },
];

/** What a Delete does, first while the endpoint's ENIs still hold the subnet and the group. */
export const teardown: Step[] = [
  {
    name: 'DeleteVpcEndpoints (two, and one missing)',
    send: ({ ec2 }, ids) => ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string, ids['gateway'] as string, MISSING.vpce] })),
    observe: (outcome) => list(outputOf(outcome), 'Unsuccessful').map((item) => `${item['ResourceId']} ${at(item, 'Error')['Code']}`),
  },
  {
    name: 'DescribeVpcEndpoints (VpcEndpointIds, deleting)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ids['interface'] as string] })),
    observe: (outcome) => list(outputOf(outcome), 'VpcEndpoints').map((endpoint) => endpoint['State']),
  },
  { name: 'DeleteSubnet (no ENI in it)', send: ({ ec2 }, ids) => ec2.send(new DeleteSubnetCommand({ SubnetId: ids['endpointSubnet1'] })) },
  { name: 'DeleteSubnet (missing)', send: ({ ec2 }) => ec2.send(new DeleteSubnetCommand({ SubnetId: MISSING.subnet })) },
  { name: 'DeleteSecurityGroup (unused)', send: ({ ec2 }, ids) => ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids['spareSg'] })) },
  { name: 'DeleteSecurityGroup (missing)', send: ({ ec2 }) => ec2.send(new DeleteSecurityGroupCommand({ GroupId: MISSING.sg })) },
  { name: 'DeleteSubnet (endpoint ENI still in it)', send: ({ ec2 }, ids) => ec2.send(new DeleteSubnetCommand({ SubnetId: ids['endpointSubnet0'] })) },
  { name: 'DeleteSecurityGroup (endpoint ENI still uses it)', send: ({ ec2 }, ids) => ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids['sg'] })) },
  {
    name: 'DescribeVpcEndpoints (vpc-id, settled after delete)',
    simWaitMs: SIM_ENDPOINT_SETTLED_MS,
    send: ({ ec2 }, ids) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc(ids), MaxResults: 1000 })),
    observe: liveEndpoints,
  },
  {
    name: 'DescribeNetworkInterfaces (vpc-id, settled after delete)',
    send: ({ ec2 }, ids) => ec2.send(new DescribeNetworkInterfacesCommand({ Filters: inVpc(ids), MaxResults: 1000 })),
    observe: (outcome) => list(outputOf(outcome), 'NetworkInterfaces').length,
  },
];

