import type { DriftMover } from '../../../contract/monitoring.js';
import type { Db } from '../db/index.js';
import { notInTrainingWindow, type DriftReference } from './drift.js';
import type { MonitorSnapshot } from './score.js';
import { emptySums, type ErrorSums } from './sums.js';

/** The monitor's tables (migration 007): every query on them is here. */

const SUM_COLUMNS =
  'vehicles, abs_sum, sq_sum, err_sum, covered, flagged, flagged_late, late, within_brier_sum';

interface SumRow {
  vehicles: number;
  abs_sum: number;
  sq_sum: number;
  err_sum: number;
  covered: number;
  flagged: number;
  flagged_late: number;
  late: number;
  within_brier_sum: number;
}

function sumValues(s: ErrorSums): number[] {
  return [
    s.vehicles,
    s.absSum,
    s.sqSum,
    s.errSum,
    s.covered,
    s.flagged,
    s.flaggedLate,
    s.late,
    s.withinBrierSum,
  ];
}

function toSums(r: SumRow): ErrorSums {
  return {
    ...emptySums(),
    vehicles: r.vehicles,
    absSum: r.abs_sum,
    sqSum: r.sq_sum,
    errSum: r.err_sum,
    covered: r.covered,
    flagged: r.flagged,
    flaggedLate: r.flagged_late,
    late: r.late,
    withinBrierSum: r.within_brier_sum,
  };
}

export interface StoredRun {
  readonly computedAt: string;
  readonly scoredAfter: string;
  readonly vehicles: number;
  readonly unscored: number;
  readonly problem: string | null;
}

export interface StoredMonitor {
  readonly run: StoredRun;
  readonly months: { month: string; sums: ErrorSums }[];
  readonly stationMonths: { station: string; month: string; sums: ErrorSums }[];
  readonly drift: { month: string; feature: string; psi: number; movers: DriftMover[] }[];
  readonly newCategories: {
    feature: string;
    category: string;
    vehicles: number;
    firstMonth: string | null;
  }[];
  /** Inputs every row of the model's training window lacked (see drift.ts): no drift is reported for them. */
  readonly notInTrainingWindow: ReadonlySet<string>;
}

const PER_MODEL_TABLES = [
  'monitor_months',
  'monitor_station_months',
  'monitor_drift',
  'monitor_new_categories',
  'monitor_runs',
] as const;

export class MonitorStore {
  constructor(private readonly db: Db) {}

  /** Replaces a model's stored results with a new computation, in one transaction. */
  save(snapshot: MonitorSnapshot, computedAt: Date): void {
    const db = this.db;
    const id = snapshot.modelId;
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    db.transaction(() => {
      for (const table of PER_MODEL_TABLES) db.prepare(`DELETE FROM ${table} WHERE model_id = ?`).run(id);
      db.prepare(
        `INSERT INTO monitor_runs (model_id, computed_at, scored_after, vehicles, unscored, problem)
         VALUES (?, ?, ?, ?, ?, NULL)`,
      ).run(
        id,
        computedAt.toISOString(),
        new Date(snapshot.scoredAfter).toISOString(),
        snapshot.vehicles,
        snapshot.unscored,
      );
      const month = db.prepare(
        `INSERT INTO monitor_months (model_id, month, ${SUM_COLUMNS}) VALUES (?, ?, ${marks(9)})`,
      );
      for (const m of snapshot.months) month.run(id, m.month, ...sumValues(m.sums));
      const station = db.prepare(
        `INSERT INTO monitor_station_months (model_id, station, month, ${SUM_COLUMNS}) VALUES (?, ?, ?, ${marks(9)})`,
      );
      for (const s of snapshot.stationMonths) station.run(id, s.station, s.month, ...sumValues(s.sums));
      const drift = db.prepare(
        'INSERT INTO monitor_drift (model_id, month, feature, psi, movers_json) VALUES (?, ?, ?, ?, ?)',
      );
      for (const d of snapshot.drift) {
        for (const f of d.features) drift.run(id, d.month, f.feature, f.psi, JSON.stringify(f.movers));
      }
      const fresh = db.prepare(
        'INSERT INTO monitor_new_categories (model_id, feature, category, vehicles, first_month) VALUES (?, ?, ?, ?, ?)',
      );
      for (const c of snapshot.newCategories) fresh.run(id, c.feature, c.category, c.vehicles, c.firstMonth);
    })();
  }

