import { TARGET_SECONDS } from '../../../contract/index.js';
import { civilDate, MS_PER_DAY } from '../calendar/days.js';
import { londonLocalMs } from '../calendar/londonTime.js';
import type { Db } from '../db/index.js';
import { isFlagged, isLate } from '../evaluation/risk.js';
import { buildFeatureMatrix } from '../features/build.js';
import {
  CATEGORICAL_FEATURES,
  CATEGORICAL_INPUT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  type CallInput,
  type CategoricalFeature,
} from '../features/spec.js';
import { categoryKey } from '../features/vocabulary.js';
import { p90NotBelowEta } from '../model/heads.js';
import { findStation } from '../places/stations.js';
import type { LoadedModel } from '../serving/service.js';
import { loadTrainingRows, type TrainingRows } from '../training/dataset.js';
import type { StationTable, StationTableEntry } from '../training/stations.js';
import { normaliseKey } from '../util/keys.js';
import { buildReference, driftOf, DriftBins, type DriftReference, type FeatureDrift } from './drift.js';
import { emptySums, type ErrorSums } from './sums.js';

/**
 * The champion scored on every vehicle called after everything it was built on (its holdout
 * included), through its own onnxruntime session, in batches: error sums per month and per station and
 * month, the inputs' drift per month against the training window, and the categories it never saw.
 */

const BATCH_ROWS = 4096;
/** The training window's shares and deciles come from at most this many of its rows (evenly spread). */
const REFERENCE_SAMPLE = 200_000;

export interface MonitorWindow {
  readonly trainFrom: number;
  readonly trainTo: number;
  /** Vehicles called after this instant are scored. */
  readonly scoredAfter: number;
}

export interface NewCategory {
  readonly feature: CategoricalFeature;
  readonly category: string;
  vehicles: number;
  firstMonth: string | null;
}

export interface MonitorSnapshot {
  readonly modelId: string;
  readonly scoredAfter: number;
  readonly vehicles: number;
  /** Vehicles from stations the model cannot place (or the history cannot): counted, not scored. */
  readonly unscored: number;
  readonly months: readonly { readonly month: string; readonly sums: ErrorSums }[];
  readonly stationMonths: readonly {
    readonly station: string;
    readonly month: string;
    readonly sums: ErrorSums;
  }[];
  readonly drift: readonly { readonly month: string; readonly features: readonly FeatureDrift[] }[];
  readonly newCategories: readonly NewCategory[];
}

export interface ScoreOptions {
  readonly reference?: DriftReference;
  /** Called between batches (cancellation, progress). */
  readonly onBatch?: (done: number, total: number) => void;
}

