/** What the steps share: names, tags, readers of SDK outputs, and the undo of what moto made but EC2 refused. */
import {
  DeleteSubnetCommand,
  DeleteVpcEndpointsCommand,
  type EC2Client,
  type IpPermission,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import type { Ids, Outcome } from './step';

export const REGION = 'us-east-1';
export const OWNER = 'vpce-provisioner-v1-conformance';
export const ownerTags = (resourceType: TagSpecification['ResourceType'], extra: Record<string, string> = {}): TagSpecification[] => [
  {
    ResourceType: resourceType,
    Tags: Object.entries({ 'vpce-provisioner:owner': OWNER, 'vpce-provisioner:logical-id': 'VpcEndpoints', ...extra }).map(([Key, Value]) => ({ Key, Value })),
  },
];
export const https = (...cidrs: string[]): IpPermission[] => [
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: 'vpce-provisioner' })) },
];
export const list = (output: Record<string, unknown>, key: string) => (output[key] ?? []) as Array<Record<string, unknown>>;
export const at = (output: Record<string, unknown>, key: string) => output[key] as Record<string, unknown>;

export const outputOf = (outcome: Outcome) => ('output' in outcome ? outcome.output : {});
export const deleteEndpoint = (ec2: EC2Client, output: Record<string, unknown>) =>
  ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [at(output, 'VpcEndpoint')['VpcEndpointId'] as string] }));
export const deleteSubnet = (ec2: EC2Client, output: Record<string, unknown>) => ec2.send(new DeleteSubnetCommand({ SubnetId: at(output, 'Subnet')['SubnetId'] as string }));
/** Endpoints not yet deleted, by type and state: what the provider would count as live. */
export const liveEndpoints = (outcome: Outcome) =>
  list(outputOf(outcome), 'VpcEndpoints')
    .filter((endpoint) => endpoint['State'] !== 'deleted')
    .map((endpoint) => `${endpoint['VpcEndpointType']} ${endpoint['State']}`)
    .sort();
/** One line per catalogue entry: its name and type, then what `detail` picks of it. */
export const serviceEntries = (outcome: Outcome, detail: (service: Record<string, unknown>) => string) =>
  list(outputOf(outcome), 'ServiceDetails')
    .map((service) => `${service['ServiceName']} ${list(service, 'ServiceType').map((type) => type['ServiceType']).join()} ${detail(service)}`.trim())
    .sort();
/** IDs of the right form that name nothing. */
export const MISSING = { subnet: 'subnet-0000000000000000f', vpce: 'vpce-0000000000000000f', sg: 'sg-0000000000000000f' };
/** Timelines of the simulator (tests/support/ec2-sim/options.ts DEFAULT_TIMING): creation 60 s, deletion 45 s, ENIs 20 s more. */
export const SIM_ENDPOINT_SETTLED_MS = 5 * 60_000;
/** The filter on the sequence's VPC, as the provider sends it. */
export const inVpc = (ids: Ids) => [{ Name: 'vpc-id', Values: [ids['vpc'] as string] }];
/** The interface endpoint the provider would create for `ecr.api` in both endpoint subnets, with private DNS. */
export const interfaceEndpoint = (ids: Ids) => ({
  VpcId: ids['vpc'],
  VpcEndpointType: 'Interface' as const,
  ServiceName: `com.amazonaws.${REGION}.ecr.api`,
  SubnetIds: [ids['endpointSubnet0'] as string, ids['endpointSubnet1'] as string],
  SecurityGroupIds: [ids['sg'] as string],
  PrivateDnsEnabled: true,
  ClientToken: 'conformance-interface-1',
  TagSpecifications: ownerTags('vpc-endpoint', { 'vpce-provisioner:service': 'ecr.api' }),
});
