import { createHash } from 'node:crypto';

/** Deterministic random numbers: the n-th is read from the sha-256 of `seed:n`, so the same seed gives the same sequence. */
export class Random {
  private count = 0;

  constructor(private readonly seed: number) {}

  /** A number in [0, 1). */
  next(): number {
    return createHash('sha256').update(`${this.seed}:${this.count++}`).digest().readUInt32BE(0) / 2 ** 32;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
