/**
 * The Lambda deadline, minus what must be kept back to answer CloudFormation.
 *
 * If the function is killed by its timeout before the PUT completes, the stack waits for an hour.
 * So work stops early enough that the answer (with its retries) still fits in the remaining time.
 */
import { maxDeliveryTimeMs } from './send-response';

/** Kept back after the answer for the handler to return and its logs to flush. */
export const WRAP_UP_MS = 500;
/** The least kept back for the answer: one PUT attempt of a second, and the wrap-up. */
export const MIN_ANSWER_RESERVE_MS = 1_000 + WRAP_UP_MS;
/** The share of a short invocation kept back for the answer; the rest is for work. */
export const ANSWER_SHARE = 0.3;
/**
 * Remaining time at the start below which an invocation cannot make progress: after the answer's reserve, less than
 * 2.5 s is left for a discovery (one round of parallel Describe calls) and a write. Lambda starts a 5-second function
 * with a little under 5 s left, hence 4 s and not 5.
 */
export const MIN_FUNCTION_TIMEOUT_MS = 4_000;

/**
 * What an invocation that started with `invocationMs` keeps back for the answer: the full delivery with every retry
 * (about 50 s) when it has minutes, and a share of its time, at least {@link MIN_ANSWER_RESERVE_MS}, when it is short.
 * The PUT's own attempts and timeouts then shrink to fit (see `deliveryOptionsWithin`).
 */
export function answerReserveMs(invocationMs: number): number {
  const full = maxDeliveryTimeMs() + WRAP_UP_MS;
  return Math.min(full, Math.max(MIN_ANSWER_RESERVE_MS, Math.round(invocationMs * ANSWER_SHARE)));
}

export class Deadline {
  /**
   * @param getRemainingTimeInMillis usually `context.getRemainingTimeInMillis`, bound.
   * @param reserveMs kept back for answering CloudFormation (the PUT, with retries).
   * @example
   * const deadline = new Deadline(() => context.getRemainingTimeInMillis(), answerReserveMs(context.getRemainingTimeInMillis()));
   * if (!deadline.hasAtLeast(60_000)) // hand the rest to a continuation
   */
  constructor(
    private readonly getRemainingTimeInMillis: () => number,
    readonly reserveMs: number,
  ) {
    if (!Number.isFinite(reserveMs) || reserveMs < 0) throw new RangeError(`reserveMs must be a non-negative number (got ${reserveMs}).`);
  }

  /** Time left for work: remaining Lambda time minus the reserve, never negative. */
  remainingMs(): number {
    return Math.max(0, this.getRemainingTimeInMillis() - this.reserveMs);
  }

  /** Time left for the answer: remaining Lambda time minus the wrap-up, never negative. */
  answerBudgetMs(): number {
    return Math.max(0, this.getRemainingTimeInMillis() - WRAP_UP_MS);
  }

  /** True when at least `ms` of working time is left. */
  hasAtLeast(ms: number): boolean {
    return this.remainingMs() >= ms;
  }

  /** True when no working time is left: answer now. */
  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}
