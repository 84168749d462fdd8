import type { Migration } from './types.js';

/**
 * The model in service, watched (main/core/monitor). After every import, undo and change of champion
 * the champion is scored on the vehicles called after everything it was built on; what is kept are
 * sums, not rows, so any grouping (a station over every month) is a sum and the metrics follow:
 *
 * - monitor_runs: one row per model — when it was last computed, from which instant, how many
 *   vehicles were scored or could not be, and why the last computation failed, if it did;
 * - monitor_months and monitor_station_months: error sums per month, and per station and month;
 * - monitor_drift: each input's population stability index per month against the training window,
 *   with the categories that moved most;
 * - monitor_new_categories: values the model never saw in its training window;
 * - monitor_reference: the training window's distributions, computed once per model.
 *
 * A model's rows are replaced as a whole on every computation; an undo drops every model's (they may
 * count the removed rows) before the champion's are computed again.
 */
const SUMS = `
      vehicles         INTEGER NOT NULL,
      abs_sum          REAL NOT NULL,
      sq_sum           REAL NOT NULL,
      err_sum          REAL NOT NULL,
      covered          INTEGER NOT NULL,
      flagged          INTEGER NOT NULL,
      flagged_late     INTEGER NOT NULL,
      late             INTEGER NOT NULL,
      within_brier_sum REAL NOT NULL`;

export const migration007: Migration = {
  version: 7,
  name: 'monitoring',
  up: `
    CREATE TABLE monitor_runs (
      model_id      TEXT PRIMARY KEY REFERENCES models (id),
      computed_at   TEXT NOT NULL,
      scored_after  TEXT NOT NULL,
      vehicles      INTEGER NOT NULL,
      unscored      INTEGER NOT NULL,
      problem       TEXT
    );
    CREATE TABLE monitor_months (
      model_id  TEXT NOT NULL REFERENCES models (id),
      month     TEXT NOT NULL,   -- YYYY-MM, London time
      ${SUMS},
      PRIMARY KEY (model_id, month)
    ) WITHOUT ROWID;
    CREATE TABLE monitor_station_months (
      model_id  TEXT NOT NULL REFERENCES models (id),
      station   TEXT NOT NULL,   -- the model's station code
      month     TEXT NOT NULL,
      ${SUMS},
      PRIMARY KEY (model_id, station, month)
    ) WITHOUT ROWID;
    CREATE TABLE monitor_drift (
      model_id     TEXT NOT NULL REFERENCES models (id),
      month        TEXT NOT NULL,
      feature      TEXT NOT NULL,
      psi          REAL NOT NULL,
      movers_json  TEXT NOT NULL,
      PRIMARY KEY (model_id, month, feature)
    ) WITHOUT ROWID;
    CREATE TABLE monitor_new_categories (
      model_id     TEXT NOT NULL REFERENCES models (id),
      feature      TEXT NOT NULL,
      category     TEXT NOT NULL,
      vehicles     INTEGER NOT NULL,
      first_month  TEXT,
      PRIMARY KEY (model_id, feature, category)
    ) WITHOUT ROWID;
    CREATE TABLE monitor_reference (
      model_id        TEXT PRIMARY KEY REFERENCES models (id),
      rows            INTEGER NOT NULL,
      reference_json  TEXT NOT NULL
    );
  `,
};
