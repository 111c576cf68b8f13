/**
 * README "sam local invoke": the function runs with only AWS_ENDPOINT_URL set (sam local invoke --env-vars) to the
 * server `npm run sim` starts, on events/create.json, whose ResponseURL points back at that server. Every service the
 * handler calls — EC2, the stack check's CloudFormation, Route 53, Service Quotas — must be answered there.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { invokeBundle } from '../support/bundle-runner';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';

const ROOT = resolve(__dirname, '..', '..');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/214057f0-2c35-4bc7-aa20-870e57f2b6c8';

/** events/create.json as sam local invoke reads it, with its ResponseURL moved from host.docker.internal:4566 to `serverUrl`. */
function createEventAnswering(serverUrl: string, changes: Partial<CustomResourceEvent> = {}): CustomResourceEvent {
  const event = JSON.parse(readFileSync(resolve(ROOT, 'events', 'create.json'), 'utf8')) as CustomResourceEvent;
  const responseUrl = new URL(event.ResponseURL);
  return { ...event, ResponseURL: `${serverUrl}${responseUrl.pathname}${responseUrl.search}`, ...changes } as CustomResourceEvent;
}

describe('the bundled handler with only AWS_ENDPOINT_URL pointing at the npm run sim server, as sam local invoke runs it', () => {
  let demo: DemoSimulator;
  const answers: { path: string; body: string }[] = [];
  beforeEach(async () => {
    answers.length = 0;
    demo = await startDemoSimulator({ timing: { endpointCreateMs: 300, endpointDeleteMs: 200, eniLingerMs: 100 }, onPut: (put) => answers.push(put) });
    demo.sim.resetCallLog();
  });
  afterEach(async () => {
    await demo.close();
  });

  it('creates events/create.json, checked with the simulator playing its stack, and answers SUCCESS on the ResponseURL', async () => {
    const run = await invokeBundle(createEventAnswering(demo.url), { endpointUrl: demo.url });

    expect(run.exitCode).toBe(0);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.path).toBe('/responses/create');
    const answer = JSON.parse(answers[0]?.body ?? '{}') as { Status?: string; Reason?: string; Data?: Record<string, string> };
    expect(answer.Reason).toBeUndefined();
    expect(answer.Status).toBe('SUCCESS');
    expect(answer.Data?.['SubnetIds']?.split(',')).toHaveLength(3);
    expect(demo.sim.calls.filter((call) => call.action === 'CreateVpcEndpoint' && call.outcome === 'ok')).toHaveLength(4);
    // The stack check asked the simulator, about the stack and logical ID of events/create.json, before any write.
    // Side by side: their arrival order varies.
    const byAction = (a: { action: string }, b: { action: string }) => a.action.localeCompare(b.action);
    expect(demo.stacks.calls.map(({ action, input, error }) => ({ action, input, error })).sort(byAction)).toEqual([
      { action: 'DescribeStackResource', input: { StackName: STACK_ID, LogicalResourceId: 'VpcEndpoints' }, error: undefined },
      { action: 'DescribeStacks', input: { StackName: STACK_ID }, error: undefined },
    ]);
    const logs = run.logLines.join('\n');
    expect(logs).toContain('event matches CloudFormation');
    // Route 53 and Service Quotas reached the same server through AWS_ENDPOINT_URL.
    expect(logs).not.toContain('not checked before writing');
    expect(logs).not.toContain('assuming the default quota');
  });

  it('refuses an event naming any other stack: the simulator says it does not exist, and nothing is written', async () => {
    const otherStack = 'arn:aws:cloudformation:us-east-1:123456789012:stack/someone-else/0b9c1a52-7d3e-4f60-9a1b-2c3d4e5f6a7b';

    const run = await invokeBundle(createEventAnswering(demo.url, { StackId: otherStack }), { endpointUrl: demo.url });

    expect(run.exitCode).toBe(0);
    expect(answers).toHaveLength(1);
    const answer = JSON.parse(answers[0]?.body ?? '{}') as { Status?: string; Reason?: string };
    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason).toContain('stack someone-else does not exist');
    // Both reads of the check leave together (in either order); each finds nothing.
    expect(demo.stacks.calls.map(({ action, error }) => `${action} ${error ?? 'ok'}`).sort()).toEqual(['DescribeStackResource ValidationError', 'DescribeStacks ValidationError']);
    expect(demo.sim.calls.filter((call) => call.mutating)).toEqual([]);
  });

  it('answers on a ResponseURL at the AWS_ENDPOINT_URL host, as the container of sam local invoke reaches host.docker.internal', async () => {
    // This machine by an address that is not loopback by its name (IPv4-mapped IPv6), as the container of sam local
    // invoke reaches its host by host.docker.internal: the handler answers there only because AWS_ENDPOINT_URL is there.
    const hostUrl = `http://[::ffff:7f00:1]:${demo.server.port}`;

    const run = await invokeBundle(createEventAnswering(hostUrl), { endpointUrl: hostUrl });

    expect(run.exitCode).toBe(0);
    expect(answers).toHaveLength(1);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toMatchObject({ Status: 'SUCCESS' });
    expect(demo.stacks.calls.map((call) => call.action).sort()).toEqual(['DescribeStackResource', 'DescribeStacks']);
  });
});
