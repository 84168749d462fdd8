import { TARGET_SECONDS } from '../../../contract/index.js';
import { civilDate, MS_PER_DAY } from '../calendar/days.js';
import { londonLocalMs } from '../calendar/londonTime.js';
import type { Db } from '../db/index.js';
import { isFlagged, isLate } from '../evaluation/risk.js';
import { buildFeatureMatrix } from '../features/build.js';
import {
  CATEGORICAL_FEATURES,
  FEATURE_INDEX,
  FEATURE_NAMES,
  type CallInput,
  type CategoricalFeature,
} from '../features/spec.js';
import { categoryKey } from '../features/vocabulary.js';
import { p90NotBelowEta } from '../model/heads.js';
import { findStation } from '../places/stations.js';
import type { LoadedModel } from '../serving/service.js';
import type { RawPredictions } from '../serving/session.js';
import type { MonitorModel } from './session.js';
import { loadTrainingRows, type TrainingRows } from '../training/dataset.js';
import type { StationTable, StationTableEntry } from '../training/stations.js';
import { normaliseKey } from '../util/keys.js';
import { buildReference, driftOf, DriftBins, type DriftReference, type FeatureDrift } from './drift.js';
import { emptySums, type ErrorSums } from './sums.js';
import { INCIDENT_TEXT_OF, VehicleBatch, VehicleReader } from './vehicles.js';

