import * as commands from '../../lib/aws/cloudformation';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { createLogger } from '../../lib/protocol/logger';
import { checkStack, observeStack, StackCheckUnavailableError } from '../../lib/protocol/stack-check';
import { RecordingClock } from '../support/recording-clock';

const EVENT = {
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/0c8a4b00-1f2e-11ef-9262-0a1b2c3d4e5f',
  LogicalResourceId: 'VpcEndpoints',
};

/**
 * CloudFormation throttling the first `throttled` DescribeStacks calls, then describing a stack whose operation has
 * ended. DescribeStackResource, asked beside it, answers at once (its answer does not count for an ended operation).
 */
function throttlingFirst(throttled: number) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async send(command: object): Promise<Record<string, unknown>> {
      if (command.constructor.name !== 'DescribeStacksCommand') return {};
      calls += 1;
      if (calls <= throttled) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
      return { Stacks: [{ StackStatus: 'CREATE_COMPLETE' }] };
    },
  };
}

describe('the stack check’s back-off while CloudFormation throttles', () => {
  // Each wait lies between half and all of a ceiling that doubles from 250 ms: 250, 500, 1000, 2000.
  it.each<[string, number, number[]]>([
    ['the least jitter', 0, [125, 250, 500, 1000]],
    ['half the jitter', 0.5, [187, 375, 750, 1500]],
    ['nearly the most jitter', 0.999, [249, 499, 999, 1999]],
  ])('waits a doubling time with %s between its five attempts', async (_label, draw, expected) => {
    const clock = new RecordingClock();
    const cloudFormation = throttlingFirst(4);

    const observation = await observeStack(cloudFormation, commands, EVENT, { clock, random: () => draw });

    expect(observation).toEqual({ stack: { status: 'CREATE_COMPLETE' } });
    expect(cloudFormation.calls).toBe(5);
    expect(clock.sleeps).toEqual(expected);
  });

  it('gives up after the fifth attempt without a fifth wait, saying what CloudFormation answered', async () => {
    const clock = new RecordingClock();

    const error = await observeStack(throttlingFirst(5), commands, EVENT, { clock, random: () => 0 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StackCheckUnavailableError);
    expect((error as Error).message).toBe('CloudFormation did not answer DescribeStacks after 5 attempts (Throttling), so nothing was done. Retry the stack operation.');
    expect(clock.sleeps).toEqual([125, 250, 500, 1000]);
  });
});

const STACK = { partition: 'aws', region: 'us-east-1', accountId: '123456789012', stackName: 'app' };
const RESOURCE_TYPE = 'Custom::VpcEndpoints';
const DELETE_EVENT = {
  ...EVENT,
  RequestType: 'Delete' as const,
  RequestId: 'request-1',
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x',
  ResourceType: RESOURCE_TYPE,
  PhysicalResourceId: 'vpce-provisioner-v1-vpc-0a1b2c3d-0123456789abcdef0123',
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:p',
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:p' },
} as CustomResourceEvent;

type StackEvent = { LogicalResourceId: string; ResourceType: string; ResourceStatus: string; Timestamp: Date };
const at = (iso: string) => new Date(iso);
const ours = (ResourceStatus: string, Timestamp: Date): StackEvent => ({ LogicalResourceId: 'VpcEndpoints', ResourceType: RESOURCE_TYPE, ResourceStatus, Timestamp });

/** CloudFormation describing a stack being deleted, with these events (newest first); records the calls and how many were in flight at once. */
function deletingStack(events: StackEvent[] | Error) {
  const calls: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const answers: Record<string, () => Record<string, unknown>> = {
    DescribeStacksCommand: () => ({ Stacks: [{ StackStatus: 'DELETE_IN_PROGRESS' }] }),
    DescribeStackResourceCommand: () => ({ StackResourceDetail: { ResourceType: RESOURCE_TYPE, ResourceStatus: 'DELETE_IN_PROGRESS' } }),
    DescribeStackEventsCommand: () => {
      if (events instanceof Error) throw events;
      return { StackEvents: events };
    },
  };
  return {
    calls,
    get mostInFlight() {
      return mostInFlight;
    },
    async send(command: object): Promise<Record<string, unknown>> {
      calls.push(command.constructor.name.replace(/Command$/, ''));
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Every call answers on a later turn, so calls sent before any answer overlap.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return (answers[command.constructor.name] as () => Record<string, unknown>)();
    },
  };
}

async function checkDelete(events: StackEvent[] | Error, event: CustomResourceEvent = DELETE_EVENT) {
  const cloudFormation = deletingStack(events);
  const lines: string[] = [];
  const result = await checkStack(event, STACK, { cloudFormationFor: async () => cloudFormation }, { clock: new RecordingClock(), random: () => 0, log: createLogger({}, (line) => lines.push(line)) });
  return { result, cloudFormation, lines };
}

describe('the stack check’s calls', () => {
  it('asks DescribeStacks, DescribeStackResource and (for a Delete) DescribeStackEvents at once: one round trip', async () => {
    const { result, cloudFormation } = await checkDelete([]);

    expect(result.refusal).toBeUndefined();
    expect([...cloudFormation.calls].sort()).toEqual(['DescribeStackEvents', 'DescribeStackResource', 'DescribeStacks']);
    expect(cloudFormation.mostInFlight).toBe(3);
  });

  it('does not read the stack events for a Create', async () => {
    const create = { ...DELETE_EVENT, RequestType: 'Create' } as unknown as CustomResourceEvent;

    const { result, cloudFormation } = await checkDelete([ours('CREATE_COMPLETE', at('2026-01-01T00:00:00Z'))], create);

    expect(result).toEqual({});
    expect(cloudFormation.calls).not.toContain('DescribeStackEvents');
  });
});

describe('writesQuietSince: since when CloudFormation has sent the resource no Create or Update', () => {
  const created = at('2026-03-01T10:00:00Z');
  const updated = at('2026-03-02T10:00:00Z');
  const deleting = at('2026-03-03T10:00:00Z');
  it.each<[string, StackEvent[], Date | undefined]>([
    ['the Create completed', [ours('DELETE_IN_PROGRESS', deleting), ours('CREATE_COMPLETE', created), ours('CREATE_IN_PROGRESS', created)], created],
    ['the last Update completed', [ours('DELETE_IN_PROGRESS', deleting), ours('UPDATE_COMPLETE', updated), ours('UPDATE_IN_PROGRESS', updated), ours('CREATE_COMPLETE', created)], updated],
    ['an earlier Delete failed after the Update completed', [ours('DELETE_IN_PROGRESS', deleting), ours('DELETE_FAILED', deleting), ours('DELETE_IN_PROGRESS', deleting), ours('UPDATE_COMPLETE', updated)], updated],
    [
      'the stack’s own event under the same name comes first',
      [ours('DELETE_IN_PROGRESS', deleting), { LogicalResourceId: 'VpcEndpoints', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'UPDATE_COMPLETE', Timestamp: deleting }, ours('CREATE_COMPLETE', created)],
      created,
    ],
    ['another resource completed later', [ours('DELETE_IN_PROGRESS', deleting), { LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'CREATE_COMPLETE', Timestamp: updated }, ours('CREATE_COMPLETE', created)], created],
    ['the Create failed (it may have been cancelled while still writing)', [ours('DELETE_IN_PROGRESS', deleting), ours('CREATE_FAILED', created)], undefined],
    ['the Update failed', [ours('DELETE_IN_PROGRESS', deleting), ours('UPDATE_FAILED', updated), ours('CREATE_COMPLETE', created)], undefined],
    ['the last Create or Update is not on the first page', [ours('DELETE_IN_PROGRESS', deleting)], undefined],
  ])('%s', async (_case, events, expected) => {
    const { result } = await checkDelete(events);

    expect(result).toEqual(expected === undefined ? {} : { writesQuietSince: expected.getTime() });
  });

  it('is unknown, not an error, when the events cannot be read (an older role), and says so in the log', async () => {
    const denied = Object.assign(new Error('not authorized to perform: cloudformation:DescribeStackEvents'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

    const { result, lines } = await checkDelete(denied);

    expect(result).toEqual({});
    expect(lines.some((line) => line.includes('stack events not read') && line.includes('AccessDenied'))).toBe(true);
  });
});
