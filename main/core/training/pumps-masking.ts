import type { CategoricalFeature, FeatureSpec } from '../features/spec.js';
import { FEATURE_INDEX } from '../features/spec.js';
import { MISSING_KEY } from '../features/vocabulary.js';
import { Prng } from '../util/prng.js';

/**
 * Call-time inputs a caller often cannot give yet, and how the pumps model learns to answer without
 * them. Every historical record has a property type, so trees fitted on the records alone never see
 * one missing and route the unseen code wherever a split happens to put it: a dwelling primary fire
 * with no type read 4 % for 4 or more pumps where 15 % of such fires had 4+. Training therefore adds,
 * for a seeded share of incidents, a copy with these inputs blanked — encoded exactly as serving
 * encodes a blank field — so the missing branch learns the spread of counts over what was left out.
 *
 * Copies, not blanking in place: the original rows keep everything the dispatcher can say, so an
 * answer with the property type given learns from every incident as before.
 *
 * Levels follow the order a caller learns things: the property's category before its exact type, so
 * the commonest gap (no type) has the larger share, then no category either. The stop code is not
 * blanked: it is what the call is about, and masking it too (5 % of incidents, everything blank but
 * place and time) made the generated history's 5+ answers over-confident in their top decile.
 */
export const MASK_LEVELS: readonly {
  readonly share: number;
  readonly blank: readonly CategoricalFeature[];
}[] = [
  { share: 0.25, blank: ['property_type'] },
  { share: 0.1, blank: ['property_type', 'property_category'] },
];
/** Seed offset of the masking draw (the ETA models and the pumps learner use seed … seed + 3). */
const MASK_SEED_OFFSET = 17;

/** One row of a pumps slice: the training row it copies and its mask level (0 none, k = MASK_LEVELS[k−1]). */
export interface MaskedRows {
  readonly rows: Uint32Array;
  readonly levels: Uint8Array;
}

/** The code a blank field gets at serving (the vocabulary's "(missing)" when it has one, else "other"). */
export function missingCodes(spec: FeatureSpec): Record<CategoricalFeature, number> {
  return Object.fromEntries(
    Object.entries(spec.vocabularies).map(([f, v]) => [f, v.codes[MISSING_KEY] ?? v.otherCode]),
  ) as Record<CategoricalFeature, number>;
}

/**
 * The slice's rows, each followed by a masked copy for a seeded share of them. `salt` keeps the draws
 * of different slices apart; the same seed, salt and rows give the same copies.
 */
export function withMaskedCopies(rows: Uint32Array, seed: number, salt: number): MaskedRows {
  const rng = new Prng((seed + MASK_SEED_OFFSET + salt * 7919) >>> 0);
  const outRows: number[] = [];
  const outLevels: number[] = [];
  for (const r of rows) {
    outRows.push(r);
    outLevels.push(0);
    // One draw per row: at most one copy, at the level whose share the draw falls in.
    const u = rng.nextFloat();
    let edge = 0;
    for (let k = 0; k < MASK_LEVELS.length; k++) {
      edge += MASK_LEVELS[k]!.share;
      if (u < edge) {
        outRows.push(r);
        outLevels.push(k + 1);
        break;
      }
    }
  }
  return { rows: Uint32Array.from(outRows), levels: Uint8Array.from(outLevels) };
}

/** Every row masked at one level (the holdout scored as if the caller had not given those inputs). */
export function allMasked(rows: Uint32Array, level: number): MaskedRows {
  return { rows, levels: new Uint8Array(rows.length).fill(level) };
}

/** Blanks the masked rows' inputs in gathered columns (column f, row i of the slice). */
export function applyMasks(
  columns: Float32Array[],
  levels: Uint8Array,
  missing: Readonly<Record<CategoricalFeature, number>>,
): void {
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level === 0) continue;
    for (const f of MASK_LEVELS[level - 1]!.blank) columns[FEATURE_INDEX[f]]![i] = missing[f];
  }
}
