import { FEATURE_INDEX } from '../features/spec.js';
import type { Tree } from '../gbdt/index.js';
import {
  WEATHER_FEATURES,
  WEATHER_INPUT_NAMES,
  type WeatherCoverage,
  type WeatherInputCoverage,
  type WeatherInputName,
} from '../model/weather-coverage.js';

/** Shares are written to four decimals: the same rows always give the same bytes, and no false precision. */
const SHARE_DECIMALS = 1e4;

/**
 * The weather the model learned from: rows of `trainRows` (the rows the trees were fitted on) with a
 * value for each weather input (NaN is "no value", as the feature builder writes it), and how many
 * splits of `trees` test each input.
 */
export function weatherCoverage(
  columns: readonly Float32Array[],
  trainRows: readonly Uint32Array[],
  trees: Iterable<Tree>,
): WeatherCoverage {
  const total = trainRows.reduce((n, rows) => n + rows.length, 0);
  const splits = new Map<number, number>();
  for (const tree of trees) {
    for (const f of tree.splitFeature) splits.set(f, (splits.get(f) ?? 0) + 1);
  }
  const inputs = {} as Record<WeatherInputName, WeatherInputCoverage>;
  for (const name of WEATHER_INPUT_NAMES) {
    const feature = FEATURE_INDEX[WEATHER_FEATURES[name]];
    const column = columns[feature]!;
    let present = 0;
    for (const rows of trainRows) for (const i of rows) if (!Number.isNaN(column[i]!)) present++;
    inputs[name] = {
      rows: present,
      share: total > 0 ? Math.round((present / total) * SHARE_DECIMALS) / SHARE_DECIMALS : 0,
      splits: splits.get(feature) ?? 0,
    };
  }
  return { rows: total, inputs };
}
