import type {
  MonitorDrift,
  MonitorNewCategory,
  MonitorReport,
  MonitorStation,
} from '../../../contract/monitoring.js';
import type { FeatureName } from '../features/spec.js';
import { advise, decidingMonth } from './advice.js';
import { driftLevel, SEASONAL_FEATURES } from './drift.js';
import type { StoredMonitor } from './store.js';
import {
  addSums,
  biasStandardError,
  emptySums,
  maeStandardError,
  monthOf,
  Z_95,
  type ErrorSums,
} from './sums.js';

/** A station's bias must move by more than this, and by more than chance, to count as a shift. */
export const STATION_SHIFT_SECONDS = 30;
/** Standard errors a station's change of bias must exceed: with a hundred stations, 4 keeps false alarms rare. */
export const STATION_SHIFT_Z = 4;
/** Standard deviation of errors per unit of mean absolute error, for a holdout that kept only the MAE. */
const SD_PER_MAE = Math.SQRT2;
/** A station needs this many vehicles since training to be judged at all. */
export const MIN_STATION_VEHICLES = 50;
export const STATIONS_SHOWN = 10;

/** What the report needs of the model besides the stored results. */
export interface MonitoredModel {
  readonly id: string;
  readonly isDemo: boolean;
  readonly trainedFrom: string | null;
  readonly trainedTo: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  /** Per-station errors on its holdout (registry report). */
  readonly holdoutStations: readonly { station: string; count: number; mae: number; bias: number }[];
  readonly stationName: (code: string) => string;
  /** The instant after which vehicles are scored, null for the demo model. */
  readonly scoredAfter: string | null;
}

function holdoutOf(model: MonitoredModel): MonitorReport['holdout'] {
  const { mae, rmse, holdoutRows } = model.metrics;
  if (mae === undefined || !Number.isFinite(mae)) return null;
  const rows = holdoutRows ?? 0;
  const se = rmse === undefined ? NaN : maeStandardError(rows, mae, rmse);
  return { mae, low: mae - Z_95 * se, high: mae + Z_95 * se, rows };
}

/**
 * Standard deviation of a station's holdout errors per unit of its MAE: the whole holdout's RMSE over
 * its MAE (heavier tails than a Laplace error's, bias included, so if anything wide), at least SD_PER_MAE.
 */
function holdoutSdPerMae(metrics: MonitoredModel['metrics']): number {
  const { mae, rmse } = metrics;
  if (mae === undefined || rmse === undefined || !(mae > 0) || !Number.isFinite(rmse)) return SD_PER_MAE;
  return Math.max(SD_PER_MAE, rmse / mae);
}

function stationsOf(model: MonitoredModel, stored: StoredMonitor): MonitorStation[] {
  const totals = new Map<string, ErrorSums>();
  for (const s of stored.stationMonths) {
    totals.set(s.station, addSums(totals.get(s.station) ?? emptySums(), s.sums));
  }
  const holdout = new Map(model.holdoutStations.map((s) => [s.station, s]));
  // A change common to every station (a slower year) is the overall error's business: a station's
  // shift is its change of bias since the holdout less everyone's.
  const all = emptySums();
  for (const m of stored.months) addSums(all, m.sums);
  const overallChange = all.errSum / all.vehicles - (model.metrics.bias ?? 0);
  const sdPerMae = holdoutSdPerMae(model.metrics);
  const rows = [...totals].map(([code, sums]) => {
    const n = sums.vehicles;
    const bias = sums.errSum / n;
    const h = holdout.get(code);
    const sd = biasStandardError(sums) * Math.sqrt(n);
    // The holdout keeps a station's count, MAE and bias, not its spread: its errors' standard deviation
    // is its MAE times the holdout's own spread per unit of MAE. Not today's spread: a shift that
    // started after the first months, or that slows some vehicles far more than others, widens today's
    // errors in proportion to itself, and divided by a small holdout count that hid every large shift.
    const holdoutSd = h ? sdPerMae * h.mae : 0;
    const se = Math.sqrt((sd * sd) / n + (h && h.count > 0 ? (holdoutSd * holdoutSd) / h.count : 0));
    const change = bias - (h?.bias ?? 0) - overallChange;
    const shifted =
      n >= MIN_STATION_VEHICLES &&
      Math.abs(change) >
        Math.max(STATION_SHIFT_SECONDS, STATION_SHIFT_Z * (Number.isFinite(se) ? se : Infinity));
    const station: MonitorStation = {
      code,
      name: model.stationName(code),
      vehicles: n,
      mae: sums.absSum / n,
      bias,
      holdoutMae: h ? h.mae : null,
      holdoutBias: h ? h.bias : null,
      biasShift: change,
      shifted,
    };
    return station;
  });
  return rows
    .filter((s) => s.vehicles >= MIN_STATION_VEHICLES)
    .sort(
      (a, b) =>
        Number(b.shifted) - Number(a.shifted) ||
        Math.abs(b.biasShift) - Math.abs(a.biasShift) ||
        (a.code < b.code ? -1 : 1),
    )
    .slice(0, STATIONS_SHOWN);
}

