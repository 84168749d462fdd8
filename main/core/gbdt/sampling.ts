import type { Prng } from '../util/prng.js';

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
