/**
 * The Lambda deadline, minus what must be kept back to answer CloudFormation.
 *
 * If the function is killed by its timeout before the PUT completes, the stack waits for an hour.
 * So work stops early enough that the answer (with its retries) still fits in the remaining time.
 */
export class Deadline {
  /**
   * @param getRemainingTimeInMillis usually `context.getRemainingTimeInMillis`, bound.
   * @param reserveMs kept back for answering CloudFormation (the PUT, with retries).
   * @example
   * const deadline = new Deadline(() => context.getRemainingTimeInMillis(), maxDeliveryTimeMs());
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

  /** True when at least `ms` of working time is left. */
  hasAtLeast(ms: number): boolean {
    return this.remainingMs() >= ms;
  }

  /** True when no working time is left: answer now. */
  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}
