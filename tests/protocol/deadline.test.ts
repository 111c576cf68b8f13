import { answerReserveMs, Deadline } from '../../lib/protocol/deadline';

describe('Deadline', () => {
  it.each([
    // remaining, reserve, remainingMs, hasAtLeast(1000), expired
    [60_000, 45_000, 15_000, true, false],
    [46_000, 45_000, 1_000, true, false],
    [45_999, 45_000, 999, false, false],
    [45_000, 45_000, 0, false, true],
    [10_000, 45_000, 0, false, true],
    [5_000, 0, 5_000, true, false],
  ])('with %i ms left and %i ms reserved: %i ms of work left', (remaining, reserve, expectedRemaining, hasASecond, expired) => {
    const deadline = new Deadline(() => remaining, reserve);

    expect(deadline.remainingMs()).toBe(expectedRemaining);
    expect(deadline.hasAtLeast(1_000)).toBe(hasASecond);
    expect(deadline.expired()).toBe(expired);
  });

  it.each([
    // remaining, the time left for the answer (all but the 500 ms wrap-up, whatever the reserve)
    [60_000, 59_500],
    [500, 0],
    [200, 0],
  ])('with %i ms left, leaves %i ms for the answer', (remaining, expected) => {
    expect(new Deadline(() => remaining, 45_000).answerBudgetMs()).toBe(expected);
  });

  it('reads the remaining time afresh on every call', () => {
    let remaining = 100_000;
    const deadline = new Deadline(() => remaining, 40_000);

    const before = deadline.remainingMs();
    remaining = 50_000;

    expect([before, deadline.remainingMs()]).toEqual([60_000, 10_000]);
  });

  it.each([
    [-1, 'reserveMs must be a non-negative number (got -1).'],
    [Number.NaN, 'reserveMs must be a non-negative number (got NaN).'],
    [Number.POSITIVE_INFINITY, 'reserveMs must be a non-negative number (got Infinity).'],
  ])('refuses a reserve of %p, naming it', (reserve, message) => {
    expect(() => new Deadline(() => 1_000, reserve)).toThrow(new RangeError(message));
  });
});

describe('answerReserveMs', () => {
  it.each([
    // the invocation's time at start, kept back for the answer
    [900_000, 46_000],
    [180_000, 46_000],
    [60_000, 18_000],
    [10_000, 3_000],
    [4_990, 1_500],
    [3_000, 1_500],
  ])('keeps back, of an invocation of %i ms, %i ms for the answer', (invocationMs, expected) => {
    expect(answerReserveMs(invocationMs)).toBe(expected);
  });
});
