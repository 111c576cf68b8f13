/**
 * Helpers shared by the feature scenarios: extra worlds beside the demo VPC, and EC2 read-backs that state what
 * the handler did in EC2's own terms (never through the provider's code).
 */
import type { SecurityGroup, Subnet, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { RecordedResponse } from '../support/cfn-driver';
import { cidrContains, parseCidr, type Cidr } from '../support/ec2-sim/cidr';
import type { Ec2Simulator } from '../support/ec2-sim/simulator';
import { BuiltWorld, WorldBuilder } from '../support/ec2-sim/world';

/** A dual-stack VPC: 10.30.0.0/16 with an Amazon /56, DNS on, one dual-stack app subnet in each of use1-az1 and use1-az2. */
export interface DualStackWorld {
  readonly world: BuiltWorld;
  readonly vpcId: string;
  readonly ipv6Block: string;
  readonly appSubnetIds: readonly string[];
}

export async function buildDualStackWorld(sim: Ec2Simulator): Promise<DualStackWorld> {
  const world = await new WorldBuilder(sim)
    .vpc('dual', { cidr: '10.30.0.0/16', ipv6: true, dnsSupport: true, dnsHostnames: true })
    .subnet('dual-a', { vpc: 'dual', cidr: '10.30.0.0/20', azId: 'use1-az1', ipv6Index: 0 })
    .subnet('dual-b', { vpc: 'dual', cidr: '10.30.16.0/20', azId: 'use1-az2', ipv6Index: 1 })
    .build();
  const vpcId = world.id('dual');
  const vpcs = await sim.call('DescribeVpcs', { VpcIds: [vpcId] });
  const association = (vpcs.Vpcs as { Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock?: string }[] }[])[0]?.Ipv6CidrBlockAssociationSet?.[0];
  if (!association?.Ipv6CidrBlock) throw new Error('the dual-stack world has no IPv6 block');
  return { world, vpcId, ipv6Block: association.Ipv6CidrBlock, appSubnetIds: [world.id('dual-a'), world.id('dual-b')] };
}

/** The endpoints as EC2 describes them, in the order asked. */
export async function describeEndpoints(sim: Ec2Simulator, endpointIds: readonly string[]): Promise<VpcEndpoint[]> {
  if (endpointIds.length === 0) return [];
  const output = await sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [...endpointIds] });
  const endpoints = output.VpcEndpoints as VpcEndpoint[];
  return endpointIds.map((id) => {
    const endpoint = endpoints.find((candidate) => candidate.VpcEndpointId === id);
    if (!endpoint) throw new Error(`EC2 does not describe ${id}`);
    return endpoint;
  });
}

export async function describeEndpoint(sim: Ec2Simulator, endpointId: string): Promise<VpcEndpoint> {
  const [endpoint] = await describeEndpoints(sim, [endpointId]);
  return endpoint as VpcEndpoint;
}

export async function describeSubnets(sim: Ec2Simulator, subnetIds: readonly string[]): Promise<Subnet[]> {
  if (subnetIds.length === 0) return [];
  const output = await sim.call('DescribeSubnets', { SubnetIds: [...subnetIds] });
  const subnets = output.Subnets as Subnet[];
  return subnetIds.map((id) => subnets.find((subnet) => subnet.SubnetId === id) as Subnet);
}

export async function describeGroup(sim: Ec2Simulator, groupId: string): Promise<SecurityGroup> {
  const output = await sim.call('DescribeSecurityGroups', { GroupIds: [groupId] });
  return (output.SecurityGroups as SecurityGroup[])[0] as SecurityGroup;
}

/** The CIDRs (IPv4 and IPv6) a group admits on TCP 443, sorted. */
export function httpsIngressCidrs(group: SecurityGroup): string[] {
  return (group.IpPermissions ?? [])
    .filter((permission) => permission.IpProtocol === 'tcp' && permission.FromPort === 443 && permission.ToPort === 443)
    .flatMap((permission) => [
      ...(permission.IpRanges ?? []).map((range) => range.CidrIp ?? ''),
      ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6 ?? ''),
    ])
    .sort();
}

/** The subnets' own CIDRs, IPv4 then IPv6, as EC2 describes them. */
export async function cidrsOfSubnets(sim: Ec2Simulator, subnetIds: readonly string[]): Promise<{ ipv4: string[]; ipv6: string[] }> {
  const subnets = await describeSubnets(sim, subnetIds);
  return {
    ipv4: subnets.map((subnet) => subnet.CidrBlock ?? ''),
    ipv6: subnets.flatMap((subnet) => (subnet.Ipv6CidrBlockAssociationSet ?? []).map((association) => association.Ipv6CidrBlock ?? '')),
  };
}

export function isInside(outer: string, inner: string): boolean {
  const outerCidr = parseCidr(outer);
  const innerCidr = parseCidr(inner);
  return outerCidr !== undefined && innerCidr !== undefined && cidrContains(outerCidr as Cidr, innerCidr as Cidr);
}

export function prefixOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

/** A comma-separated Data value as a list ([] when absent). */
export function listOf(response: RecordedResponse | undefined, key: string): string[] {
  const value = response?.body?.Data?.[key];
  return value === undefined || value === '' ? [] : value.split(',');
}

export function dataOf(response: RecordedResponse | undefined): Record<string, string> {
  return response?.body?.Data ?? {};
}

/** Mutating calls of one action since the call log was last reset, with their inputs. */
export function writeInputs(sim: Ec2Simulator, action: string): Record<string, unknown>[] {
  return sim
    .writes()
    .filter((record) => record.action === action)
    .map((record) => record.input);
}
