import { observeStack, StackCheckUnavailableError } from '../../lib/protocol/stack-check';
import { RecordingClock } from '../support/recording-clock';

const EVENT = {
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/0c8a4b00-1f2e-11ef-9262-0a1b2c3d4e5f',
  LogicalResourceId: 'VpcEndpoints',
};

/** CloudFormation throttling the first `throttled` calls, then describing a stack whose operation has ended. */
function throttlingFirst(throttled: number) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async send(): Promise<Record<string, unknown>> {
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

    const observation = await observeStack(cloudFormation, EVENT, { clock, random: () => draw });

    expect(observation).toEqual({ stack: { status: 'CREATE_COMPLETE' } });
    expect(cloudFormation.calls).toBe(5);
    expect(clock.sleeps).toEqual(expected);
  });

  it('gives up after the fifth attempt without a fifth wait, saying what CloudFormation answered', async () => {
    const clock = new RecordingClock();

    const error = await observeStack(throttlingFirst(5), EVENT, { clock, random: () => 0 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StackCheckUnavailableError);
    expect((error as Error).message).toBe('CloudFormation did not answer DescribeStacks after 5 attempts (Throttling), so nothing was done. Retry the stack operation.');
    expect(clock.sleeps).toEqual([125, 250, 500, 1000]);
  });
});
