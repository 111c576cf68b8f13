/**
 * `npm run sim`: the simulator on the wall clock, a demo VPC in it, and the HTTP server in front, so
 * a person (or the bundled Lambda) can poke at a realistic EC2 with any AWS tool.
 */
import { systemClock, type Clock } from '../../../../lib/clock';
import { buildDemoWorld, type DemoWorld } from '../demo-world';
import { Ec2Simulator, type SimTiming } from '../index';
import { startEc2HttpServer, type Ec2HttpServer, type Ec2HttpServerOptions } from './server';

export type { DemoWorld };

/**
 * Timelines short enough to watch: endpoints become available in 1.5 s and are gone 1 s after a
 * delete, their ENIs linger 0.5 s more (the real ones take minutes; see DEFAULT_TIMING).
 */
export const DEMO_TIMING: Partial<SimTiming> = {
  endpointCreateMs: 1_500,
  endpointDeleteMs: 1_000,
  eniLingerMs: 500,
  deletedVisibleMs: 10_000,
};

/** How to start the demo. */
export interface DemoSimulatorOptions {
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: the wall clock, so that timelines play out in real time. */
  clock?: Clock;
  /** Default DEMO_TIMING. */
  timing?: Partial<SimTiming>;
  /** The simulated region (its AZ IDs and catalogue); default us-east-1. */
  region?: string;
  /** See Ec2HttpServerOptions.onPut. */
  onPut?: Ec2HttpServerOptions['onPut'];
}

/** A running demo. */
export interface DemoSimulator {
  readonly sim: Ec2Simulator;
  readonly world: DemoWorld;
  readonly server: Ec2HttpServer;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds the demo world and starts serving it.
 *
 * @example
 * const demo = await startDemoSimulator({ port: 4566 });
 * console.log(describeDemo(demo));
 */
export async function startDemoSimulator(options: DemoSimulatorOptions = {}): Promise<DemoSimulator> {
  const simulatorIn = (region: string | undefined) =>
    new Ec2Simulator({ clock: options.clock ?? systemClock, timing: { ...DEMO_TIMING, ...options.timing }, region });
  const sim = simulatorIn(options.region);
  const world = await buildDemoWorld(sim);
  // EC2 is regional: a request signed for another region meets that region's EC2, with the same demo world built in
  // its zones (the seeded IDs come out the same, so the printed IDs work with any --region).
  const regions = new Map<string, Promise<Ec2Simulator>>([[sim.region, Promise.resolve(sim)]]);
  const simulatorForRegion = (region: string): Promise<Ec2Simulator> => {
    let regional = regions.get(region);
    if (regional === undefined) {
      const other = simulatorIn(region);
      regional = buildDemoWorld(other).then(() => other);
      regions.set(region, regional);
    }
    return regional;
  };
  const server = await startEc2HttpServer(sim, {
    port: options.port,
    host: options.host,
    simulatorForRegion,
    ...(options.onPut ? { onPut: options.onPut } : {}),
  });
  return { sim, world, server, url: server.url, close: () => server.close() };
}

/** What `npm run sim` prints: where it listens, what is in it, and how to point a tool at it. */
export function describeDemo(demo: { readonly url: string; readonly sim: Pick<Ec2Simulator, 'region' | 'accountId'>; readonly world: DemoWorld }): string {
  const { url, sim, world } = demo;
  const env = `AWS_ENDPOINT_URL_EC2=${url} AWS_REGION=${sim.region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`;
  return [
    `EC2 simulator listening on ${url} (region ${sim.region}, account ${sim.accountId}; any credentials accepted)`,
    '',
    'Demo world:',
    ...Object.entries(world).map(([name, value]) => `  ${name}: ${JSON.stringify(value)}`),
    '',
    'Point any AWS SDK or CLI at it, e.g.:',
    `  ${env} aws ec2 describe-subnets --filters Name=vpc-id,Values=${world.vpcId}`,
    `The same URL answers Route 53 ListHostedZonesByVPC and Service Quotas GetServiceQuota: set AWS_ENDPOINT_URL_ROUTE_53=${url} and AWS_ENDPOINT_URL_SERVICE_QUOTAS=${url} too.`,
    '',
    'Ctrl-C stops it (state lives in memory only).',
  ].join('\n');
}

/**
 * A `plan` command for the demo VPC that can be pasted as it is: the CLI from source (`npm run plan`), the credentials
 * the simulator accepts, and its URL (loopback when it listens on every interface).
 */
export function planCommandFor(demo: { readonly server: Pick<Ec2HttpServer, 'port'>; readonly url: string; readonly sim: Pick<Ec2Simulator, 'region'>; readonly world: DemoWorld }): string {
  const url = /^http:\/\/(0\.0\.0\.0|\[::\])[:/]/.test(demo.url) ? `http://127.0.0.1:${demo.server.port}` : demo.url;
  return (
    'AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test npm run plan -- ' +
    `--endpoint-url ${url} --region ${demo.sim.region} --vpc ${demo.world.vpcId} --subnets ${demo.world.appSubnetIds.join(',')}`
  );
}
