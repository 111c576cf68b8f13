/**
 * When an invocation hands its request to a fresh one, and when it must answer instead: the policy that keeps a chain of
 * self-invocations from running forever without doing anything (issue 12). Pure.
 */
import type { ContinuationState } from './event';
import { MIN_FUNCTION_TIMEOUT_MS } from './deadline';

/**
 * Hand-overs in a row that may be made without progress (no EC2 write, and not stopped by a wait for EC2): the next one
 * answers FAILED instead. A slow EC2 gets a few chances; a function too short for it cannot spin until ServiceTimeout.
 */
export const MAX_STALLED_HANDOVERS = 3;

/** What an invocation did before it ran out of time. */
export interface InvocationProgress {
  /** EC2 writes that succeeded in this invocation. */
  readonly writes: number;
  /** True when it stopped because only waiting for EC2 was left (endpoints pending, interfaces draining). */
  readonly waitingOnly: boolean;
}

export type HandOver = { kind: 'continue'; continuation: ContinuationState } | { kind: 'give-up'; reason: string };

/**
 * The continuation to hand over, or the reason to give up: a hand-over without progress adds to the stalled count,
 * progress (a write, or a wait for EC2 that is all that is left) resets it.
 */
export function handOver(previous: ContinuationState | undefined, firstStartedAt: number, progress: InvocationProgress, functionTimeoutMs: number): HandOver {
  const madeProgress = progress.writes > 0 || progress.waitingOnly;
  const stalled = madeProgress ? 0 : (previous?.stalled ?? 0) + 1;
  if (stalled > MAX_STALLED_HANDOVERS) {
    return {
      kind: 'give-up',
      reason:
        `${stalled} invocations in a row ran out of time before making progress: the function's timeout (${seconds(functionTimeoutMs)} s) ` +
        'is too short for how slowly AWS answers here (EC2, and Route 53 for a hub or a consumer). Raise the function\'s timeout (60 s or more; 300 s lets most requests finish in one invocation) and retry the stack operation.',
    };
  }
  return { kind: 'continue', continuation: { attempt: (previous?.attempt ?? 0) + 1, firstStartedAt, ...(stalled > 0 ? { stalled } : {}) } };
}

/** The reason to answer FAILED at once when an invocation this short cannot make progress; undefined when it can. */
export function tooShortReason(functionTimeoutMs: number): string | undefined {
  if (functionTimeoutMs >= MIN_FUNCTION_TIMEOUT_MS) return undefined;
  return (
    `The function's timeout (${seconds(functionTimeoutMs)} s) is too short to make progress on this request: set it to at least ` +
    `${Math.ceil(MIN_USABLE_TIMEOUT_S)} s (300 s lets most requests finish in one invocation), then retry the stack operation.`
  );
}

/** The smallest function timeout, in seconds, that this provider supports. */
export const MIN_USABLE_TIMEOUT_S = 5;

/** A Lambda's remaining time at start, as whole seconds: the configured timeout minus the start-up, rounded up. */
function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
