/** How models and their metrics read on screen; pure helpers shared by the Models views. */
import type { ModelSummary, StationDelta } from '../../../../preload/contract';

export interface MetricInfo {
  readonly label: string;
  readonly unit: string;
  readonly digits: number;
  /** How a change reads: lower is better, higher is better, or closest to a target. */
  readonly better: 'lower' | 'higher' | { readonly target: number } | 'none';
  readonly scale?: number;
}

/** The metrics the trainer reports, in the order a data officer reads them. Unknown keys follow. */
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  mae: { label: 'Mean absolute error', unit: 's', digits: 1, better: 'lower' },
  rmse: { label: 'Root mean square error', unit: 's', digits: 1, better: 'lower' },
  medianAbsError: { label: 'Median absolute error', unit: 's', digits: 1, better: 'lower' },
  bias: { label: 'Bias (estimate − actual)', unit: 's', digits: 1, better: { target: 0 } },
  within60: { label: 'Within 60 s', unit: '%', digits: 1, better: 'higher', scale: 100 },
  r2: { label: 'R²', unit: '', digits: 3, better: 'higher' },
  p90Coverage: { label: 'P90 coverage', unit: '%', digits: 1, better: { target: 0.9 }, scale: 100 },
  count: { label: 'Rows scored', unit: '', digits: 0, better: 'none' },
};

export function metricInfo(key: string): MetricInfo {
  return METRICS[key] ?? { label: key, unit: '', digits: 3, better: 'none' };
}

export function orderedMetricKeys(...sets: readonly Readonly<Record<string, number>>[]): string[] {
  const present = new Set(sets.flatMap((s) => Object.keys(s)));
  const known = Object.keys(METRICS).filter((k) => present.has(k));
  const other = [...present].filter((k) => !(k in METRICS)).sort();
  return [...known, ...other];
}

export function formatMetricValue(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const info = metricInfo(key);
  const scaled = value * (info.scale ?? 1);
  const text = info.digits === 0 ? Math.round(scaled).toLocaleString('en-GB') : scaled.toFixed(info.digits);
  return info.unit ? `${text} ${info.unit}` : text;
}

/** 'better' | 'worse' | 'same' for the change from champion to challenger, or null when not comparable. */
export function judgeChange(
  key: string,
  champion: number | undefined,
  challenger: number | undefined,
): 'better' | 'worse' | 'same' | null {
  if (
    champion === undefined ||
    challenger === undefined ||
    !Number.isFinite(champion) ||
    !Number.isFinite(challenger)
  )
    return null;
  const { better } = metricInfo(key);
  if (better === 'none') return null;
  const gain =
    better === 'lower'
      ? champion - challenger
      : better === 'higher'
        ? challenger - champion
        : Math.abs(champion - better.target) - Math.abs(challenger - better.target);
  if (Math.abs(gain) < 1e-9) return 'same';
  return gain > 0 ? 'better' : 'worse';
}

export function byNewest(models: readonly ModelSummary[]): ModelSummary[] {
  return [...models].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function champion(models: readonly ModelSummary[]): ModelSummary | null {
  return models.find((m) => m.status === 'champion') ?? null;
}

/** The challenger the menu's Compare/Promote act on: the newest model that is not in service. */
export function newestCandidate(models: readonly ModelSummary[]): ModelSummary | null {
  return byNewest(models).find((m) => m.status === 'candidate') ?? null;
}

/** What a plain rollback restores: the champion's parent if still known, else the newest retired model. */
export function rollbackTarget(models: readonly ModelSummary[]): ModelSummary | null {
  const current = champion(models);
  const parent = current?.parentId
    ? models.find((m) => m.id === current.parentId && m.status !== 'champion')
    : undefined;
  return parent ?? byNewest(models).find((m) => m.status === 'retired') ?? null;
}

/** Stations whose MAE changed most, for the table and the bar chart. */
export function largestStationChanges(stations: readonly StationDelta[], limit: number): StationDelta[] {
  return [...stations]
    .filter((s) => Number.isFinite(s.challengerMae - s.championMae))
    .sort((a, b) => Math.abs(b.challengerMae - b.championMae) - Math.abs(a.challengerMae - a.championMae))
    .slice(0, limit);
}
