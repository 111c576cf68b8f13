import type { Clock } from '../../lib/clock';

/** A clock that only moves when slept on, and remembers every sleep: for asserting a back-off's waits exactly. */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  private current = 0;

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
  }
}
