import { hashSeed, Prng } from '../../main/core/util/prng.js';

/**
 * The generator's random draws: the core's xoshiro128** (main/core/util/prng.ts) seeded from a text or
 * number seed, plus the distributions the simulation samples. The files must be reproducible byte for
 * byte from a seed on every platform and Node version, which rules out Math.random.
 */
export class Rng extends Prng {
  /** A spare standard normal from the polar method, which yields two per draw. */
  private spare: number | null = null;

  /** Seeded as Prng.fromText: the text seed '1' and the number 1 are different seeds. */
  constructor(seed: string | number) {
    super(hashSeed(seed));
  }

  /** A generator with an explicit xoshiro128** state (reference vectors in tests). */
  static override fromState(a: number, b: number, c: number, d: number): Rng {
    const rng = new Rng(0);
    rng.setState(a, b, c, d);
    return rng;
  }

  /** An independent stream for a named purpose, so adding draws in one place does not shift another. */
  fork(label: string): Rng {
    return new Rng(`${this.nextUint32()}:${label}`);
  }

  /** Uniform in [0, 1) with 32 bits of resolution (enough for every draw the generator makes). */
  next(): number {
    return this.nextFloat();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return this.nextInt(n);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** Lognormal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(this.nextOpen());
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** A categorical distribution sampled by binary search over cumulative weights. */
export class Categorical<T> {
  private readonly cumulative: Float64Array;
  readonly values: readonly T[];

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('Categorical needs at least one entry');
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new Error(`negative or NaN weight ${weight}`);
      total += weight;
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new Error('Categorical weights sum to zero');
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i]! /= total;
  }

  sample(rng: Rng): T {
    const u = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < this.cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }

  /** Probability of each value, in order (for documenting and testing the distribution). */
  probabilities(): number[] {
    return Array.from(this.cumulative, (c, i) => c - (i > 0 ? this.cumulative[i - 1]! : 0));
  }
}
