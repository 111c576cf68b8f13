import type { Clock } from '../clock';
import { OutOfTimeError } from '../errors';
import { isThrottling, isTransient } from './errors';

/** What the provisioner needs of an EC2 client: `EC2Client`, the simulator's in-process client, or a mock. */
export interface Ec2Sender {
  // The SDK's send is generic over every command; `any` is the honest type at this boundary.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}

/**
 * The classes that size EC2's throttling buckets (EC2 Developer Guide, "Request throttling"; numbers in
 * shared/guide/aws-facts.md). EC2 keeps one bucket per API action ("each API is evaluated individually"); the class
 * only says how large it is and how fast it refills.
 */
export type ActionClass = 'describe' | 'unfiltered-describe' | 'endpoint-mutation' | 'tags' | 'mutation';

const BUCKETS: Record<ActionClass, { burst: number; perSecond: number }> = {
  describe: { burst: 100, perSecond: 20 },
  // Unfiltered, unpaginated DescribeSecurityGroups / DescribeNetworkInterfaces draw on a smaller bucket of their own.
  'unfiltered-describe': { burst: 50, perSecond: 10 },
  'endpoint-mutation': { burst: 4, perSecond: 0.3 },
  tags: { burst: 100, perSecond: 10 },
  // Resource-intensive calls (security-group rules) have buckets of the same size as other mutations.
  mutation: { burst: 50, perSecond: 5 },
};

/**
 * How long after a refilled token exists in EC2's bucket the client uses it: a call sent exactly at the refill rate
 * can reach EC2 a hair before its token (a slower burst, a faster next call), be throttled, and lose a whole refill
 * interval. 100 ms, or a tenth of the refill interval for buckets that refill faster than 1 per second.
 */
export function refillMarginMs(perSecond: number): number {
  return Math.min(100, 100 / perSecond);
}

/**
 * The Describe actions whose unfiltered, unpaginated calls draw on a smaller bucket than their other calls, with the
 * inputs that narrow a call (a Filters list, an ID list, MaxResults, NextToken). Which inputs count as "filtering" is
 * not spelt out by EC2; the simulator makes the same choice (tests/support/ec2-sim/throttle.ts).
 */
const UNFILTERED_DESCRIBES: Readonly<Record<string, readonly string[]>> = {
  DescribeSecurityGroups: ['Filters', 'GroupIds', 'GroupNames', 'MaxResults', 'NextToken'],
  DescribeNetworkInterfaces: ['Filters', 'NetworkInterfaceIds', 'MaxResults', 'NextToken'],
};

/**
 * The bucket a call draws on: its action's, or for an unfiltered, unpaginated DescribeSecurityGroups or
 * DescribeNetworkInterfaces the action's unfiltered bucket (`DescribeSecurityGroups (unfiltered)`).
 */
export function bucketNameOf(action: string, input: Readonly<Record<string, unknown>> = {}): string {
  if (!Object.hasOwn(UNFILTERED_DESCRIBES, action)) return action;
  const narrowing = UNFILTERED_DESCRIBES[action] as readonly string[];
  const narrowed = narrowing.some((key) => input[key] !== undefined && !(Array.isArray(input[key]) && input[key].length === 0));
  return narrowed ? action : `${action} (unfiltered)`;
}

/** The class that sizes a bucket named by {@link bucketNameOf}. */
export function actionClassOf(bucket: string): ActionClass {
  if (bucket.endsWith(' (unfiltered)')) return 'unfiltered-describe';
  if (bucket.startsWith('Describe')) return 'describe';
  if (bucket === 'CreateVpcEndpoint' || bucket === 'DeleteVpcEndpoints' || bucket === 'ModifyVpcEndpoint') return 'endpoint-mutation';
  if (bucket === 'CreateTags' || bucket === 'DeleteTags') return 'tags';
  return 'mutation';
}

/**
 * The EC2 action a command runs. SDK commands carry their operation schema, `[kind, namespace, name, …]`; its name is a
 * string and survives minification, unlike the class name.
 */
export function actionNameOf(command: object): string {
  const schema = (command as { schema?: unknown }).schema;
  if (Array.isArray(schema) && typeof schema[2] === 'string') return schema[2];
  return command.constructor.name.replace(/Command$/, '');
}

export interface PacedClientOptions {
  clock: Clock;
  /** Attempts per call, throttled or transiently failed ones included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected for deterministic tests. */
  random?: () => number;
  /**
   * Working time left in this invocation. No call is sent, and no wait for a token begins, that would end past it
   * (OutOfTimeError): the invocation hands over instead of running into its deadline.
   */
  remainingMs?: () => number;
}

/**
 * A client-side copy of one of EC2's buckets, so a burst of calls waits its turn instead of being throttled by EC2.
 * A call that finds the bucket empty waits until the next token exists plus {@link refillMarginMs}. The margin's refill
 * (at most a tenth of a token) stays in the bucket, so the next waited call is due at EC2's next token plus the same
 * margin: paced calls run a constant margin behind EC2's tokens, and the margins do not add up.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly marginMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now();
    this.marginMs = refillMarginMs(perSecond);
  }

  /**
   * Waits for a token. Calls are served in order, so pacing never starves one of them. `mayWait` is asked before any
   * wait and throws to refuse it (without consuming a token).
   */
  take(mayWait: (ms: number) => void): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(mayWait));
    // A refused wait fails its own call only; the calls behind it keep their turn.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * After EC2 throttled a call anyway (another caller in the account drew on the same bucket), EC2's bucket is empty:
   * so is ours from now, and the next call waits for EC2's next token.
   */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
  }

  private async waitForToken(mayWait: (ms: number) => void): Promise<void> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const waitMs = Math.ceil(((1 - this.tokens) / this.perSecond) * 1000) + this.marginMs;
    mayWait(waitMs);
    await this.clock.sleep(waitMs);
    this.refill();
    this.tokens -= 1;
  }
}

