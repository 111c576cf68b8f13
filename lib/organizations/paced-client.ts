/**
 * Organizations calls paced and retried by {@link PacedSender}. Organizations documents throttling
 * (TooManyRequestsException, "Quotas for AWS Organizations", Throttling) but no rate for the read actions, so the one
 * bucket here is a cautious guess: a burst of 10, then 2 calls per second. A consumer walks at most six levels (five OUs
 * and the root), so even many consumers arriving at once make few calls; a throttled one is retried when a token is back.
 */
import { PacedSender, TokenBucket, type Ec2Sender, type PacedClientOptions } from '../ec2/paced-client';
import { isOrganizationsRetryable, isOrganizationsThrottling } from './errors';

/** The client-side bucket every Organizations call draws on (see the module comment: not a documented figure). */
export const ORGANIZATIONS_BUCKET = { burst: 10, perSecond: 2 } as const;

/** Sends Organizations commands through one bucket, retrying throttling, server faults and network failures. */
export class PacedOrganizationsClient extends PacedSender {
  private readonly bucket: TokenBucket;

  constructor(client: Ec2Sender, options: PacedClientOptions) {
    super(client, options);
    this.bucket = new TokenBucket(options.clock, ORGANIZATIONS_BUCKET.burst, ORGANIZATIONS_BUCKET.perSecond);
  }

  protected bucketsFor(): readonly TokenBucket[] {
    return [this.bucket];
  }

  protected isThrottled(error: unknown): boolean {
    return isOrganizationsThrottling(error);
  }

  protected isRetryable(error: unknown): boolean {
    return isOrganizationsRetryable(error);
  }
}
