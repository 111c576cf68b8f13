/**
 * EC2's request throttling: token buckets per account and action class, refilled continuously
 * (EC2 Developer Guide, "Request throttling"; aws-facts.md, "Throttling").
 */

export type ThrottleClass = 'describe' | 'endpoint-mutation' | 'create-tags' | 'mutation';

export interface BucketRule {
  readonly burst: number;
  readonly refillPerSecond: number;
}

export const THROTTLE_RULES: Readonly<Record<ThrottleClass, BucketRule>> = {
  describe: { burst: 100, refillPerSecond: 20 },
  'endpoint-mutation': { burst: 4, refillPerSecond: 0.3 },
  'create-tags': { burst: 100, refillPerSecond: 10 },
  mutation: { burst: 50, refillPerSecond: 5 },
};

const ENDPOINT_MUTATIONS = new Set(['CreateVpcEndpoint', 'DeleteVpcEndpoints', 'ModifyVpcEndpoint']);

/** The bucket an action draws from. */
export function throttleClassOf(action: string, mutating: boolean): ThrottleClass {
  if (ENDPOINT_MUTATIONS.has(action)) return 'endpoint-mutation';
  if (action === 'CreateTags') return 'create-tags';
  return mutating ? 'mutation' : 'describe';
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets for every (account, class), created full on first use. */
export class ThrottleBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly rules: Readonly<Record<ThrottleClass, BucketRule>> = THROTTLE_RULES) {}

  /** Takes one token; false when the bucket is empty (the call is throttled and consumes nothing). */
  take(account: string, throttleClass: ThrottleClass, now: number): boolean {
    const rule = this.rules[throttleClass];
    const key = `${account}\n${throttleClass}`;
    const bucket = this.buckets.get(key) ?? { tokens: rule.burst, updatedAt: now };
    bucket.tokens = Math.min(rule.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Refills every bucket (e.g. when a test turns throttling on after building its world). */
  reset(): void {
    this.buckets.clear();
  }
}