/**
 * The champion scored on every vehicle called after everything it was built on (its holdout
 * included), through its own onnxruntime session, in batches: error sums per month and per station and
 * month, the inputs' drift per month against the training window, and the categories it never saw.
 */

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
  /** Called between batches with the vehicles scored so far (cancellation, progress). */
  readonly onBatch?: (done: number) => void;
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
export function monitorStationTable(db: Db, model: Pick<LoadedModel, 'meta'>): StationTable {
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
function inModelTerms(model: Pick<LoadedModel, 'meta'>, rows: TrainingRows): string[] {
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
export function computeReference(
  db: Db,
  model: Pick<LoadedModel, 'meta'>,
  window: MonitorWindow,
): DriftReference {
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

/** Vehicles per onnxruntime run; two batches are held, one filled while the other is scored. */
const BATCH_ROWS = 4096;

/**
 * What the history's calls, stations and weather are as of now: any import or undo of them (each in
 * one transaction that also writes its import's row) changes it. Calls read earlier are read again
 * unless this is unchanged (a correction, an undo, an Incident file imported last).
 */
export function callsVersion(db: Db): string {
  const row = db
    .prepare(
      `SELECT COALESCE(MAX(id), 0) AS last, COUNT(undone_at) AS undone, COALESCE(MAX(undone_at), '') AS at
       FROM imports WHERE kind IN ('incidents', 'stations', 'weather')`,
    )
    .get() as { last: number; undone: number; at: string };
  return `${row.last}/${row.undone}/${row.at}`;
}

/** The newer calls read, ready to score their vehicles (`score`) once the history is final. */
export interface PreparedScoring {
  /** `callsVersion` when the calls were read. */
  readonly version: string;
  score(reference: DriftReference, options?: ScoreOptions): Promise<MonitorSnapshot>;
}

/** Scores the vehicles after the window and sums what the monitor stores. */
export function scoreSinceTraining(
  db: Db,
  model: MonitorModel,
  window: MonitorWindow,
  reference: DriftReference,
  options: ScoreOptions = {},
): Promise<MonitorSnapshot> {
  return prepareScoring(db, model, window).score(reference, options);
}

/**
 * Reads the calls after the window (in one read transaction with their `callsVersion`); their vehicles
 * are read and scored by `score`. Between the two the history may gain vehicles (a Mobilisation file
 * being imported): the calls stay true as long as the version does.
 */
export function prepareScoring(db: Db, model: MonitorModel, window: MonitorWindow): PreparedScoring {
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    return readCalls(db, model, window);
  } finally {
    if (own) db.exec('COMMIT');
  }
}

function readCalls(db: Db, model: MonitorModel, window: MonitorWindow): PreparedScoring {
  const version = callsVersion(db);
  const spec = model.meta.featureSpec;
  // Known once the reference is given to `score`.
  let knownKeys: ReadonlyMap<CategoricalFeature, ReadonlySet<string>> = new Map();

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
      }
      // A day number of UTC: London's month changes at local midnight, which is 23:00 UTC in summer.
      if (londonMonth(day * MS_PER_DAY) === londonMonth(day * MS_PER_DAY + MS_PER_DAY - 1))
        monthOfDay.set(day, k);
    }
    return k;
  };
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

  // A station a stations file names but the model cannot place: its vehicles are counted, not scored.
  let unplaced = 0;
  const reader = new VehicleReader(
    db,
    spec,
    monitorStationTable(db, model),
    window.scoredAfter,
    monthAt,
    (station, month) => {
      unplaced += 1;
      noteNew('station', station, month);
    },
  );
  const stationSums: ErrorSums[][] = [];
  const f = FEATURE_NAMES.length;
  const risk = model.meta.risk;
  // A value the vocabulary does not hold is encoded as "other": only those can be new.
  const categorical = CATEGORICAL_FEATURES.map((feature) => ({
    feature,
    at: FEATURE_INDEX[feature],
    other: spec.vocabularies[feature].otherCode,
    text: INCIDENT_TEXT_OF[feature],
  }));

  let started = false;
  const score = async (reference: DriftReference, options: ScoreOptions = {}): Promise<MonitorSnapshot> => {
    // The sums are the reader's: a second pass would add every vehicle twice.
    if (started) throw new Error('these calls were already scored');
    started = true;
    const bins = new DriftBins(reference);
    knownKeys = new Map(reference.categorical.map((r) => [r.feature, new Set(r.keys)]));
    // Every month was named as the calls were read.
    for (let k = 0; k < monthNames.length; k++) monthBins.push(new Float64Array(bins.total));
    const add = (batch: VehicleBatch, out: RawPredictions) => {
      const matrix = batch.matrix;
      for (let j = 0; j < batch.count; j++) {
        const m = batch.month[j]!;
        const actual = batch.actual[j]!;
        const eta = out.eta[j]!;
        const err = eta - actual;
        const late = isLate(actual, eta);
        const flagged = isFlagged(risk, out.late[j]!);
        const within = actual <= TARGET_SECONDS ? 1 : 0;
        const perMonth = (stationSums[batch.station[j]!] ??= []);
        const covered = actual <= p90NotBelowEta(out.p90[j]!, eta);
        const brier = (out.withinTarget[j]! - within) ** 2;
        addVehicle(monthSums[m]!, err, covered, flagged, late, brier);
        addVehicle((perMonth[m] ??= emptySums()), err, covered, flagged, late, brier);
        bins.add(monthBins[m]!, matrix, j * f);
        for (const c of categorical) {
          if (matrix[j * f + c.at] !== c.other) continue;
          const raw = c.text ? reader.textOf(batch.call[j]!, c.text) : reader.modelCodes[batch.station[j]!];
          noteNew(c.feature, raw, m);
        }
      }
    };

    // The scorer works on one batch while the next is read and encoded here; two batches take turns.
    let batch = new VehicleBatch(BATCH_ROWS);
    let spare = new VehicleBatch(BATCH_ROWS);
    let scored = 0;
    const send = (b: VehicleBatch) => {
      if (b.count === 0) return null;
      const answer = model.scorer.score(b.matrix, b.count);
      // Awaited in turn below; a batch still queued when an earlier one fails must not go unhandled.
      answer.catch(() => {});
      return answer;
    };
    try {
      reader.fill(batch);
      let running = send(batch);
      while (running) {
        reader.fill(spare);
        const queued = send(spare);
        const { out, matrix } = await running;
        batch.matrix = matrix;
        add(batch, out);
        scored += batch.count;
        options.onBatch?.(scored);
        [batch, spare] = [spare, batch];
        running = queued;
      }
    } finally {
      reader.close();
    }
    // Stations neither the model nor a stations file knows are not read further: their vehicles are
    // counted, and the most frequent named, without the month.
    for (const u of reader.unknownStations()) {
      const key = categoryKey(u.station);
      if (knownKeys.get('station')?.has(key)) continue;
      newCategories.set(`station\u0000${key}`, {
        feature: 'station',
        category: key,
        vehicles: u.rows,
        firstMonth: null,
      });
    }

    const order = monthNames.map((name, k) => ({ name, k })).sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      modelId: model.id,
      scoredAfter: window.scoredAfter,
      vehicles: scored,
      unscored: reader.unknownStation + unplaced,
      months: order
        .filter(({ k }) => monthSums[k]!.vehicles > 0)
        .map(({ name, k }) => ({ month: name, sums: monthSums[k]! })),
      stationMonths: stationSums.flatMap((perMonth, s) =>
        perMonth.flatMap((sums, k) =>
          sums ? [{ station: reader.modelCodes[s]!, month: monthNames[k]!, sums }] : [],
        ),
      ),
      drift: order
        .filter(({ k }) => monthSums[k]!.vehicles > 0)
        .map(({ name, k }) => ({ month: name, features: driftOf(bins, monthBins[k]!) })),
      newCategories: [...newCategories.values()].sort(
        (a, b) => b.vehicles - a.vehicles || (a.feature + a.category < b.feature + b.category ? -1 : 1),
      ),
    };
  };
  return { version, score };
}
