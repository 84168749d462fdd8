import { describe, expect, it } from 'vitest';
import { conformalOffset } from '../../../main/core/evaluation/conformal.js';
import { mulberry32 } from '../../../main/core/util/prng.js';

describe('conformalOffset', () => {
  it('shifts an under-covering bound so that new data is covered ~90 % of the time', () => {
    const rand = mulberry32(7);
    const draw = () => 300 + 200 * -Math.log(1 - rand()); // heavy right tail
    const calActual = Array.from({ length: 4000 }, draw);
    const naiveUpper = calActual.map(() => 500); // covers far less than 90 %
    const offset = conformalOffset(calActual, naiveUpper, 0.9);
    expect(offset).toBeGreaterThan(0);
    const fresh = Array.from({ length: 20000 }, draw);
    const covered = fresh.filter((y) => y <= 500 + offset).length / fresh.length;
    expect(covered).toBeGreaterThan(0.88);
    expect(covered).toBeLessThan(0.92);
  });

  it('can also tighten an over-covering bound', () => {
    const actual = Array.from({ length: 999 }, (_, i) => i);
    expect(
      conformalOffset(
        actual,
        actual.map(() => 5000),
        0.9,
      ),
    ).toBeLessThan(0);
  });
});
