/**
 * The project's seeded pseudo-random generators. Math.random cannot be seeded, and training must give
 * byte-identical models (and the synthetic generator byte-identical files) for the same seed on every
 * machine, so all randomness flows from here. Everything stays in 32-bit integer arithmetic (Math.imul)
 * so no floating-point rounding differs between platforms or Node versions.
 */

const TWO_POW_32 = 4_294_967_296;
/** splitmix32's increment (the golden ratio in 32 bits). */
const SPLITMIX_GAMMA = 0x9e3779b9;
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * xoshiro128**. `new Prng(seed)` seeds its state through splitmix32 from a 32-bit number (the learner's
 * seeding); `Prng.fromText(seed)` hashes a text or number seed first (the synthetic generator's).
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + SPLITMIX_GAMMA) >>> 0;
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

  /** Seeded from a text or number seed through hashSeed: `'1'` and `1` are different seeds. */
  static fromText(seed: string | number): Prng {
    return new Prng(hashSeed(seed));
  }

  /** A generator with an explicit xoshiro128** state (reference vectors in tests). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Prng {
    const rng = new Prng(0);
    rng.setState(s0, s1, s2, s3);
    return rng;
  }

  /** Replaces the state (for fromState in this class and subclasses). */
  protected setState(s0: number, s1: number, s2: number, s3: number): void {
    [this.s0, this.s1, this.s2, this.s3] = [s0 | 0, s1 | 0, s2 | 0, s3 | 0];
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
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in (0, 1): safe to take a logarithm of. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** Uniform integer in [0, n) for n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }
}

/** FNV-1a over the UTF-16 code units: turns a text seed into a 32-bit state without ambiguity. */
export function hashSeed(seed: string | number): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * mulberry32: a one-word generator returning uniforms in [0, 1). Kept beside xoshiro because the
 * bootstrap's resamples (and so every reported interval) are pinned to its sequence.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}
