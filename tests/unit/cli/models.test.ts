import { describe, expect, it } from 'vitest';
import { maeIntervalVerdict } from '../../../main/cli/models.js';

describe('compare: the MAE interval in words', () => {
  it('never contradicts its numbers', () => {
    expect(maeIntervalVerdict(-20.2, -15)).toMatch(/challenger is better/);
    expect(maeIntervalVerdict(-0.357, 0.428)).toMatch(/spans zero/);
    expect(maeIntervalVerdict(0.1, 3)).toMatch(/challenger is worse/);
  });
});
