import type { Migration } from './types.js';

/**
 * The fleet. A follower puts a published model in service with its own action, 'follow', so the model
 * history says which champions came from the shared folder; SQLite cannot alter the CHECK constraint,
 * so model_events is rebuilt as SQLite documents it (columns in the same order, ids kept).
 *
 * model_origins: where a followed model came from (the publication's number, the hash of its manifest
 * file, who published it and when). fleet_log: every look at the shared folder and every publication
 * that changed something or was refused, with the sentence shown — the follower's record of what it
 * refused and why.
 */
export const migration009: Migration = {
  version: 9,
  name: 'fleet',
  rebuildsTables: true,
  up: `
    CREATE TABLE model_events_rebuilt (
      id             INTEGER PRIMARY KEY,
      at             TEXT NOT NULL,
      action         TEXT NOT NULL CHECK (action IN ('register', 'promote', 'force-promote', 'refuse', 'rollback',
                                                     'fallback', 'follow')),
      model_id       TEXT NOT NULL REFERENCES models (id),
      previous_id    TEXT REFERENCES models (id),
      comparison_id  INTEGER REFERENCES comparisons (id),
      user           TEXT NOT NULL,
      reason         TEXT NOT NULL
    );
    INSERT INTO model_events_rebuilt SELECT * FROM model_events;
    DROP TABLE model_events;
    ALTER TABLE model_events_rebuilt RENAME TO model_events;

    CREATE TABLE model_origins (
      model_id         TEXT PRIMARY KEY REFERENCES models (id),
      sequence         INTEGER NOT NULL,
      manifest_sha256  TEXT NOT NULL,
      published_at     TEXT NOT NULL,
      published_by     TEXT NOT NULL,
      published_user   TEXT NOT NULL,
      key_fingerprint  TEXT NOT NULL,
      followed_at      TEXT NOT NULL
    );

    CREATE TABLE fleet_log (
      id               INTEGER PRIMARY KEY,
      at               TEXT NOT NULL,
      outcome          TEXT NOT NULL,
      sequence         INTEGER,
      model_id         TEXT,
      manifest_sha256  TEXT,
      message          TEXT NOT NULL
    );
    CREATE INDEX fleet_log_outcome ON fleet_log (outcome, sequence);
  `,
};
