import { DEFAULT_START_MS, VirtualClock } from '../support/ec2-sim';

describe('VirtualClock', () => {
  it('starts at 2026-01-01T00:00:00Z unless told otherwise', () => {
    expect(new VirtualClock().now()).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(new VirtualClock(5).now()).toBe(5);
  });

  it('lets concurrent sleeps overlap: ten parallel 100 ms sleeps end at t+100', async () => {
    const clock = new VirtualClock();
    const ends = await Promise.all(Array.from({ length: 10 }, () => clock.sleep(100).then(() => clock.now())));
    expect(ends).toEqual(Array(10).fill(DEFAULT_START_MS + 100));
  });

  it('wakes sleepers in time order, and equal times in start order', async () => {
    const clock = new VirtualClock(0);
    const woke: string[] = [];
    const sleeper = (label: string, ms: number) => clock.sleep(ms).then(() => woke.push(`${label}@${clock.now()}`));
    await Promise.all([sleeper('c', 300), sleeper('a', 100), sleeper('b1', 200), sleeper('b2', 200)]);
    expect(woke).toEqual(['a@100', 'b1@200', 'b2@200', 'c@300']);
  });

  it('finishes a sixty-second polling loop at once, on virtual time', async () => {
    const clock = new VirtualClock(0);
    let polls = 0;
    while (clock.now() < 60_000) {
      polls++;
      await clock.sleep(5_000);
    }
    expect(polls).toBe(12);
    expect(clock.now()).toBe(60_000);
  });

  it('sequential sleeps add up while parallel ones do not', async () => {
    const clock = new VirtualClock(0);
    const chain = async () => {
      await clock.sleep(10);
      await clock.sleep(10);
    };
    await Promise.all([chain(), chain(), clock.sleep(15)]);
    expect(clock.now()).toBe(20);
  });

  it('advance() jumps time and wakes every sleeper due by then', async () => {
    const clock = new VirtualClock(0);
    const woke: number[] = [];
    const early = clock.sleep(50).then(() => woke.push(50));
    const late = clock.sleep(500).then(() => woke.push(500));
    clock.advance(100);
    await early;
    expect(woke).toEqual([50]);
    expect(clock.now()).toBe(100);
    await late;
    expect(clock.now()).toBe(500);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('refuses to go backwards', () => {
    expect(() => new VirtualClock(0).advance(-1)).toThrow(RangeError);
  });
});
