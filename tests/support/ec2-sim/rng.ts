/**
 * A small seeded random generator (mulberry32): the simulator's "random" ids and forced throttling
 * must be the same on every run so a failing test can be replayed.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `digits` lowercase hex digits. */
  hex(digits: number): string {
    let out = '';
    while (out.length < digits) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

/** Mints EC2-looking ids (`vpc-` + 17 hex digits), unique within one simulator. */
export class IdMinter {
  private readonly issued = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  next(prefix: string): string {
    for (;;) {
      const id = `${prefix}-0${this.random.hex(16)}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }
}
