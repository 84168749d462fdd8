import { describe, expect, it } from 'vitest';
import { pairedBootstrapMaeDiff } from '../../../main/core/evaluation/bootstrap.js';
import { mulberry32 } from '../../../main/core/util/prng.js';

describe('pairedBootstrapMaeDiff', () => {
  const rand = mulberry32(3);
  const actual = Array.from({ length: 2000 }, () => 200 + 300 * rand());
  const good = actual.map((y) => y + (rand() - 0.5) * 40);
  const bad = actual.map((y) => y + (rand() - 0.5) * 200);

  it('excludes zero when the challenger is clearly better', () => {
    const ci = pairedBootstrapMaeDiff(actual, bad, good, { seed: 1 });
    expect(ci.diff).toBeLessThan(0);
    expect(ci.high).toBeLessThan(0);
  });

  it('includes zero when the two models are the same', () => {
    const ci = pairedBootstrapMaeDiff(actual, good, good, { seed: 1 });
    expect(ci.low).toBeLessThanOrEqual(0);
    expect(ci.high).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic for a seed', () => {
    expect(pairedBootstrapMaeDiff(actual, bad, good, { seed: 9 })).toEqual(
      pairedBootstrapMaeDiff(actual, bad, good, { seed: 9 }),
    );
  });
});
