/**
 * A stand-in AWS client for the paced clients' tests: it answers from a script of outcomes (an error to throw, or
 * `'ok'` for the given answer) and records when each call arrived on the virtual clock, relative to its creation.
 */
import type { Ec2Sender } from '../../lib/ec2/paced-client';
import type { VirtualClock } from './ec2-sim';

export type ScriptedSender = Ec2Sender & { readonly arrivals: number[] };

/** The script runs out into `'ok'`: every call after the last outcome succeeds with `answer`. */
export function scriptedSender(clock: VirtualClock, outcomes: (Error | 'ok')[], answer: object = {}): ScriptedSender {
  const start = clock.now();
  const arrivals: number[] = [];
  return {
    arrivals,
    async send() {
      arrivals.push(clock.now() - start);
      const next = outcomes.shift() ?? 'ok';
      if (next instanceof Error) throw next;
      return answer;
    },
  };
}
