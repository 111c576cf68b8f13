import { Ec2Simulator, WorldBuilder, type SimOptions } from '../support/ec2-sim';

export const OTHER_ACCOUNT = '210987654321';

/** Rejects with the EC2 code `code` (the SDK's `name`). */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: code, code });
}

/**
 * A simulator with one VPC (10.0.0.0/16 + IPv6, DNS support and hostnames on) and one /24 subnet in
 * each of the zones az1..az3 (a, b with IPv6; c IPv4-only), plus a spare route table.
 */
export async function basicWorld(options: SimOptions = {}) {
  const sim = new Ec2Simulator(options);
  const world = await new WorldBuilder(sim)
    .vpc('vpc', { cidr: '10.0.0.0/16', ipv6: true, dnsHostnames: true })
    .subnet('a', { vpc: 'vpc', cidr: '10.0.1.0/24', azId: 'use1-az1', ipv6Index: 1 })
    .subnet('b', { vpc: 'vpc', cidr: '10.0.2.0/24', azId: 'use1-az2', ipv6Index: 2 })
    .subnet('c', { vpc: 'vpc', cidr: '10.0.3.0/24', azId: 'use1-az3' })
    .routeTable('rt', { vpc: 'vpc', subnets: ['a'] })
    .build();
  return {
    sim,
    vpcId: world.id('vpc'),
    subnetA: world.id('a'),
    subnetB: world.id('b'),
    subnetC: world.id('c'),
    routeTableId: world.id('rt'),
    mainRouteTableId: world.id('vpc.main'),
    defaultGroupId: world.id('vpc.default-sg'),
    world,
  };
}

/** `com.amazonaws.us-east-1.<name>`. */
export const svc = (name: string) => `com.amazonaws.us-east-1.${name}`;

/** The input of an interface endpoint in the basic world (override any field). */
export function interfaceInput(vpcId: string, subnetIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { VpcEndpointType: 'Interface', VpcId: vpcId, ServiceName: svc('ecr.api'), SubnetIds: subnetIds, PrivateDnsEnabled: false, ...overrides };
}
