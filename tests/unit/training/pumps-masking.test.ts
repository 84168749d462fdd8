import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX, FEATURE_NAMES } from '../../../main/core/features/spec.js';
import { applyMasks, MASK_LEVELS, withMaskedCopies } from '../../../main/core/training/pumps-masking.js';

const ROWS = 20_000;
/** Four standard errors of a share of ~0.25 over 20,000 draws is ~0.012. */
const SHARE_TOLERANCE = 0.015;

describe('masked copies of the pumps training rows', () => {
  const rows = Uint32Array.from({ length: ROWS }, (_, i) => i);

  it('keeps every row, adds at most one copy after it, at each level’s share, the same for the same seed', () => {
    const a = withMaskedCopies(rows, 42, 1);
    expect(Array.from(a.rows.filter((_, k) => a.levels[k] === 0))).toEqual(Array.from(rows));
    for (let k = 1; k < a.rows.length; k++) {
      if (a.levels[k] !== 0) expect(a.rows[k]).toBe(a.rows[k - 1]);
      if (a.levels[k] !== 0) expect(a.levels[k - 1]).toBe(0);
    }
    MASK_LEVELS.forEach((level, k) => {
      const n = a.levels.filter((l) => l === k + 1).length;
      expect(Math.abs(n / ROWS - level.share)).toBeLessThan(SHARE_TOLERANCE);
    });
    const again = withMaskedCopies(rows, 42, 1);
    expect(Array.from(again.levels)).toEqual(Array.from(a.levels));
    const otherSlice = withMaskedCopies(rows, 42, 2);
    expect(Array.from(otherSlice.levels)).not.toEqual(Array.from(a.levels));
  });

  it('blanks exactly the level’s inputs with the code serving gives a blank field', () => {
    const columns = FEATURE_NAMES.map(() => Float32Array.from([7, 7, 7, 7]));
    const missing = {
      property_type: 90,
      property_category: 91,
      stop_code: 92,
      incident_group: 93,
      special_service_type: 94,
    };
    applyMasks(columns, Uint8Array.from([0, 1, 2, 0]), missing as never);
    const at = (f: keyof typeof FEATURE_INDEX) => Array.from(columns[FEATURE_INDEX[f]]!);
    expect(at('property_type')).toEqual([7, 90, 90, 7]);
    expect(at('property_category')).toEqual([7, 7, 91, 7]);
    // The stop code and incident group are never blanked: they are what the call is about.
    expect(at('stop_code')).toEqual([7, 7, 7, 7]);
    expect(at('incident_group')).toEqual([7, 7, 7, 7]);
    expect(at('ward')).toEqual([7, 7, 7, 7]);
    expect(at('borough')).toEqual([7, 7, 7, 7]);
  });
});
