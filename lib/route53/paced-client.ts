/**
 * Route 53 calls paced to Route 53's own buckets. Route 53 throttles at two levels, and every call draws on both
 * (Route 53 Developer Guide, "Throttling for Amazon Route 53 API requests", current page): the account's bucket, shared
 * by all actions (burst 50, refill 10 per second), and the action's bucket (50/10 by default; CreateHostedZone 40/2;
 * AssociateVPCWithHostedZone 20/5). Older pages gave a flat 5 requests per second per account; the simulator can play
 * that too, and a throttled call is then retried when the buckets have tokens again.
 *
 * The pacing and retries are `lib/ec2/paced-client.ts`'s PacedSender and TokenBucket: the same machinery, Route 53's sizes and errors.
 */
import { PacedSender, TokenBucket, type Ec2Sender, type PacedClientOptions } from '../ec2/paced-client';
import { isRoute53Error, isRoute53Retryable, isRoute53Throttling, ROUTE53_ERRORS } from './errors';

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

/**
 * Attempts a Route 53 call may lose to other callers (`Throttling`, `PriorRequestNotComplete`) before the error is the
 * caller's, apart from its other failed attempts (`maxAttempts`, 8 by default: server faults, network failures).
 * Route 53's account bucket is shared by every invocation working in the account, and a zone takes one change at a
 * time: 50 consumers arriving at once all authorise in the hub's account and all associate with the same zones, so a
 * call may lose many times before its turn comes. The invocation's deadline bounds the waits in any case.
 */
export const ROUTE53_MAX_CONTENTION = 40;

/**
 * After a second throttle in a row, a call waits a random part (full jitter) of an exponentially growing interval
 * beyond the next token: the invocations that emptied the bucket together would otherwise all come back at its next
 * token together, and all but one be throttled again. Route 53 Developer Guide, "Throttling for Amazon Route 53 API
 * requests": retry throttled requests with exponential back-off.
 */
export const ROUTE53_THROTTLED_BACKOFF = { baseMs: 500, maxMs: 16_000 } as const;

/** The bucket size of `action`. */
export function route53BucketOf(action: string): BucketSize {
  return Object.hasOwn(ROUTE53_ACTION_BUCKETS, action) ? (ROUTE53_ACTION_BUCKETS[action] as BucketSize) : ROUTE53_DEFAULT_ACTION_BUCKET;
}

/**
 * Sends Route 53 commands paced to the account's and the action's buckets ({@link PacedSender}). A throttled call
 * empties both copies (Route 53 does not say which bucket was empty) and, throttled again, backs off as
 * {@link ROUTE53_THROTTLED_BACKOFF} says; `PriorRequestNotComplete`, server faults and network failures are retried with
 * exponential back-off and full jitter; calls lost to other callers (throttled, or a change of the zone still in
 * progress) are retried up to {@link ROUTE53_MAX_CONTENTION} times within the invocation's time, the rest up to
 * `maxAttempts`; anything else is the caller's.
 */
export class PacedRoute53Client extends PacedSender {
  protected override readonly maxContention = ROUTE53_MAX_CONTENTION;
  private readonly account: TokenBucket;
  private readonly actions = new Map<string, TokenBucket>();

  constructor(client: Ec2Sender, options: PacedClientOptions) {
    super(client, options);
    this.account = new TokenBucket(options.clock, ROUTE53_ACCOUNT_BUCKET.burst, ROUTE53_ACCOUNT_BUCKET.perSecond);
  }

  protected bucketsFor(action: string): readonly TokenBucket[] {
    let bucket = this.actions.get(action);
    if (!bucket) {
      const { burst, perSecond } = route53BucketOf(action);
      bucket = new TokenBucket(this.options.clock, burst, perSecond);
      this.actions.set(action, bucket);
    }
    return [bucket, this.account];
  }

  protected isThrottled(error: unknown): boolean {
    return isRoute53Throttling(error);
  }

  /** The first throttle waits for the next token only (a lone collision); later ones back off (ROUTE53_THROTTLED_BACKOFF). */
  protected override throttledBackoffMs(throttles: number): number {
    if (throttles < 2) return 0;
    const { baseMs, maxMs } = ROUTE53_THROTTLED_BACKOFF;
    return this.fullJitterMs(Math.min(maxMs, baseMs * 2 ** (throttles - 2)));
  }

  protected isRetryable(error: unknown): boolean {
    return isRoute53Retryable(error);
  }

  /** Throttled by the shared buckets, or refused while another change of the same zone is processed. */
  protected override isContention(error: unknown): boolean {
    return isRoute53Throttling(error) || isRoute53Error(error, ROUTE53_ERRORS.priorRequestNotComplete);
  }
}
