/**
 * EC2's request throttling: a token bucket per account and API action, refilled continuously; "each API is evaluated
 * individually", and the action's class sets the bucket's size (EC2 Developer Guide, "Request throttling"; aws-facts.md,
 * "Throttling").
 */

export type ThrottleClass = 'describe' | 'unfiltered-describe' | 'endpoint-mutation' | 'create-tags' | 'resource-intensive' | 'mutation';

export interface BucketRule {
  readonly burst: number;
  readonly refillPerSecond: number;
}

/** Bucket size and refill of every action of a class (EC2 Developer Guide, "Request throttling"). */
export const THROTTLE_RULES: Readonly<Record<ThrottleClass, BucketRule>> = {
  describe: { burst: 100, refillPerSecond: 20 },
  // "Unfiltered and unpaginated non-mutating actions" (DescribeSecurityGroups, DescribeNetworkInterfaces, …): 50, 10 per second.
  'unfiltered-describe': { burst: 50, refillPerSecond: 10 },
  'endpoint-mutation': { burst: 4, refillPerSecond: 0.3 },
  // CreateTags and DeleteTags (same page): each its own bucket of this size.
  'create-tags': { burst: 100, refillPerSecond: 10 },
  // Security-group rule calls are "resource-intensive actions", with their own, equally sized, buckets (same page).
  'resource-intensive': { burst: 50, refillPerSecond: 5 },
  mutation: { burst: 50, refillPerSecond: 5 },
};

const ENDPOINT_MUTATIONS = new Set(['CreateVpcEndpoint', 'DeleteVpcEndpoints', 'ModifyVpcEndpoint']);
const RESOURCE_INTENSIVE = new Set(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupEgress']);

/**
 * The Describe calls that draw on a smaller bucket when unfiltered and unpaginated, with the inputs that narrow them.
 * What counts as "filtered" is not spelt out: here a Filters list, an ID (or name) list, MaxResults or NextToken each
 * make the call an ordinary Describe. (Our choice: a call naming its groups is as cheap as a filtered one.)
 */
const UNFILTERED_DESCRIBES: Readonly<Record<string, readonly string[]>> = {
  DescribeSecurityGroups: ['Filters', 'GroupIds', 'GroupNames', 'MaxResults', 'NextToken'],
  DescribeNetworkInterfaces: ['Filters', 'NetworkInterfaceIds', 'MaxResults', 'NextToken'],
};

/** The bucket a call draws on: the action's own, or its unfiltered twin (`DescribeSecurityGroups (unfiltered)`). */
export function bucketNameOf(action: string, input: Record<string, unknown>): string {
  if (!Object.hasOwn(UNFILTERED_DESCRIBES, action)) return action;
  const narrowing = UNFILTERED_DESCRIBES[action] as readonly string[];
  const narrowed = narrowing.some((key) => input[key] !== undefined && !(Array.isArray(input[key]) && (input[key] as unknown[]).length === 0));
  return narrowed ? action : `${action} (unfiltered)`;
}

/** The class that sizes a bucket (an action, or an action's unfiltered twin). */
export function throttleClassOf(bucket: string, mutating: boolean): ThrottleClass {
  if (bucket.endsWith(' (unfiltered)')) return 'unfiltered-describe';
  if (ENDPOINT_MUTATIONS.has(bucket)) return 'endpoint-mutation';
  if (bucket === 'CreateTags' || bucket === 'DeleteTags') return 'create-tags';
  if (RESOURCE_INTENSIVE.has(bucket)) return 'resource-intensive';
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

  /** Takes one token from the call's bucket; false when it is empty (the call is throttled and consumes nothing). */
  take(account: string, action: string, input: Record<string, unknown>, mutating: boolean, now: number): boolean {
    const bucketName = bucketNameOf(action, input);
    const rule = this.rules[throttleClassOf(bucketName, mutating)];
    const key = `${account}\n${bucketName}`;
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
