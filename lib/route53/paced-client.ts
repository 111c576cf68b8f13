/**
 * Route 53 calls paced to Route 53's own buckets. Route 53 throttles at two levels, and every call draws on both
 * (Route 53 Developer Guide, "Throttling for Amazon Route 53 API requests", current page): the account's bucket, shared
 * by all actions (burst 50, refill 10 per second), and the action's bucket (50/10 by default; CreateHostedZone 40/2;
 * AssociateVPCWithHostedZone 20/5). Older pages gave a flat 5 requests per second per account; the simulator can play
 * that too, and a throttled call is then retried when the buckets have tokens again.
 *
 * The buckets are `lib/ec2/paced-client.ts`'s TokenBucket: same client-side copy of a service's bucket, different sizes.
 */
import type { Clock } from '../clock';
import { OutOfTimeError } from '../errors';
import { actionNameOf, TokenBucket, type Ec2Sender, type PacedClientOptions } from '../ec2/paced-client';
import { isRoute53Retryable, isRoute53Throttling } from './errors';

/** A bucket's size: how many calls at once, and how many more per second. */
export interface BucketSize {
  readonly burst: number;
  readonly perSecond: number;
}

/** The account's bucket, drawn on by every Route 53 action. */
export const ROUTE53_ACCOUNT_BUCKET: BucketSize = { burst: 50, perSecond: 10 };
/** An action's bucket unless {@link ROUTE53_ACTION_BUCKETS} names it. */
export const ROUTE53_DEFAULT_ACTION_BUCKET: BucketSize = { burst: 50, perSecond: 10 };
/** The actions with buckets of their own size. */
export const ROUTE53_ACTION_BUCKETS: Readonly<Record<string, BucketSize>> = {
  CreateHostedZone: { burst: 40, perSecond: 2 },
  AssociateVPCWithHostedZone: { burst: 20, perSecond: 5 },
};

/** The bucket size of `action`. */
export function route53BucketOf(action: string): BucketSize {
  return Object.hasOwn(ROUTE53_ACTION_BUCKETS, action) ? (ROUTE53_ACTION_BUCKETS[action] as BucketSize) : ROUTE53_DEFAULT_ACTION_BUCKET;
}

/**
 * Sends Route 53 commands paced to the account's and the action's buckets. A throttled call empties both copies (Route
 * 53 does not say which bucket was empty) and is sent again when both have a token; `PriorRequestNotComplete`, server
 * faults and network failures are retried with exponential back-off and full jitter; anything else is the caller's.
 */
export class PacedRoute53Client implements Ec2Sender {
  private readonly account: TokenBucket;
  private readonly actions = new Map<string, TokenBucket>();
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(
    private readonly client: Ec2Sender,
    private readonly options: PacedClientOptions,
  ) {
    this.account = new TokenBucket(options.clock, ROUTE53_ACCOUNT_BUCKET.burst, ROUTE53_ACCOUNT_BUCKET.perSecond);
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 400;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.random = options.random ?? Math.random;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(command: any): Promise<any> {
    const action = actionNameOf(command);
    const bucket = this.bucketFor(action);
    const remainingMs = this.options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
    const mayWait = (ms: number) => {
      if (ms >= remainingMs()) throw new OutOfTimeError(action);
    };
    for (let attempt = 1; ; attempt++) {
      await bucket.take(mayWait);
      await this.account.take(mayWait);
      if (remainingMs() <= 0) throw new OutOfTimeError(action);
      try {
        return await this.client.send(command);
      } catch (error) {
        if (!isRoute53Retryable(error) || attempt >= this.maxAttempts) throw error;
        if (isRoute53Throttling(error)) {
          bucket.drain();
          this.account.drain();
          continue;
        }
        const backoffMs = Math.round(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
        mayWait(backoffMs);
        await this.options.clock.sleep(backoffMs);
      }
    }
  }

  private bucketFor(action: string): TokenBucket {
    let bucket = this.actions.get(action);
    if (!bucket) {
      const { burst, perSecond } = route53BucketOf(action);
      bucket = new TokenBucket(this.options.clock as Clock, burst, perSecond);
      this.actions.set(action, bucket);
    }
    return bucket;
  }
}
