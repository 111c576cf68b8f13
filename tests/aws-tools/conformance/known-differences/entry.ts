/** One known difference, and how it is matched against what the run found. */
import type { Difference } from '../differential-run';

export interface KnownDifference {
  /** The step's name, or `*` for every step whose answer has this path. */
  readonly step: string;
  /** As in {@link Difference}: `outcome`, `observed`, or an element path. */
  readonly path: string;
  readonly sim: string;
  readonly moto: string;
  /** Which of the two answers as EC2 is documented to; `unknown` where EC2's documentation is silent. */
  readonly closer: 'sim' | 'moto' | 'unknown';
  /** What differs and where EC2 documents it. */
  readonly why: string;
}

/** The Region of the sequence. */
export const R = 'us-east-1';
/** An observed list as the test compares it (JSON). */
export const json = (...items: string[]) => JSON.stringify(items);

/** Whether an entry names this difference. */
export function explains(entry: KnownDifference, difference: Difference): boolean {
  return (
    (entry.step === '*' || entry.step === difference.step) &&
    entry.path === difference.path &&
    entry.sim === difference.sim &&
    entry.moto === difference.moto
  );
}
