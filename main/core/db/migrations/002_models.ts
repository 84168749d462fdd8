import type { Migration } from './types.js';

/**
 * The model registry and the audit trail. Model bytes live in content-addressed files beside the
 * database; a row points at its file by sha256. A partial unique index makes "two champions" a
 * constraint violation rather than a bug to hunt.
 */
export const migration002: Migration = {
  version: 2,
  name: 'models',
  up: `
    CREATE TABLE models (
      id            TEXT PRIMARY KEY,            -- first 12 hex digits of sha256
      sha256        TEXT NOT NULL UNIQUE,
      status        TEXT NOT NULL CHECK (status IN ('candidate', 'champion', 'retired')),
      is_demo       INTEGER NOT NULL DEFAULT 0,
      created_at    TEXT NOT NULL,
      created_by    TEXT NOT NULL,
      parent_id     TEXT REFERENCES models (id),
      trained_from  TEXT,
      trained_to    TEXT,
      rows          INTEGER NOT NULL DEFAULT 0,
      params_json   TEXT NOT NULL DEFAULT '{}',
      metrics_json  TEXT NOT NULL DEFAULT '{}',
      report_json   TEXT NOT NULL DEFAULT '{}',
      promoted_at   TEXT
    );
    CREATE UNIQUE INDEX models_one_champion ON models (status) WHERE status = 'champion';

    CREATE TABLE comparisons (
      id             INTEGER PRIMARY KEY,
      created_at     TEXT NOT NULL,
      champion_id    TEXT NOT NULL REFERENCES models (id),
      challenger_id  TEXT NOT NULL REFERENCES models (id),
      rows           INTEGER NOT NULL,
      promote        INTEGER NOT NULL,
      result_json    TEXT NOT NULL
    );

    CREATE TABLE model_events (
      id             INTEGER PRIMARY KEY,
      at             TEXT NOT NULL,
      action         TEXT NOT NULL CHECK (action IN ('register', 'promote', 'force-promote', 'refuse', 'rollback', 'fallback')),
      model_id       TEXT NOT NULL REFERENCES models (id),
      previous_id    TEXT REFERENCES models (id),
      comparison_id  INTEGER REFERENCES comparisons (id),
      user           TEXT NOT NULL,
      reason         TEXT NOT NULL
    );

    CREATE TABLE predictions (
      id           INTEGER PRIMARY KEY,
      at           TEXT NOT NULL,
      model_id     TEXT NOT NULL,
      kind         TEXT NOT NULL CHECK (kind IN ('predict', 'rank')),
      input_json   TEXT NOT NULL,
      output_json  TEXT NOT NULL
    );
    CREATE INDEX predictions_at ON predictions (at);
  `,
};
