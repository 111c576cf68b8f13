import type { Ec2Simulator } from './simulator';
import { WorldBuilder } from './world';

/** The ids of the demo world. */
export interface DemoWorld {
  vpcId: string;
  /** Two per AZ, AZ by AZ. */
  appSubnetIds: string[];
  /** Keyed by AZ id. */
  appSubnetIdsByAz: Record<string, string[]>;
  /** The explicit tables of the first two AZs, then the main table (used by the third AZ). */
  routeTableIds: string[];
  /** Another team's `sts` interface endpoint, private DNS on. */
  foreignEndpointId: string;
  /** A dual-stack VPC (10.1.0.0/16 and an IPv6 /56): one app subnet with a /64 in each of the three AZs. */
  dualStack: OtherDemoVpc;
  /**
   * A tight VPC: 10.2.0.0/24 almost filled by its app subnets (room for two /28s) beside a 100.64.0.0/20 pod range, so a
   * Create there carves the third AZ's endpoint subnet outside the application block and says so in Notes.
   */
  tight: OtherDemoVpc;
}

/** The other VPCs of the demo world. */
export interface OtherDemoVpc {
  vpcId: string;
  /** One per AZ, in the order of the demo VPC's AZs. */
  appSubnetIds: string[];
}

/**
 * A realistic application VPC for demos and end-to-end tests: 10.0.0.0/16 plus 100.64.0.0/22,
 * DNS support and hostnames on, two /20 app subnets in each of three AZs (az1, az2, az4 in us-east-1;
 * the first three where a region has fewer than four), explicit route tables for two AZs while the
 * third uses the main table, and a foreign `sts` interface endpoint with private DNS. Then a
 * dual-stack VPC and a tight one (see {@link DemoWorld}), built afterwards so that the first VPC's
 * IDs stay what they always were.
 */
export async function buildDemoWorld(sim: Ec2Simulator): Promise<DemoWorld> {
  const ids = sim.zones.ids;
  const zones = (ids.length > 3 ? [ids[0], ids[1], ids[3]] : ids.slice(0, 3)) as string[];
  const builder = new WorldBuilder(sim).vpc('app', {
    cidr: '10.0.0.0/16',
    secondary: ['100.64.0.0/22'],
    dnsSupport: true,
    dnsHostnames: true,
    tags: { Name: 'app', team: 'platform' },
  });
  zones.forEach((zoneId, zoneIndex) => {
    for (const half of [0, 1]) {
      const block = zoneIndex * 2 + half;
      builder.subnet(`app-${zoneIndex}-${half}`, {
        vpc: 'app',
        cidr: `10.0.${block * 16}.0/20`,
        azId: zoneId,
        tags: { Name: `app-${zoneId}-${half === 0 ? 'a' : 'b'}`, tier: 'app' },
      });
    }
  });
  builder
    .routeTable('rt-0', { vpc: 'app', subnets: ['app-0-0', 'app-0-1'], tags: { Name: `app-${zones[0]}` } })
    .routeTable('rt-1', { vpc: 'app', subnets: ['app-1-0', 'app-1-1'], tags: { Name: `app-${zones[1]}` } })
    .securityGroup('sts-sg', {
      vpc: 'app',
      name: 'sts-endpoint',
      description: 'HTTPS to the STS endpoint',
      ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
    })
    .interfaceEndpoint('sts', {
      vpc: 'app',
      service: 'sts',
      subnets: ['app-0-0', 'app-1-0', 'app-2-0'],
      groups: ['sts-sg'],
      privateDns: true,
      tags: { Name: 'sts', team: 'platform' },
    });
  const world = await builder.build();
  const appSubnetIdsByAz = Object.fromEntries(zones.map((zoneId, index) => [zoneId, [world.id(`app-${index}-0`), world.id(`app-${index}-1`)]]));
  return {
    vpcId: world.id('app'),
    appSubnetIds: zones.flatMap((zoneId) => appSubnetIdsByAz[zoneId] ?? []),
    appSubnetIdsByAz,
    routeTableIds: [world.id('rt-0'), world.id('rt-1'), world.id('app.main')],
    foreignEndpointId: world.id('sts'),
    ...(await buildOtherVpcs(sim, zones)),
  };
}

async function buildOtherVpcs(sim: Ec2Simulator, zones: readonly string[]): Promise<Pick<DemoWorld, 'dualStack' | 'tight'>> {
  const builder = new WorldBuilder(sim)
    .vpc('dual', { cidr: '10.1.0.0/16', ipv6: true, dnsSupport: true, dnsHostnames: true, tags: { Name: 'dual-stack', team: 'platform' } })
    .vpc('tight', { cidr: '10.2.0.0/24', secondary: ['100.64.0.0/20'], dnsSupport: true, dnsHostnames: true, tags: { Name: 'tight', team: 'data' } });
  zones.forEach((zoneId, index) => {
    builder.subnet(`dual-${index}`, { vpc: 'dual', cidr: `10.1.${index * 16}.0/20`, azId: zoneId, ipv6Index: index, tags: { Name: `dual-${zoneId}`, tier: 'app' } });
    builder.subnet(`tight-${index}`, { vpc: 'tight', cidr: `10.2.0.${index * 64}/26`, azId: zoneId, tags: { Name: `tight-${zoneId}`, tier: 'app' } });
  });
  // Another team's subnet: 10.2.0.224/27 is all the application block has left.
  builder.subnet('tight-other', { vpc: 'tight', cidr: '10.2.0.192/27', azId: zones[0] as string, tags: { Name: 'tight-batch', team: 'batch' } });
  const world = await builder.build();
  return {
    dualStack: { vpcId: world.id('dual'), appSubnetIds: zones.map((_, index) => world.id(`dual-${index}`)) },
    tight: { vpcId: world.id('tight'), appSubnetIds: zones.map((_, index) => world.id(`tight-${index}`)) },
  };
}
