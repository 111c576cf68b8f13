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

/** Route 53's throttling modes (mirrors ./route53/settings.ts, which this module does not import). */
type Route53Throttling = 'off' | 'token-buckets' | 'five-per-second';

/**
 * Route 53's current throttling: every call draws on two token buckets, the account's (all actions: burst 50, refill 10
 * per second) and the action's (default 50/10; AssociateVPCWithHostedZone 20/5; CreateHostedZone 40/2), and is throttled
 * when either is empty (Route 53 Developer Guide, "Throttling for Amazon Route 53 API requests").
 */
export const ROUTE53_ACCOUNT_BUCKET: BucketRule = { burst: 50, refillPerSecond: 10 };
export const ROUTE53_ACTION_BUCKETS: Readonly<Record<string, BucketRule>> = {
  AssociateVPCWithHostedZone: { burst: 20, refillPerSecond: 5 },
  CreateHostedZone: { burst: 40, refillPerSecond: 2 },
};
export const ROUTE53_DEFAULT_ACTION_BUCKET: BucketRule = { burst: 50, refillPerSecond: 10 };
/**
 * The older documented limit: "five requests per second per AWS account", a hard limit for all actions together (re:Post
 * knowledge center, "How can I avoid Route 53 API throttling errors?"); kept to test pacing unkindly.
 */
export const ROUTE53_LEGACY_BUCKET: BucketRule = { burst: 5, refillPerSecond: 5 };

/** Route 53's buckets, per account and per (account, action), created full on first use. */
export class Route53Throttle {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token from each bucket the call draws on; false (and nothing taken) when any is empty. */
  take(mode: Route53Throttling, account: string, action: string, now: number): boolean {
    if (mode === 'off') return true;
    const draws: Array<[string, BucketRule]> =
      mode === 'five-per-second'
        ? [[`legacy\n${account}`, ROUTE53_LEGACY_BUCKET]]
        : [
            [`account\n${account}`, ROUTE53_ACCOUNT_BUCKET],
            [`action\n${account}\n${action}`, Object.hasOwn(ROUTE53_ACTION_BUCKETS, action) ? (ROUTE53_ACTION_BUCKETS[action] as BucketRule) : ROUTE53_DEFAULT_ACTION_BUCKET],
          ];
    const buckets = draws.map(([key, rule]) => {
      const bucket = this.buckets.get(key) ?? { tokens: rule.burst, updatedAt: now };
      bucket.tokens = Math.min(rule.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.refillPerSecond);
      bucket.updatedAt = now;
      this.buckets.set(key, bucket);
      return bucket;
    });
    if (buckets.some((bucket) => bucket.tokens < 1)) return false;
    for (const bucket of buckets) bucket.tokens -= 1;
    return true;
  }

  /** Refills every bucket. */
  reset(): void {
    this.buckets.clear();
  }
}
