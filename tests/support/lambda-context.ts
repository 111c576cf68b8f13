/**
 * A Lambda `Context` for tests, whose remaining time runs on an injected clock.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { systemClock, type Clock } from '../../lib/clock';

export interface FakeContextOptions {
  /** The clock the remaining time counts down on; default the system clock. */
  clock?: Clock;
  /** The function's timeout; default 900 000 ms (Lambda's maximum). */
  timeoutMs?: number;
  functionName?: string;
  invokedFunctionArn?: string;
  awsRequestId?: string;
}

/**
 * A Lambda `Context` whose `getRemainingTimeInMillis()` counts down on `clock` from the moment it
 * was created, floored at 0. The legacy `done`/`fail`/`succeed` callbacks throw: an async handler
 * must not use them.
 *
 * @example
 * const context = fakeContext({ clock, timeoutMs: 60_000 });
 * await clock.sleep(15_000);
 * context.getRemainingTimeInMillis(); // 45_000
 */
export function fakeContext(options: FakeContextOptions = {}): Context {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 900_000;
  const functionName = options.functionName ?? 'vpce-provisioner';
  const startedAt = clock.now();
  const legacyCallback = (name: string) => (): never => {
    throw new Error(`context.${name}() is not supported: the handler is async.`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.invokedFunctionArn ?? `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, startedAt + timeoutMs - clock.now()),
    done: legacyCallback('done'),
    fail: legacyCallback('fail'),
    succeed: legacyCallback('succeed'),
  };
}
