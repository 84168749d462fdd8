import type { SchoolHolidayRange } from '../calendar/schoolHolidays.js';
import { normaliseKey } from '../util/keys.js';
import type { CallInputSource } from './inputTable.js';
import {
  CATEGORICAL_FEATURES,
  CATEGORICAL_INPUT,
  FEATURE_NAMES,
  FEATURE_SPEC_VERSION,
  type CategoricalFeature,
  type FeatureSpec,
  type StationRecord,
  type Vocabulary,
} from './spec.js';
import { categoryKey, VocabularyAccumulator } from './vocabulary.js';

/** Categories seen on fewer training rows than this share the "other" code. */
export const DEFAULT_MIN_COUNT = 20;
/** Pseudo-rows of the overall mean added to each category's mean before ranking. */
export const DEFAULT_SMOOTHING = 20;

/**
 * Categorical inputs a caller often cannot give yet although every historical record has them: the
 * property's category and type. Each gets a "(missing)" code of its own, so a blank is one value the
 * pumps model learns from masked training copies (training/pumps-masking.ts) rather than the code of
 * the pooled rare categories. (The stop code and incident group are what the call is about, known
 * when the call is taken.)
 */
export const BLANKABLE_FEATURES: readonly CategoricalFeature[] = ['property_type', 'property_category'];

export interface FitOptions {
  readonly stations: readonly StationRecord[];
  readonly schoolHolidays: readonly SchoolHolidayRange[];
  /**
   * Rows the vocabularies may learn from: pass the training rows only, so that the holdout's targets
   * never shape the codes it is scored with. Default: every row.
   */
  readonly include?: (row: number) => boolean;
  /** Grounds whose name is not their station's; by default a ground maps to the station of that name. */
  readonly groundToStation?: Readonly<Record<string, string>>;
  readonly minCount?: number;
  readonly smoothing?: number;
}

export function fitFeatureSpec(
  inputs: CallInputSource,
  target: ArrayLike<number>,
  options: FitOptions,
): FeatureSpec {
  if (target.length !== inputs.length) {
    throw new Error(`fitFeatureSpec: ${inputs.length} inputs but ${target.length} targets`);
  }
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const smoothing = options.smoothing ?? DEFAULT_SMOOTHING;
  const accumulators = CATEGORICAL_FEATURES.map(() => new VocabularyAccumulator());
  // Inputs repeat a few thousand spellings a million times: normalise each spelling once.
  const keyCache = new Map<string, string>();
  const keyOf = (raw: string | null | undefined): string => {
    if (raw === null || raw === undefined) return categoryKey(raw);
    let key = keyCache.get(raw);
    if (key === undefined) {
      key = categoryKey(raw);
      keyCache.set(raw, key);
    }
    return key;
  };

  const usage = new Map<string, { rows: number; lastSeenAt: number }>();
  for (let i = 0; i < inputs.length; i++) {
    if (options.include && !options.include(i)) continue;
    const y = target[i] as number;
    if (!Number.isFinite(y)) continue;
    const input = inputs.get(i);
    const stationKey = normaliseKey(input.stationCode);
    const used = usage.get(stationKey) ?? { rows: 0, lastSeenAt: -Infinity };
    used.rows += 1;
    used.lastSeenAt = Math.max(used.lastSeenAt, input.callTime.getTime());
    usage.set(stationKey, used);
    CATEGORICAL_FEATURES.forEach((feature, k) => {
      const raw = input[CATEGORICAL_INPUT[feature]] as string | null | undefined;
      (accumulators[k] as VocabularyAccumulator).add(keyOf(raw), y);
    });
  }

  const vocabularies = Object.fromEntries(
    CATEGORICAL_FEATURES.map((f, k) => {
      const acc = accumulators[k] as VocabularyAccumulator;
      if (BLANKABLE_FEATURES.includes(f)) acc.reserveMissing(minCount);
      return [f, acc.finish(minCount, smoothing)];
    }),
  ) as Record<CategoricalFeature, Vocabulary>;

  return {
    version: FEATURE_SPEC_VERSION,
    features: [...FEATURE_NAMES],
    minCount,
    smoothing,
    vocabularies,
    stations: checkedStations(options.stations, usage),
    groundToStation: groundMap(options.stations, options.groundToStation ?? {}),
    schoolHolidays: [...options.schoolHolidays],
  };
}

function checkedStations(
  stations: readonly StationRecord[],
  usage: ReadonlyMap<string, { rows: number; lastSeenAt: number }>,
): StationRecord[] {
  const seen = new Set<string>();
  for (const s of stations) {
    const key = normaliseKey(s.code);
    if (seen.has(key)) throw new Error(`The station table lists code ${s.code} twice.`);
    seen.add(key);
    if (!Number.isFinite(s.easting) || !Number.isFinite(s.northing)) {
      throw new Error(`Station ${s.code} (${s.name}) has no position.`);
    }
  }
  return stations.map(({ code, name, easting, northing, source }) => {
    const used = usage.get(normaliseKey(code));
    return {
      code,
      name,
      easting,
      northing,
      ...(source ? { source } : {}),
      rows: used?.rows ?? 0,
      ...(used ? { lastSeenAt: used.lastSeenAt } : {}),
    };
  });
}

function groundMap(
  stations: readonly StationRecord[],
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const s of stations) map[normaliseKey(s.name)] = s.code;
  for (const [ground, code] of Object.entries(overrides)) map[normaliseKey(ground)] = code;
  return map;
}
