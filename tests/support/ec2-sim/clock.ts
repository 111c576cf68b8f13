import type { Clock } from '../../../lib/clock';

/** 2026-01-01T00:00:00Z: a fixed start so ids, timestamps and logs are the same on every run. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

interface Sleeper {
  readonly dueAt: number;
  /** Tie-breaker: sleepers due at the same instant wake in the order they started sleeping. */
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * A clock whose time moves only when someone waits on it.
 *
 * `sleep(ms)` registers a timer. Whenever the process has nothing else to run (detected with
 * `setImmediate`, which fires only after the pending microtasks have drained), the clock jumps to the
 * earliest pending timer and wakes every sleeper due at that instant, in start order. Concurrent
 * `sleep(100)`s therefore all finish at t+100 (parallel work overlaps, as in real time), and a
 * 60-second polling loop finishes at once, deterministically.
 *
 * @example
 * const clock = new VirtualClock();
 * await Promise.all([clock.sleep(100), clock.sleep(100)]);
 * clock.now() - DEFAULT_START_MS; // 100
 */
export class VirtualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private nextSeq = 0;
  private advanceScheduled = false;

  constructor(startMs: number = DEFAULT_START_MS) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    const dueAt = this.current + Math.max(0, Number.isFinite(ms) ? ms : 0);
    return new Promise<void>((resolve) => {
      this.insert({ dueAt, seq: this.nextSeq++, wake: resolve });
      this.scheduleAutoAdvance();
    });
  }

  /**
   * Jumps `ms` forward and wakes every sleeper due by then, in time order. Their continuations
   * run after this call returns, so they all observe the new time.
   */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('VirtualClock cannot go backwards');
    this.current += ms;
    this.wakeDue();
  }

  /** How many sleepers are waiting (useful to assert that nothing is left polling). */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }

  private insert(sleeper: Sleeper): void {
    // Keep the list sorted by (dueAt, seq); sleepers are few, a linear insert is enough.
    let index = this.sleepers.length;
    while (index > 0) {
      const before = this.sleepers[index - 1] as Sleeper;
      if (before.dueAt <= sleeper.dueAt) break;
      index--;
    }
    this.sleepers.splice(index, 0, sleeper);
  }

  private wakeDue(): void {
    while (this.sleepers.length > 0 && (this.sleepers[0] as Sleeper).dueAt <= this.current) {
      (this.sleepers.shift() as Sleeper).wake();
    }
  }

  private scheduleAutoAdvance(): void {
    if (this.advanceScheduled) return;
    this.advanceScheduled = true;
    setImmediate(() => {
      this.advanceScheduled = false;
      const earliest = this.sleepers[0];
      if (earliest === undefined) return;
      // Jump only to the earliest instant: sleepers due later get a chance to be preceded by
      // whatever the woken continuations schedule in between.
      this.current = Math.max(this.current, earliest.dueAt);
      this.wakeDue();
      if (this.sleepers.length > 0) this.scheduleAutoAdvance();
    });
  }
}