/** `YYYY-MM` of an instant on London's clocks. */
export function londonMonth(ms: number): string {
  const { year, month } = civilDate(Math.floor(londonLocalMs(ms) / MS_PER_DAY));
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

/**
 * The stations rows are read with: the model's own, and those of the history's stations files it does
 * not know (a station opened since). Estimating positions from the incidents, as training does, reads
 * the whole history: seconds on a large one, for stations the model could not score anyway.
 */
export function monitorStationTable(db: Db, model: LoadedModel): StationTable {
  const stations: StationTableEntry[] = model.meta.featureSpec.stations.map((s) => ({
    ...s,
    source: s.source ?? 'imported',
  }));
  const known = new Set(stations.flatMap((s) => [normaliseKey(s.code), normaliseKey(s.name)]));
  const imported = db.prepare('SELECT code, name, easting, northing FROM stations ORDER BY code').all() as {
    code: string;
    name: string;
    easting: number;
    northing: number;
  }[];
  for (const s of imported) {
    if (known.has(normaliseKey(s.code)) || known.has(normaliseKey(s.name))) continue;
    stations.push({ ...s, source: 'imported' });
  }
  return { stations, imported: imported.length, estimated: stations.length - imported.length };
}

/** Rows' inputs with each station in the model's own code ('' for a station it cannot place). */
function inModelTerms(model: LoadedModel, rows: TrainingRows): string[] {
  const cache = new Map<string, string>();
  return rows.stationCode.map((code) => {
    let hit = cache.get(code);
    if (hit === undefined) {
      hit = findStation(model.meta.featureSpec, code)?.code ?? '';
      cache.set(code, hit);
    }
    return hit;
  });
}

/** The training window's distributions, from the history's rows in it. */
export function computeReference(db: Db, model: LoadedModel, window: MonitorWindow): DriftReference {
  const rows = loadTrainingRows(db, {
    calledAfter: window.trainFrom - 1,
    stationTable: monitorStationTable(db, model),
  });
  const codes = inModelTerms(model, rows);
  const inWindow: number[] = [];
  for (let i = 0; i < rows.target.length; i++) {
    const at = rows.callAt[i]!;
    if (at >= window.trainFrom && at <= window.trainTo && codes[i]) inWindow.push(i);
  }
  const input = (i: number): CallInput => ({ ...rows.inputs.get(i), stationCode: codes[i]! });
  const step = Math.max(1, inWindow.length / REFERENCE_SAMPLE);
  const sample: CallInput[] = [];
  for (let k = 0; k < inWindow.length; k += step) sample.push(input(inWindow[Math.floor(k)]!));
  const matrix = buildFeatureMatrix(model.meta.featureSpec, sample);
  function* every(): Iterable<CallInput> {
    for (const i of inWindow) yield input(i);
  }
  return buildReference(model.meta.featureSpec, matrix, sample.length, every());
}

function addVehicle(
  s: ErrorSums,
  err: number,
  covered: boolean,
  flagged: boolean,
  late: boolean,
  brier: number,
) {
  s.vehicles += 1;
  s.absSum += Math.abs(err);
  s.sqSum += err * err;
  s.errSum += err;
  if (covered) s.covered += 1;
  if (flagged) s.flagged += 1;
  if (late) s.late += 1;
  if (flagged && late) s.flaggedLate += 1;
  s.withinBrierSum += brier;
}

/** Scores the vehicles after the window and sums what the monitor stores. */
export async function scoreSinceTraining(
  db: Db,
  model: LoadedModel,
  window: MonitorWindow,
  reference: DriftReference,
  options: ScoreOptions = {},
): Promise<MonitorSnapshot> {
  const rows = loadTrainingRows(db, {
    calledAfter: window.scoredAfter,
    stationTable: monitorStationTable(db, model),
  });
  const codes = inModelTerms(model, rows);
  const spec = model.meta.featureSpec;
  const bins = new DriftBins(reference);
  const knownKeys = new Map(reference.categorical.map((r) => [r.feature, new Set(r.keys)]));
  const otherCode = new Map(CATEGORICAL_FEATURES.map((f) => [f, spec.vocabularies[f].otherCode]));

  const monthIndex = new Map<string, number>();
  const monthNames: string[] = [];
  const monthSums: ErrorSums[] = [];
  const monthBins: Float64Array[] = [];
  const monthOfDay = new Map<number, number>();
  const monthAt = (ms: number): number => {
    const day = Math.floor(ms / MS_PER_DAY);
    let k = monthOfDay.get(day);
    if (k === undefined) {
      const name = londonMonth(ms);
      k = monthIndex.get(name);
      if (k === undefined) {
        k = monthNames.length;
        monthIndex.set(name, k);
        monthNames.push(name);
        monthSums.push(emptySums());
        monthBins.push(new Float64Array(bins.total));
      }
      // A day number of UTC: London's month changes at local midnight, which is 23:00 UTC in summer.
      if (londonMonth(day * MS_PER_DAY) === londonMonth(day * MS_PER_DAY + MS_PER_DAY - 1))
        monthOfDay.set(day, k);
    }
    return k;
  };
  const stationSums = new Map<string, ErrorSums[]>();
  const newCategories = new Map<string, NewCategory>();
  const noteNew = (feature: CategoricalFeature, raw: string | null | undefined, month: number) => {
    const key = categoryKey(raw);
    if (knownKeys.get(feature)?.has(key)) return;
    const id = `${feature}\u0000${key}`;
    const seen = newCategories.get(id);
    if (seen) {
      seen.vehicles += 1;
      if (seen.firstMonth === null || monthNames[month]! < seen.firstMonth)
        seen.firstMonth = monthNames[month]!;
    } else newCategories.set(id, { feature, category: key, vehicles: 1, firstMonth: monthNames[month]! });
  };

  // Stations neither the model nor a stations file knows are dropped while reading: their vehicles are
  // counted, and the most frequent named, without the month (the reader keeps no rows of them).
  let unscored = rows.report.dropped.unknownStation;
  for (const u of rows.report.unknownStations) {
    const key = categoryKey(u.station);
    if (knownKeys.get('station')?.has(key)) continue;
    newCategories.set(`station\u0000${key}`, {
      feature: 'station',
      category: key,
      vehicles: u.rows,
      firstMonth: null,
    });
  }
  const scorable: number[] = [];
  for (let i = 0; i < rows.target.length; i++) {
    if (codes[i]) scorable.push(i);
    else {
      unscored += 1;
      noteNew('station', rows.stationCode[i], monthAt(rows.callAt[i]!));
    }
  }

  const f = FEATURE_NAMES.length;
  const risk = model.meta.risk;
  const prepare = (start: number) => {
    const count = Math.min(BATCH_ROWS, scorable.length - start);
    const batch: CallInput[] = new Array(count);
    for (let j = 0; j < count; j++) {
      const i = scorable[start + j]!;
      const input = rows.inputs.get(i);
      batch[j] = input.stationCode === codes[i] ? input : { ...input, stationCode: codes[i]! };
    }
    return { count, batch, matrix: buildFeatureMatrix(spec, batch) };
  };
  let next = scorable.length > 0 ? prepare(0) : null;
  for (let start = 0; start < scorable.length; start += BATCH_ROWS) {
    const { count, batch, matrix } = next!;
    // onnxruntime runs a batch on a thread of its own: the next batch's features are built meanwhile.
    const running = model.session.run(matrix, count);
    next = start + BATCH_ROWS < scorable.length ? prepare(start + BATCH_ROWS) : null;
    const out = await running;
    for (let j = 0; j < count; j++) {
      const i = scorable[start + j]!;
      const m = monthAt(rows.callAt[i]!);
      const actual = rows.target[i]!;
      const eta = out.eta[j]!;
      const err = eta - actual;
      const late = isLate(actual, eta);
      const flagged = isFlagged(risk, out.late[j]!);
      const within = actual <= TARGET_SECONDS ? 1 : 0;
      const station = codes[i]!;
      let perMonth = stationSums.get(station);
      if (!perMonth) stationSums.set(station, (perMonth = []));
      const covered = actual <= p90NotBelowEta(out.p90[j]!, eta);
      const brier = (out.withinTarget[j]! - within) ** 2;
      addVehicle(monthSums[m]!, err, covered, flagged, late, brier);
      addVehicle((perMonth[m] ??= emptySums()), err, covered, flagged, late, brier);
      bins.add(monthBins[m]!, matrix, j * f);
      // A value the vocabulary does not hold is encoded as "other": only those can be new.
      for (const feature of CATEGORICAL_FEATURES) {
        if (matrix[j * f + FEATURE_INDEX[feature]] === otherCode.get(feature)) {
          noteNew(feature, batch[j]![CATEGORICAL_INPUT[feature]] as string | null | undefined, m);
        }
      }
    }
    options.onBatch?.(start + count, scorable.length);
  }

  const order = monthNames.map((name, k) => ({ name, k })).sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    modelId: model.id,
    scoredAfter: window.scoredAfter,
    vehicles: scorable.length,
    unscored,
    months: order
      .filter(({ k }) => monthSums[k]!.vehicles > 0)
      .map(({ name, k }) => ({ month: name, sums: monthSums[k]! })),
    stationMonths: [...stationSums].flatMap(([station, perMonth]) =>
      perMonth.flatMap((sums, k) => (sums ? [{ station, month: monthNames[k]!, sums }] : [])),
    ),
    drift: order
      .filter(({ k }) => monthSums[k]!.vehicles > 0)
      .map(({ name, k }) => ({ month: name, features: driftOf(bins, monthBins[k]!) })),
    newCategories: [...newCategories.values()].sort(
      (a, b) => b.vehicles - a.vehicles || (a.feature + a.category < b.feature + b.category ? -1 : 1),
    ),
  };
}
