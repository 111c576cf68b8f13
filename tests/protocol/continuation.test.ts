import { handOver, MAX_STALLED_HANDOVERS, tooShortReason } from '../../lib/protocol/continuation';

const FIRST_STARTED_AT = 1_767_225_600_000;

describe('handOver', () => {
  it.each([
    ['a write', { writes: 2, waitingOnly: false }],
    ['a wait for EC2 that is all that is left', { writes: 0, waitingOnly: true }],
  ])('resets the stalled count after progress (%s)', (_case, progress) => {
    const next = handOver({ attempt: 4, firstStartedAt: FIRST_STARTED_AT, stalled: 2 }, FIRST_STARTED_AT, progress, 5_000);

    expect(next).toEqual({ kind: 'continue', continuation: { attempt: 5, firstStartedAt: FIRST_STARTED_AT } });
  });

  it('counts a hand-over without progress', () => {
    const next = handOver(undefined, FIRST_STARTED_AT, { writes: 0, waitingOnly: false }, 5_000);

    expect(next).toEqual({ kind: 'continue', continuation: { attempt: 1, firstStartedAt: FIRST_STARTED_AT, stalled: 1 } });
  });

  it('gives up, naming the function timeout, once the hand-overs without progress pass the bound', () => {
    expect(MAX_STALLED_HANDOVERS).toBe(3);
    const allowed = handOver({ attempt: 2, firstStartedAt: FIRST_STARTED_AT, stalled: 2 }, FIRST_STARTED_AT, { writes: 0, waitingOnly: false }, 4_990);
    const refused = handOver({ attempt: 3, firstStartedAt: FIRST_STARTED_AT, stalled: 3 }, FIRST_STARTED_AT, { writes: 0, waitingOnly: false }, 4_990);

    expect(allowed).toMatchObject({ kind: 'continue', continuation: { stalled: 3 } });
    expect(refused.kind).toBe('give-up');
    expect(refused.kind === 'give-up' && refused.reason).toBe(
      "4 invocations in a row ran out of time before making progress: the function's timeout (5 s) is too short for how slowly AWS answers here (EC2, and Route 53 for a hub or a consumer). " +
        "Raise the function's timeout (60 s or more; 300 s lets most requests finish in one invocation) and retry the stack operation.",
    );
  });
});

describe('tooShortReason', () => {
  it.each([
    [3_999, "The function's timeout (4 s) is too short to make progress on this request: set it to at least 5 s"],
    [1_000, "The function's timeout (1 s) is too short"],
  ])('refuses an invocation that starts with %i ms', (remainingMs, expected) => {
    expect(tooShortReason(remainingMs)).toContain(expected);
  });

  it.each([4_000, 4_990, 900_000])('accepts an invocation that starts with %i ms', (remainingMs) => {
    expect(tooShortReason(remainingMs)).toBeUndefined();
  });
});
