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
 * Sends EC2 commands paced to AWS's token buckets, one per action as EC2 keeps them (and one more for the unfiltered
 * calls of the actions that have it). A throttled call is retried when
 * its bucket will have a token again (one refill interval after it was found empty, plus the margin), not on an
 * exponential schedule that overshoots; a transient failure (server fault, network) is retried with exponential
 * back-off and full jitter. Everything else (user errors, conflicts) is returned to the caller at once: deciding
 * what a conflict means is the reconciler's job, not the transport's.
 */
export class PacedEc2Client implements Ec2Sender {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(
    private readonly client: Ec2Sender,
    private readonly options: PacedClientOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 400;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.random = options.random ?? Math.random;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(command: any): Promise<any> {
    const action = actionNameOf(command);
    const bucket = this.bucketFor(bucketNameOf(action, (command as { input?: Record<string, unknown> }).input));
    const remainingMs = this.options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
    const mayWait = (ms: number) => {
      if (ms >= remainingMs()) throw new OutOfTimeError(action);
    };
    for (let attempt = 1; ; attempt++) {
      await bucket.take(mayWait);
      if (remainingMs() <= 0) throw new OutOfTimeError(action);
      try {
        return await this.client.send(command);
      } catch (error) {
        if (!isTransient(error) || attempt >= this.maxAttempts) throw error;
        if (isThrottling(error)) {
          bucket.drain();
          continue;
        }
        const backoffMs = this.backoffMs(attempt);
        mayWait(backoffMs);
        await this.options.clock.sleep(backoffMs);
      }
    }
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * ceiling);
  }

  private bucketFor(name: string): TokenBucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      const { burst, perSecond } = BUCKETS[actionClassOf(name)];
      bucket = new TokenBucket(this.options.clock, burst, perSecond);
      this.buckets.set(name, bucket);
    }
    return bucket;
  }
}
