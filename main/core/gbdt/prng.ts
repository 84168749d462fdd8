/**
 * xoshiro128** seeded through splitmix32. Math.random cannot be seeded, and training must give
 * byte-identical models for the same seed on every machine, so all randomness flows from here.
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // An all-zero state would stay zero forever.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n) for n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }
}

/**
 * Chooses exactly `k` of `n` indices, in ascending order (selection sampling): ascending row order
 * keeps the histogram pass streaming through memory.
 */
export function sampleSorted(rng: Prng, n: number, k: number, out: Uint32Array): number {
  let needed = Math.min(k, n);
  let written = 0;
  for (let i = 0; i < n && needed > 0; i++) {
    if (rng.nextFloat() * (n - i) < needed) {
      out[written++] = i;
      needed--;
    }
  }
  return written;
}

/** Marks exactly `k` of `n` positions with 1 (the rest 0), with the same selection sampling. */
export function sampleMask(rng: Prng, n: number, k: number, mask: Uint8Array): number {
  let needed = Math.min(k, n);
  for (let i = 0; i < n; i++) {
    const take = needed > 0 && rng.nextFloat() * (n - i) < needed;
    mask[i] = take ? 1 : 0;
    if (take) needed--;
  }
  return Math.min(k, n);
}
