import type { StoredWeatherSummary } from '../../../contract/weather.js';
import type { Db } from '../db/index.js';
import { MS_PER_HOUR } from './weather/hours.js';

export interface RangeStats {
  readonly count: number;
  /** Earliest and latest local (Europe/London) date, YYYY-MM-DD; null when empty. */
  readonly firstDate: string | null;
  readonly lastDate: string | null;
}

export interface HistoryStats {
  readonly incidents: RangeStats;
  readonly mobilisations: RangeStats;
  readonly stations: { readonly count: number };
  /** Imported weather hours; dates are the UTC days of the first and last hour. */
  readonly weather: RangeStats & StoredWeatherSummary;
  readonly imports: { readonly count: number; readonly lastFinishedAt: string | null };
}

/** Beside the history: the model registry and the audit log of answers (the Data screen counts them). */
export interface StoreStats {
  readonly models: number;
  readonly predictions: number;
}

/** Every table counted here, so a table name never comes from outside this file. */
type CountedTable =
  'incidents' | 'mobilisations' | 'stations' | 'weather_hours' | 'imports' | 'models' | 'predictions';

/** The one place rows are counted exactly (SQLite reads the table's smallest index to do it). */
function count(db: Db, table: CountedTable): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Date columns are read through the instant indexes, so a million-row table costs two seeks. */
function range(
  db: Db,
  table: 'incidents' | 'mobilisations',
  dateColumn: string,
  instantColumn: string,
): RangeStats {
  const pick = (order: 'ASC' | 'DESC') =>
    (
      db
        .prepare(`SELECT ${dateColumn} AS d FROM ${table} ORDER BY ${instantColumn} ${order} LIMIT 1`)
        .get() as { d: string } | undefined
    )?.d ?? null;
  return { count: count(db, table), firstDate: pick('ASC'), lastDate: pick('DESC') };
}

/** The stored weather: its span, the hours missing inside it, and each provider's share. */
function weatherRange(db: Db): RangeStats & StoredWeatherSummary {
  const r = db.prepare('SELECT min(hour_at) AS first, max(hour_at) AS last FROM weather_hours').get() as {
    first: number | null;
    last: number | null;
  };
  const hours = count(db, 'weather_hours');
  const sources = db
    .prepare(
      'SELECT source, count(*) AS hours FROM weather_hours GROUP BY source ORDER BY hours DESC, source',
    )
    .all() as { source: string; hours: number }[];
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const span = r.first === null || r.last === null ? 0 : (r.last - r.first) / MS_PER_HOUR + 1;
  return {
    count: hours,
    firstDate: iso(r.first)?.slice(0, 10) ?? null,
    lastDate: iso(r.last)?.slice(0, 10) ?? null,
    hours,
    firstHour: iso(r.first),
    lastHour: iso(r.last),
    gaps: Math.max(0, span - hours),
    sources,
  };
}

/** Row counts and date ranges of the history database. */
export function readStats(db: Db): HistoryStats {
  const last = db.prepare('SELECT max(finished_at) AS t FROM imports').get() as { t: string | null };
  return {
    incidents: range(db, 'incidents', 'call_date_local', 'call_at'),
    mobilisations: range(db, 'mobilisations', 'mobilised_date_local', 'mobilised_at'),
    stations: { count: count(db, 'stations') },
    weather: weatherRange(db),
    imports: { count: count(db, 'imports'), lastFinishedAt: last.t },
  };
}

/** How many models are registered and how many answers the audit log holds. */
export function readStoreStats(db: Db): StoreStats {
  return { models: count(db, 'models'), predictions: count(db, 'predictions') };
}
