import type { Migration } from './types.js';

/**
 * Boundary layers (a GeoJSON file of areas, e.g. the ONS borough or ward boundaries) imported like the
 * LFB files: listed in the import log and undoable. `imports.kind` gains 'boundaries'; SQLite cannot
 * alter a CHECK constraint, so the table is rebuilt as SQLite documents it (a new table, the rows
 * copied, the old one dropped, the new one renamed), with foreign keys off while it runs and checked
 * before it commits (the runner does both: `rebuildsTables`). Columns keep their order, so existing
 * import ids, and every history row that points at one, are unchanged.
 *
 * A layer keeps its areas as JSON, already on the British National Grid: the maps draw them and mask
 * the cover grid with them; nothing queries inside them.
 */
export const migration006: Migration = {
  version: 6,
  name: 'boundaries',
  rebuildsTables: true,
  up: `
    CREATE TABLE imports_rebuilt (
      id              INTEGER PRIMARY KEY,
      file_name       TEXT NOT NULL,
      sha256          TEXT NOT NULL,
      kind            TEXT NOT NULL
                      CHECK (kind IN ('incidents', 'mobilisations', 'stations', 'weather', 'boundaries')),
      size_bytes      INTEGER NOT NULL,
      started_at      TEXT NOT NULL,
      finished_at     TEXT NOT NULL,
      rows_read       INTEGER NOT NULL,
      rows_imported   INTEGER NOT NULL,
      rows_duplicate  INTEGER NOT NULL,
      rows_rejected   INTEGER NOT NULL,
      report_json     TEXT NOT NULL,
      rows_changed    INTEGER NOT NULL DEFAULT 0,
      accept_partial  INTEGER NOT NULL DEFAULT 0,
      undone_at       TEXT
    );
    INSERT INTO imports_rebuilt SELECT * FROM imports;
    DROP TABLE imports;
    ALTER TABLE imports_rebuilt RENAME TO imports;
    CREATE INDEX imports_sha256 ON imports (sha256);

    CREATE TABLE boundary_layers (
      id          INTEGER PRIMARY KEY,
      import_id   INTEGER NOT NULL UNIQUE REFERENCES imports (id),
      name        TEXT NOT NULL,
      areas       INTEGER NOT NULL,
      areas_json  TEXT NOT NULL
    );
  `,
};
