/**
 * What one invocation's work concludes, and the two ways work ends early carrying the physical ID to answer under: a
 * failure (FailedUnder) and work left pending for a fresh invocation (PendingWork). Shared by the lifecycle and by each
 * resource type's branch of it (the endpoints' in lifecycle.ts, the consumer's in consumer-run.ts).
 */
import { describeError } from './ec2/errors';
import { OutOfTimeError, ProvisionerError, StillPendingError } from './errors';

/** What an invocation concluded. `continue` means: a fresh invocation takes over; do not answer yet. */
export type Conclusion =
  | { kind: 'answer'; status: 'SUCCESS' | 'FAILED'; physicalId: string; reason?: string; data?: Record<string, string>; writes: number }
  | { kind: 'continue'; pending: string; physicalId: string; waitingOnly: boolean };

/** A failure, with the physical ID to answer it under (a failed Create answers its real ID, so the Delete finds partial work). */
export class FailedUnder extends Error {
  constructor(
    readonly physicalId: string,
    override readonly cause: unknown,
  ) {
    super(describeError(cause));
    this.name = 'FailedUnder';
  }
}

/** Marks running out of time so the caller hands over to a continuation with the right physical ID. */
export async function pending<T>(physicalId: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof StillPendingError) throw new PendingWork(physicalId, error.message, !(error instanceof OutOfTimeError));
    throw error;
  }
}

export class PendingWork extends ProvisionerError {
  constructor(
    readonly physicalId: string,
    readonly pending: string,
    /** Only waiting for EC2 was left (not a run out of time mid-work). */
    readonly waitingOnly: boolean,
  ) {
    super(pending);
    this.name = 'PendingWork';
  }
}
