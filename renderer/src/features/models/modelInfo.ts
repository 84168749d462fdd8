/** How models and their metrics read on screen; pure helpers shared by the Models views. */
import type { ModelSummary, StationDelta } from '../../../../contract/index.js';

import { METRICS, metricInfo, type MetricInfo } from '../../../../contract/metric-labels.js';

export { METRICS, metricInfo, type MetricInfo };

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
  if (typeof better === 'object') {
    const off = (v: number) => Math.max(0, Math.abs(v - better.target) - better.tolerance);
    const gain = off(champion) - off(challenger);
    if (Math.abs(gain) < 1e-9) return 'same';
    return gain > 0 ? 'better' : 'worse';
  }
  const gain = better === 'lower' ? champion - challenger : challenger - champion;
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

/**
 * What a plain rollback restores, as the core says (the same model the command line's `rollback` takes):
 * the trained champion before the current one, never the demo model.
 */
export function rollbackTarget(models: readonly ModelSummary[]): ModelSummary | null {
  return models.find((m) => m.rollbackTarget && m.status !== 'champion') ?? null;
}

export const NO_ROLLBACK_TARGET =
  'There is no earlier trained model to roll back to. A rollback never puts the demonstration model back ' +
  'by itself: to do that on purpose, use "Roll back to this…" on its row.';

/** Stations whose MAE changed most, for the table and the bar chart. */
export function largestStationChanges(stations: readonly StationDelta[], limit: number): StationDelta[] {
  return [...stations]
    .filter((s) => Number.isFinite(s.challengerMae - s.championMae))
    .sort((a, b) => Math.abs(b.challengerMae - b.championMae) - Math.abs(a.challengerMae - a.championMae))
    .slice(0, limit);
}
