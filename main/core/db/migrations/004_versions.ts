import type { Migration } from './types.js';

/**
 * Corrections and undo. A re-imported record whose content differs replaces the stored one (the newer
 * import wins); the version it replaces is copied to `<table>_prior` with the import that replaced it
 * (`replaced_by`), so undoing that import can put it back. A trigger does the copying: it fires only
 * when an import replaces a row, so a first import and an unchanged re-import never pay for it. The
 * prior tables take their columns from the tables as they are now (`SELECT *`): a later migration
 * that adds a column to a history table adds it to its prior table too.
 *
 * `imports` gains what undo and the report need: rows changed, whether the file was imported despite
 * failing the checks (`accept_partial`), and when it was undone (an undone import stays listed).
 */
function priorTable(table: string): string {
  return `
    CREATE TABLE ${table}_prior AS SELECT *, 0 AS replaced_by FROM ${table} WHERE 0;
    CREATE INDEX ${table}_prior_replaced_by ON ${table}_prior (replaced_by);
    CREATE INDEX ${table}_prior_import ON ${table}_prior (import_id);
    CREATE TRIGGER ${table}_keep_prior BEFORE UPDATE OF import_id ON ${table}
      WHEN old.import_id IS NOT new.import_id
    BEGIN
      INSERT INTO ${table}_prior SELECT *, new.import_id FROM ${table} WHERE rowid = old.rowid;
    END;
  `;
}

export const migration004: Migration = {
  version: 4,
  name: 'versions',
  up: `
    ALTER TABLE imports ADD COLUMN rows_changed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE imports ADD COLUMN accept_partial INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE imports ADD COLUMN undone_at TEXT;
    ${priorTable('incidents')}
    ${priorTable('mobilisations')}
    ${priorTable('stations')}
  `,
};
