import { waitFor } from '../../lib/reconcile/wait';
import { VirtualClock } from '../support/ec2-sim';

describe('waitFor', () => {
  it('takes its last look as late as the working time allows, then hands over (StillPendingError)', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const looks: number[] = [];
    const workingTimeMs = 3_500;

    const error = await waitFor({
      clock,
      remainingMs: () => start + workingTimeMs - clock.now(),
      what: 'endpoints to become available',
      check: async () => {
        looks.push(clock.now() - start);
        return { done: false, pending: ['vpce-1 (ecr.api, pending)'] };
      },
    }).catch((caught: Error) => caught);

    // A look at 0, one after the first 2 s delay, and the last with 500 ms kept for it.
    expect(looks).toEqual([0, 2_000, 3_000]);
    expect(error).toMatchObject({ name: 'StillPendingError', message: 'Still waiting for endpoints to become available: vpce-1 (ecr.api, pending)' });
  });
});
