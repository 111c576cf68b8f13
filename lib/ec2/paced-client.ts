import type { Clock } from '../clock';
import { isThrottling, isTransient } from './errors';

/** What the provisioner needs of an EC2 client: `EC2Client`, the simulator's in-process client, or a mock. */
export interface Ec2Sender {
  // The SDK's send is generic over every command; `any` is the honest type at this boundary.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}

/** EC2's throttling classes (EC2 Developer Guide, "Request throttling"; numbers in shared/guide/aws-facts.md). */
export type ActionClass = 'describe' | 'endpoint-mutation' | 'tags' | 'mutation';

const BUCKETS: Record<ActionClass, { burst: number; perSecond: number }> = {
  describe: { burst: 100, perSecond: 20 },
  'endpoint-mutation': { burst: 4, perSecond: 0.3 },
  tags: { burst: 100, perSecond: 10 },
  mutation: { burst: 50, perSecond: 5 },
};

export function actionClassOf(action: string): ActionClass {
  if (action.startsWith('Describe')) return 'describe';
  if (action === 'CreateVpcEndpoint' || action === 'DeleteVpcEndpoints' || action === 'ModifyVpcEndpoint') return 'endpoint-mutation';
  if (action === 'CreateTags' || action === 'DeleteTags') return 'tags';
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
}

/** A client-side token bucket, so a burst of endpoint calls waits its turn instead of being throttled by EC2. */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Waits for a token. Calls are served in order, so pacing never starves one of them. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn;
    return turn;
  }

  /** After EC2 throttled us anyway (other callers share the account's bucket), empty ours too. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
  }

  private async waitForToken(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
      this.refill();
    }
    this.tokens -= 1;
  }
}

/**
 * Sends EC2 commands paced to AWS's token buckets and retried, with exponential back-off and full jitter, when EC2
 * throttles or fails transiently. Everything else (user errors, conflicts) is returned to the caller at once: deciding
 * what a conflict means is the reconciler's job, not the transport's.
 */
export class PacedEc2Client implements Ec2Sender {
  private readonly buckets = new Map<ActionClass, TokenBucket>();
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
    const bucket = this.bucketFor(actionClassOf(actionNameOf(command)));
    for (let attempt = 1; ; attempt++) {
      await bucket.take();
      try {
        return await this.client.send(command);
      } catch (error) {
        if (!isTransient(error) || attempt >= this.maxAttempts) throw error;
        if (isThrottling(error)) bucket.drain();
        await this.options.clock.sleep(this.backoffMs(attempt));
      }
    }
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * ceiling);
  }

  private bucketFor(actionClass: ActionClass): TokenBucket {
    let bucket = this.buckets.get(actionClass);
    if (!bucket) {
      const { burst, perSecond } = BUCKETS[actionClass];
      bucket = new TokenBucket(this.options.clock, burst, perSecond);
      this.buckets.set(actionClass, bucket);
    }
    return bucket;
  }
}
