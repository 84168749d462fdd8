import type { Metrics } from './metrics.js';
/**
 * The under-estimation warning the dispatcher sees. The event it predicts: the vehicle arrives more
 * than EVENT_MARGIN_SECONDS after the estimate. Two reasons can raise it:
 *  - the deploying station is one whose times the model habitually under-predicts;
 *  - the calibrated P90 bound is far above the estimate (wide uncertainty).
 * Thresholds are chosen on data the holdout never sees (the calibration slice), maximising F1.
 * The original system's rule (share of times within 600–1600 s ≥ 10 %) is kept for comparison.
 */
export const EVENT_MARGIN_SECONDS = 120;
export const LEGACY_BAND: readonly [number, number] = [600, 1600];
export const LEGACY_SHARE = 0.1;
const MIN_STATION_ROWS = 20;

export interface RiskStation {
  readonly station: string;
  /** Share of calibration rows where the vehicle came EVENT_MARGIN_SECONDS later than estimated. */
  readonly lateShare: number;
  readonly count: number;
}

export interface RiskConfig {
  readonly eventMarginSeconds: number;
  readonly stations: readonly RiskStation[];
  /** Flag when p90 − eta is at least this many seconds. */
  readonly spreadThreshold: number;
  readonly lateShareThreshold: number;
  /** Stations the original rule would flag, recomputed on this training data. */
  readonly legacyStations: readonly string[];
}

export interface RiskRows {
  readonly station: readonly string[];
  readonly actual: ArrayLike<number>;
  readonly eta: ArrayLike<number>;
  readonly p90: ArrayLike<number>;
}

export interface FlagQuality {
  readonly fireRate: number;
  readonly precision: number;
  readonly recall: number;
  readonly eventRate: number;
}

export function isLate(actual: number, eta: number, margin = EVENT_MARGIN_SECONDS): boolean {
  return actual > eta + margin;
}

/** The original rule, on the training rows' actual attendance times. */
export function legacyRiskStations(station: readonly string[], actual: ArrayLike<number>): string[] {
  const acc = new Map<string, { n: number; band: number }>();
  for (let i = 0; i < station.length; i++) {
    const a = acc.get(station[i]!) ?? { n: 0, band: 0 };
    a.n++;
    const y = actual[i]!;
    if (y >= LEGACY_BAND[0] && y <= LEGACY_BAND[1]) a.band++;
    acc.set(station[i]!, a);
  }
  return [...acc.entries()]
    .filter(([, a]) => a.band / a.n >= LEGACY_SHARE)
    .map(([s]) => s)
    .sort();
}

export function chooseRiskConfig(
  calibration: RiskRows,
  training: Pick<RiskRows, 'station' | 'actual'>,
): RiskConfig {
  const n = calibration.station.length;
  const perStation = new Map<string, { n: number; late: number }>();
  const late = new Uint8Array(n);
  const spread = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    late[i] = isLate(calibration.actual[i]!, calibration.eta[i]!) ? 1 : 0;
    spread[i] = calibration.p90[i]! - calibration.eta[i]!;
    const s = perStation.get(calibration.station[i]!) ?? { n: 0, late: 0 };
    s.n++;
    s.late += late[i]!;
    perStation.set(calibration.station[i]!, s);
  }
  const stationShare = new Map<string, number>();
  for (const [s, v] of perStation) if (v.n >= MIN_STATION_ROWS) stationShare.set(s, v.late / v.n);

  const shareCandidates = [0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, Infinity];
  const sortedSpread = Float64Array.from(spread).sort();
  const spreadCandidates = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975]
    .map((q) => sortedSpread[Math.floor(q * (n - 1))] ?? Infinity)
    .concat([Infinity]);

  let best = { f1: -1, share: Infinity, spread: Infinity };
  for (const share of shareCandidates) {
    for (const spreadT of spreadCandidates) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (let i = 0; i < n; i++) {
        const flag = (stationShare.get(calibration.station[i]!) ?? 0) >= share || spread[i]! >= spreadT;
        if (flag && late[i]) tp++;
        else if (flag) fp++;
        else if (late[i]) fn++;
      }
      const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
      if (f1 > best.f1) best = { f1, share, spread: spreadT };
    }
  }
  const stations: RiskStation[] = [...stationShare.entries()]
    .filter(([, share]) => share >= best.share)
    .map(([station, lateShare]) => ({ station, lateShare, count: perStation.get(station)!.n }))
    .sort((a, b) => b.lateShare - a.lateShare);
  return {
    eventMarginSeconds: EVENT_MARGIN_SECONDS,
    stations,
    spreadThreshold: best.spread,
    lateShareThreshold: best.share,
    legacyStations: legacyRiskStations(training.station, training.actual),
  };
}

export interface RiskAssessment {
  readonly risk: boolean;
  readonly reasons: string[];
}

export function assessRisk(
  config: RiskConfig,
  station: string,
  stationName: string,
  eta: number,
  p90: number,
): RiskAssessment {
  const reasons: string[] = [];
  const known = config.stations.find((s) => s.station === station);
  if (known) {
    reasons.push(
      `${stationName}: attendance times usually exceed estimates (${Math.round(known.lateShare * 100)} % of recent ` +
        `calls arrived over ${config.eventMarginSeconds / 60} min later than estimated)`,
    );
  }
  if (p90 - eta >= config.spreadThreshold) {
    reasons.push(`Wide uncertainty: could take up to ${formatMmSs(p90)} (90 % bound)`);
  }
  return { risk: reasons.length > 0, reasons };
}

export function flagQuality(
  flags: ArrayLike<boolean | number>,
  actual: ArrayLike<number>,
  eta: ArrayLike<number>,
): FlagQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let events = 0;
  let fired = 0;
  const n = actual.length;
  for (let i = 0; i < n; i++) {
    const ev = isLate(actual[i]!, eta[i]!);
    const f = Boolean(flags[i]);
    if (ev) events++;
    if (f) fired++;
    if (f && ev) tp++;
    else if (f) fp++;
    else if (ev) fn++;
  }
  return {
    fireRate: n ? fired / n : NaN,
    precision: tp + fp ? tp / (tp + fp) : NaN,
    recall: tp + fn ? tp / (tp + fn) : NaN,
    eventRate: n ? events / n : NaN,
  };
}

export function formatMmSs(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * One flat record of holdout numbers, as the registry stores them and the comparison shows them side
 * by side: the error metrics and the risk flag's quality.
 */
export function flatMetrics(m: Metrics, flag: FlagQuality): Record<string, number> {
  return {
    mae: m.mae,
    rmse: m.rmse,
    r2: m.r2,
    medianAbsError: m.medianAbsError,
    within60: m.within60,
    bias: m.bias,
    p90Coverage: m.p90Coverage,
    riskFireRate: flag.fireRate,
    riskPrecision: flag.precision,
    riskRecall: flag.recall,
  };
}
