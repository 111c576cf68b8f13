/**
 * `npm run sim`: the simulator on the wall clock, a demo VPC in it, and the HTTP server in front, so
 * a person (or the bundled Lambda) can poke at a realistic EC2 with any AWS tool. The same URL plays CloudFormation for
 * the stack check, about the stack of events/*.json (so that `sam local invoke` works with AWS_ENDPOINT_URL alone).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemClock, type Clock } from '../../../../lib/clock';
import type { CustomResourceEvent } from '../../../../lib/protocol/event';
import { PlayedStacks } from '../../cfn-stacks';
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
  /** See Ec2HttpServerOptions.onRequest. */
  onRequest?: Ec2HttpServerOptions['onRequest'];
  /** See Ec2HttpServerOptions.sts: unset, the server answers no STS request. */
  sts?: Ec2HttpServerOptions['sts'];
  /** The custom resources whose stacks CloudFormation plays as in progress. Default: those of events/*.json. */
  stackResources?: readonly StackResource[];
}

/** A custom resource of a stack, as an event names it. */
export type StackResource = Pick<CustomResourceEvent, 'StackId' | 'LogicalResourceId' | 'ResourceType'>;

const EVENTS_DIR = resolve(__dirname, '..', '..', '..', '..', 'events');

/** The custom resources the example events (events/*.json, what sam local invoke is given) name, each once. */
export function exampleEventResources(eventsDir = EVENTS_DIR): StackResource[] {
  const resources = new Map<string, StackResource>();
  for (const file of readdirSync(eventsDir).filter((name) => name.endsWith('.json')).sort()) {
    const { StackId, LogicalResourceId, ResourceType } = JSON.parse(readFileSync(resolve(eventsDir, file), 'utf8')) as StackResource;
    resources.set(`${StackId} ${LogicalResourceId}`, { StackId, LogicalResourceId, ResourceType });
  }
  return [...resources.values()];
}

/** A running demo. */
export interface DemoSimulator {
  readonly sim: Ec2Simulator;
  readonly world: DemoWorld;
  readonly server: Ec2HttpServer;
  /** CloudFormation as the stack check sees it here; its `calls` are every DescribeStacks/DescribeStackResource received. */
  readonly stacks: PlayedStacks;
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
  const stacks = playedInProgress(options.stackResources ?? exampleEventResources());
  const server = await startEc2HttpServer(sim, {
    port: options.port,
    host: options.host,
    simulatorForRegion,
    cloudFormation: stacks,
    ...(options.onPut ? { onPut: options.onPut } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.sts ? { sts: options.sts } : {}),
  });
  return { sim, world, server, stacks, url: server.url, close: () => server.close() };
}

/**
 * Each resource's stack as CloudFormation shows it while creating the stack: CREATE_IN_PROGRESS, the logical ID a
 * custom resource (the stand-in's own lifecycle, entered by a Create). The simulator never learns which event comes
 * next, and no answer moves the stacks on, so they stay in progress: the stack check passes for every event of
 * events/*.json, run in any order. Any other stack does not exist (ValidationError, as CloudFormation answers
 * DescribeStacks for one — API reference, DescribeStacks), so an event naming it is refused.
 */
function playedInProgress(resources: readonly StackResource[]): PlayedStacks {
  const stacks = new PlayedStacks(() => undefined);
  for (const resource of resources) {
    stacks.beforeEvent({ ...resource, RequestType: 'Create', ServiceToken: '', ResponseURL: '', RequestId: '', ResourceProperties: { ServiceToken: '' } } as CustomResourceEvent);
  }
  return stacks;
}

/** What `npm run sim` prints: where it listens, what is in it, and how to point a tool at it. */
export function describeDemo(demo: { readonly url: string; readonly sim: Pick<Ec2Simulator, 'region' | 'accountId'>; readonly world: DemoWorld }): string {
  const { url, sim, world } = demo;
  const env = `AWS_ENDPOINT_URL=${url} AWS_REGION=${sim.region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`;
  return [
    `EC2 simulator listening on ${url} (region ${sim.region}, account ${sim.accountId}; any credentials accepted)`,
    '',
    'Demo world:',
    ...Object.entries(world).map(([name, value]) => `  ${name}: ${JSON.stringify(value)}`),
    '',
    'Point any AWS SDK or CLI at it, e.g.:',
    `  ${env} aws ec2 describe-subnets --filters Name=vpc-id,Values=${world.vpcId}`,
    'The same URL answers Route 53 ListHostedZonesByVPC, Service Quotas GetServiceQuota, and CloudFormation DescribeStacks and',
    'DescribeStackResource for the stack of events/*.json (in progress; any other stack does not exist), so AWS_ENDPOINT_URL',
    'alone serves the handler (sam local invoke --env-vars setting AWS_ENDPOINT_URL).',
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