/**
 * Sends commands paced to a service's token buckets, drawing each call on every bucket `bucketsFor` names. A throttled
 * call empties those buckets and is sent again when they have a token (one refill interval after it was found empty,
 * plus the margin), not on an exponential schedule that overshoots; another retryable failure (server fault, network,
 * whatever the service adds) is retried with exponential back-off and full jitter. Everything else (user errors,
 * conflicts) is returned to the caller at once: deciding what a conflict means is the reconciler's job, not the
 * transport's. The subclasses say which buckets and which errors: EC2 here, Route 53 in lib/route53/paced-client.ts.
 */
export abstract class PacedSender implements Ec2Sender {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(
    private readonly client: Ec2Sender,
    protected readonly options: PacedClientOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 400;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.random = options.random ?? Math.random;
  }

  /** The buckets a call of `action` with `input` draws on, in the order they are taken. */
  protected abstract bucketsFor(action: string, input: Record<string, unknown> | undefined): readonly TokenBucket[];
  /** The service refused the call for its rate. */
  protected abstract isThrottled(error: unknown): boolean;
  /** The same call may succeed if sent again (throttling included). */
  protected abstract isRetryable(error: unknown): boolean;

  /**
   * How many attempts a call may lose to contention ({@link isContention}: other callers on the same bucket or resource)
   * before the error is the caller's, counted apart from its other failed attempts; undefined: every failed attempt
   * counts towards `maxAttempts` (EC2's buckets are the client's own).
   */
  protected readonly maxContention: number | undefined = undefined;

  /** The call lost to other callers, and will go through once they are done (by default: throttled). */
  protected isContention(error: unknown): boolean {
    return this.isThrottled(error);
  }

  /**
   * How much longer than its buckets' next token a call waits after being throttled `throttles` times in a row. None
   * by default: one client is the bucket's only user, and its next token is free. A service whose buckets are shared
   * by many invocations at once (Route 53's account bucket) spreads them out instead.
   */
  protected throttledBackoffMs(throttles: number): number {
    void throttles;
    return 0;
  }

  /** A delay drawn evenly between 0 and `ceilingMs` ("full jitter"), with the injected randomness. */
  protected fullJitterMs(ceilingMs: number): number {
    return Math.round(this.random() * ceilingMs);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(command: any): Promise<any> {
    const action = actionNameOf(command);
    const buckets = this.bucketsFor(action, (command as { input?: Record<string, unknown> }).input);
    const remainingMs = this.options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
    const mayWait = (ms: number) => {
      if (ms >= remainingMs()) throw new OutOfTimeError(action);
    };
    let throttles = 0;
    let contentions = 0;
    for (let attempt = 1; ; attempt++) {
      for (const bucket of buckets) await bucket.take(mayWait);
      if (remainingMs() <= 0) throw new OutOfTimeError(action);
      try {
        return await this.client.send(command);
      } catch (error) {
        if (!this.isRetryable(error)) throw error;
        const throttled = this.isThrottled(error);
        if (throttled) throttles += 1;
        const contended = this.maxContention !== undefined && this.isContention(error);
        if (contended) contentions += 1;
        if (this.maxContention === undefined ? attempt >= this.maxAttempts : contended ? contentions >= this.maxContention : attempt - contentions >= this.maxAttempts) throw error;
        if (throttled) {
          for (const bucket of buckets) bucket.drain();
          const throttledBackoffMs = this.throttledBackoffMs(throttles);
          if (throttledBackoffMs > 0) {
            mayWait(throttledBackoffMs);
            await this.options.clock.sleep(throttledBackoffMs);
          }
          continue;
        }
        const backoffMs = this.backoffMs(attempt);
        mayWait(backoffMs);
        await this.options.clock.sleep(backoffMs);
      }
    }
  }

  private backoffMs(attempt: number): number {
    return this.fullJitterMs(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
  }
}

/**
 * Sends EC2 commands paced to AWS's token buckets, one per action as EC2 keeps them (and one more for the unfiltered
 * calls of the actions that have it); retries as {@link PacedSender} says, on EC2's throttling and transient errors.
 */
export class PacedEc2Client extends PacedSender {
  private readonly buckets = new Map<string, TokenBucket>();

  protected bucketsFor(action: string, input: Record<string, unknown> | undefined): readonly TokenBucket[] {
    const name = bucketNameOf(action, input);
    let bucket = this.buckets.get(name);
    if (!bucket) {
      const { burst, perSecond } = BUCKETS[actionClassOf(name)];
      bucket = new TokenBucket(this.options.clock, burst, perSecond);
      this.buckets.set(name, bucket);
    }
    return [bucket];
  }

  protected isThrottled(error: unknown): boolean {
    return isThrottling(error);
  }

  protected isRetryable(error: unknown): boolean {
    return isTransient(error);
  }
}