  /** Keeps a model's last results but records why the newest computation failed. */
  saveProblem(modelId: string, scoredAfter: number, problem: string, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO monitor_runs (model_id, computed_at, scored_after, vehicles, unscored, problem)
         VALUES (?, ?, ?, 0, 0, ?)
         ON CONFLICT (model_id) DO UPDATE SET computed_at = excluded.computed_at, problem = excluded.problem`,
      )
      .run(modelId, at.toISOString(), new Date(scoredAfter).toISOString(), problem);
  }

  /**
   * Every model's results and references: after an undo they may count rows that are gone (a
   * reference too, when the undone import held rows of a training window).
   */
  dropAll(): void {
    this.db.transaction(() => {
      for (const table of [...PER_MODEL_TABLES, 'monitor_reference'])
        this.db.prepare(`DELETE FROM ${table}`).run();
    })();
  }

  reference(modelId: string): DriftReference | null {
    const row = this.db
      .prepare('SELECT reference_json FROM monitor_reference WHERE model_id = ?')
      .get(modelId) as { reference_json: string } | undefined;
    return row ? (JSON.parse(row.reference_json) as DriftReference) : null;
  }

  saveReference(modelId: string, reference: DriftReference): void {
    this.db
      .prepare('INSERT OR REPLACE INTO monitor_reference (model_id, rows, reference_json) VALUES (?, ?, ?)')
      .run(modelId, reference.rows, JSON.stringify(reference));
  }

  read(modelId: string): StoredMonitor | null {
    const db = this.db;
    const run = db
      .prepare(
        'SELECT computed_at, scored_after, vehicles, unscored, problem FROM monitor_runs WHERE model_id = ?',
      )
      .get(modelId) as
      | {
          computed_at: string;
          scored_after: string;
          vehicles: number;
          unscored: number;
          problem: string | null;
        }
      | undefined;
    if (!run) return null;
    const months = (
      db
        .prepare(`SELECT month, ${SUM_COLUMNS} FROM monitor_months WHERE model_id = ? ORDER BY month`)
        .all(modelId) as (SumRow & {
        month: string;
      })[]
    ).map((r) => ({ month: r.month, sums: toSums(r) }));
    const stationMonths = (
      db
        .prepare(
          `SELECT station, month, ${SUM_COLUMNS} FROM monitor_station_months WHERE model_id = ? ORDER BY station, month`,
        )
        .all(modelId) as (SumRow & { station: string; month: string })[]
    ).map((r) => ({ station: r.station, month: r.month, sums: toSums(r) }));
    const drift = (
      db
        .prepare(
          'SELECT month, feature, psi, movers_json FROM monitor_drift WHERE model_id = ? ORDER BY month, feature',
        )
        .all(modelId) as { month: string; feature: string; psi: number; movers_json: string }[]
    ).map((r) => ({
      month: r.month,
      feature: r.feature,
      psi: r.psi,
      movers: JSON.parse(r.movers_json) as DriftMover[],
    }));
    const newCategories = (
      db
        .prepare(
          `SELECT feature, category, vehicles, first_month FROM monitor_new_categories WHERE model_id = ?
           ORDER BY vehicles DESC, feature, category`,
        )
        .all(modelId) as { feature: string; category: string; vehicles: number; first_month: string | null }[]
    ).map((r) => ({
      feature: r.feature,
      category: r.category,
      vehicles: r.vehicles,
      firstMonth: r.first_month,
    }));
    const reference = this.reference(modelId);
    return {
      notInTrainingWindow: reference ? notInTrainingWindow(reference) : new Set(),
      run: {
        computedAt: run.computed_at,
        scoredAfter: run.scored_after,
        vehicles: run.vehicles,
        unscored: run.unscored,
        problem: run.problem,
      },
      months,
      stationMonths,
      drift,
      newCategories,
    };
  }
}
