/**
 * A small seeded pseudo-random number generator (mulberry32): the same seed gives the same
 * sequence on every machine and Node version, so generated projects are byte-identical.
 */
export class Prng {
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

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** `count` distinct integers from [0, limit), ascending. */
  sample(limit: number, count: number): number[] {
    const n = Math.min(count, limit);
    if (n * 4 >= limit) {
      return this.shuffle(Array.from({ length: limit }, (_, i) => i)).slice(0, n).sort((a, b) => a - b);
    }
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(this.next() * limit));
    return [...chosen].sort((a, b) => a - b);
  }
}
