import type { Clock } from '../clock';
import { StillPendingError } from '../errors';

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
 * Polls until `check` says done. EC2 has no waiter for endpoints (aws-facts); creation and deletion take a minute or
 * more. The delay grows from 2 s to 5 s: a poll is one cheap Describe (EC2 refills 20 a second), while every second of
 * delay after the endpoints are ready is a second the stack waits for nothing. Past the usual three minutes something
 * is slow, and the delay grows to 15 s so that a long wait stays frugal.
 */
/** How long the wait polls promptly (endpoints usually settle within it). */
export const PROMPT_PHASE_MS = 180_000;

/** A look sooner than this after the previous one is not worth an EC2 call: hand over instead. */
const MIN_POLL_DELAY_MS = 500;
/** Working time kept for the look that follows a sleep (one Describe call). */
const LOOK_ALLOWANCE_MS = 500;

export async function waitFor(options: WaitOptions): Promise<void> {
  let delay = options.firstDelayMs ?? 2_000;
  let waited = 0;
  for (;;) {
    const { done, pending } = await options.check();
    if (done) return;
    // The last look is taken as late as the working time allows (keeping time for the look itself): a short invocation
    // uses all of it before handing over.
    const sleepMs = Math.min(delay, options.remainingMs() - LOOK_ALLOWANCE_MS);
    if (sleepMs < MIN_POLL_DELAY_MS) {
      throw new StillPendingError(`Still waiting for ${options.what}: ${pending.join(', ')}`, pending);
    }
    await options.clock.sleep(sleepMs);
    waited += sleepMs;
    const maxDelay = waited < PROMPT_PHASE_MS ? (options.maxDelayMs ?? 5_000) : 15_000;
    delay = Math.min(maxDelay, Math.round(delay * 1.5));
  }
}