function driftFor(stored: StoredMonitor, month: string | null): MonitorDrift[] {
  if (!month) return [];
  return (
    stored.drift
      .filter((d) => d.month === month)
      .map((d): MonitorDrift => {
        const unused = stored.notInTrainingWindow.has(d.feature);
        return {
          feature: d.feature,
          psi: unused ? null : d.psi,
          level: unused ? null : driftLevel(d.psi),
          seasonal: SEASONAL_FEATURES.has(d.feature as FeatureName),
          notInTrainingWindow: unused,
          movers: d.movers,
        };
      })
      // Most drifted first; the inputs the model never had last.
      .sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1) || (a.feature < b.feature ? -1 : 1))
  );
}

/** The report the Monitoring view and `pump-eta monitor` show, from what the last computation stored. */
export function buildMonitorReport(model: MonitoredModel, stored: StoredMonitor | null): MonitorReport {
  const base = {
    modelId: model.id,
    isDemo: model.isDemo,
    trainedFrom: model.trainedFrom,
    trainedTo: model.trainedTo,
    scoredAfter: model.scoredAfter,
    holdout: model.isDemo ? null : holdoutOf(model),
  };
  const empty = {
    computedAt: stored?.run.computedAt ?? null,
    months: [],
    newestMonth: null,
    stations: [],
    drift: [],
    newCategories: [],
    vehicles: 0,
    unscored: stored?.run.unscored ?? 0,
    problem: stored?.run.problem ?? null,
  };
  if (model.isDemo) {
    return {
      ...base,
      ...empty,
      state: 'demo',
      advice: {
        retrain: false,
        sentence:
          'The demo model is in service: it learned from synthetic data, so there is nothing to watch — ' +
          'import LFB files and train a model on them.',
        reasons: [],
      },
    };
  }
  if (!stored || stored.months.length === 0) {
    const problem = stored?.run.problem;
    const state = stored ? 'no-new-data' : 'not-computed';
    const sentence = problem
      ? `The last check failed: ${problem}`
      : stored
        ? `No vehicles newer than the training window yet (after ${model.scoredAfter?.slice(0, 10) ?? '?'}): import newer data to see how the model does on it; no need to retrain yet.`
        : 'Not checked yet: the model is scored after the next import.';
    return { ...base, ...empty, state, advice: { retrain: false, sentence, reasons: [] } };
  }
  const months = stored.months.map((m) => monthOf(m.month, m.sums));
  const deciding = decidingMonth(months);
  const newestMonth = deciding?.month ?? months[months.length - 1]!.month;
  const stations = stationsOf(model, stored);
  const drift = driftFor(stored, newestMonth);
  const newCategories: MonitorNewCategory[] = stored.newCategories;
  const vehicles = months.reduce((s, m) => s + m.vehicles, 0);
  const advice = advise({ holdout: base.holdout, months, stations, drift, newCategories, vehicles });
  return {
    ...base,
    state: 'ready',
    computedAt: stored.run.computedAt,
    months,
    newestMonth,
    stations,
    drift,
    newCategories,
    vehicles,
    unscored: stored.run.unscored,
    problem: stored.run.problem,
    advice,
  };
}
