import type { Clock } from './clock';
import { StillPendingError } from './errors';

export interface WaitOptions {
  readonly clock: Clock;
  /** Working time left; the wait gives up (StillPendingError) rather than run past it. */
  readonly remainingMs: () => number;
  /** For the error: "endpoints to become available". */
  readonly what: string;
  /** One look. `pending` names what is not there yet, for the error. */
  readonly check: () => Promise<{ done: boolean; pending: readonly string[] }>;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Polls until `check` says done. EC2 has no waiter for endpoints (aws-facts), and endpoint creation and deletion take a
 * minute or more, so the delay grows from 2 s to 15 s: prompt for quick changes, few calls for slow ones.
 */
export async function waitFor(options: WaitOptions): Promise<void> {
  let delay = options.firstDelayMs ?? 2_000;
  const maxDelay = options.maxDelayMs ?? 15_000;
  for (;;) {
    const { done, pending } = await options.check();
    if (done) return;
    if (options.remainingMs() < delay) {
      throw new StillPendingError(`Still waiting for ${options.what}: ${pending.join(', ')}`, pending);
    }
    await options.clock.sleep(delay);
    delay = Math.min(maxDelay, Math.round(delay * 1.5));
  }
}
