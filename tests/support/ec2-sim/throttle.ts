/**
 * EC2's request throttling: a token bucket per account and API action, refilled continuously; "each API is evaluated
 * individually", and the action's class sets the bucket's size (EC2 Developer Guide, "Request throttling"; aws-facts.md,
 * "Throttling").
 */

export type ThrottleClass = 'describe' | 'endpoint-mutation' | 'create-tags' | 'resource-intensive' | 'mutation';

export interface BucketRule {
  readonly burst: number;
  readonly refillPerSecond: number;
}

/** Bucket size and refill of every action of a class (EC2 Developer Guide, "Request throttling"). */
export const THROTTLE_RULES: Readonly<Record<ThrottleClass, BucketRule>> = {
  describe: { burst: 100, refillPerSecond: 20 },
  'endpoint-mutation': { burst: 4, refillPerSecond: 0.3 },
  'create-tags': { burst: 100, refillPerSecond: 10 },
  // Security-group rule calls are "resource-intensive actions", with their own, equally sized, buckets (same page).
  'resource-intensive': { burst: 50, refillPerSecond: 5 },
  mutation: { burst: 50, refillPerSecond: 5 },
};

const ENDPOINT_MUTATIONS = new Set(['CreateVpcEndpoint', 'DeleteVpcEndpoints', 'ModifyVpcEndpoint']);
const RESOURCE_INTENSIVE = new Set(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress']);

/** The class that sizes an action's bucket. */
export function throttleClassOf(action: string, mutating: boolean): ThrottleClass {
  if (ENDPOINT_MUTATIONS.has(action)) return 'endpoint-mutation';
  if (action === 'CreateTags') return 'create-tags';
  if (RESOURCE_INTENSIVE.has(action)) return 'resource-intensive';
  return mutating ? 'mutation' : 'describe';
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets for every (account, action), created full on first use. */
export class ThrottleBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly rules: Readonly<Record<ThrottleClass, BucketRule>> = THROTTLE_RULES) {}

  /** Takes one token from the action's own bucket; false when it is empty (the call is throttled and consumes nothing). */
  take(account: string, action: string, mutating: boolean, now: number): boolean {
    const rule = this.rules[throttleClassOf(action, mutating)];
    const key = `${account}\n${action}`;
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
