import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase, schemaVersion } from '../../main/core/db/index.js';
import { migration001 } from '../../main/core/db/migrations/001_history.js';
import { migration002 } from '../../main/core/db/migrations/002_models.js';
import { migration003 } from '../../main/core/db/migrations/003_mobilisation_key.js';
import { migration004 } from '../../main/core/db/migrations/004_versions.js';
import { undoImport } from '../../main/core/ingest/history.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { buildGazetteer } from '../../main/core/places/gazetteer.js';
import { cliJson } from '../fixtures/cli.js';
import { readCsv, real, tempDir, writeCsv } from '../fixtures/lfb-files.js';

/**
 * Full postcodes from the real LFB sample: stored for non-dwellings only, placed exactly through the
 * CLI where the history knows them, at the district with a sentence where it does not, versioned by
 * corrections and undo, and added to a history written before the column existed.
 */
let dir: string;
let cleanup: () => void;
let dbPath: string;
const sampleFile = real('incidents-2023-sample.csv');
const sample = readCsv(sampleFile);
const col = (name: string) => sample.header.indexOf(name);
const POSTCODE = col('Postcode_full');
const CATEGORY = col('PropertyCategory');
const NUMBER = col('IncidentNumber');

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-postcode-'));
  dbPath = path.join(dir, 'history.sqlite');
  const db = openDatabase(dbPath);
  try {
    await importFile(db, sampleFile);
  } finally {
    db.close();
  }
});
afterAll(() => cleanup());

/** The median as the sample gives it, worked out here from the CSV rather than by the product. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Prediction {
  resolvedLocation: { easting: number; northing: number; description?: string };
}

describe('full postcodes', () => {
  it('are stored for non-dwellings only, as the sample gives them', () => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const withPostcode = sample.rows.filter((r) => r[POSTCODE]!.trim() !== '');
      expect(withPostcode.length).toBeGreaterThan(1000);
      expect(db.prepare('SELECT count(*) AS n FROM incidents WHERE postcode_full IS NOT NULL').get()).toEqual(
        { n: withPostcode.length },
      );
      expect(
        db
          .prepare(
            "SELECT count(*) AS n FROM incidents WHERE property_category = 'Dwelling' AND postcode_full IS NOT NULL",
          )
          .get(),
      ).toEqual({ n: 0 });
      const one = withPostcode[0]!;
      expect(
        db.prepare('SELECT postcode_full AS p FROM incidents WHERE incident_number = ?').get(one[NUMBER]),
      ).toEqual({ p: one[POSTCODE] });
    } finally {
      db.close();
    }
  });

  it('places a full postcode the history knows exactly, at the median of its incidents', async () => {
    const postcode = 'WC1E 6AS';
    const rows = sample.rows.filter((r) => r[POSTCODE] === postcode);
    expect(rows.length).toBe(10);
    const p = await cliJson<Prediction>(['predict', '--postcode', postcode, '--db', dbPath]);
    expect(p.resolvedLocation.easting).toBe(Math.round(median(rows.map((r) => Number(r[col('Easting_m')])))));
    expect(p.resolvedLocation.northing).toBe(
      Math.round(median(rows.map((r) => Number(r[col('Northing_m')])))),
    );
    expect(p.resolvedLocation.description).toBe(`postcode ${postcode} (from 10 incidents)`);
    // However it is typed.
    const loose = await cliJson<Prediction>(['predict', '--postcode', 'wc1e6as', '--db', dbPath]);
    expect(loose.resolvedLocation).toEqual(p.resolvedLocation);
  });

  it('places an unknown full postcode at its district and says so', async () => {
    expect(sample.rows.some((r) => r[POSTCODE] === 'WC1E 9ZZ')).toBe(false);
    const district = await cliJson<Prediction>(['predict', '--postcode', 'WC1E', '--db', dbPath]);
    const p = await cliJson<Prediction>(['predict', '--postcode', 'WC1E 9ZZ', '--db', dbPath]);
    expect(p.resolvedLocation.easting).toBe(district.resolvedLocation.easting);
    expect(p.resolvedLocation.northing).toBe(district.resolvedLocation.northing);
    expect(p.resolvedLocation.description).toBe(
      'postcode district WC1E (the history has no incidents at WC1E 9ZZ, so it is placed at its district)',
    );
  });

  it('never stores or places a dwelling’s postcode, even when a file carries one', async () => {
    const dwelling = sample.rows.find((r) => r[CATEGORY] === 'Dwelling' && r[POSTCODE] === '')!;
    const leaked = [...dwelling];
    leaked[NUMBER] = `${dwelling[NUMBER]}-X`;
    leaked[POSTCODE] = 'N1 9ZZ';
    const file = writeCsv(path.join(dir, 'dwelling.csv'), sample.header, [leaked]);
    const db = openDatabase(path.join(dir, 'dwelling.sqlite'));
    try {
      await importFile(db, file);
      expect(db.prepare('SELECT postcode_full AS p FROM incidents').all()).toEqual([{ p: null }]);
      expect(buildGazetteer(db).postcodes).toEqual({});
    } finally {
      db.close();
    }
  });

  it('counts a correction of only the full postcode as a change, and undo restores it', async () => {
    const db = openDatabase(path.join(dir, 'corrections.sqlite'));
    try {
      const first = await importFile(db, sampleFile);
      const at = sample.rows.findIndex((r) => r[POSTCODE] === 'SE28 0FJ');
      const corrected = sample.rows.map((r) => [...r]);
      corrected[at]![POSTCODE] = 'SE28 0FL';
      const file = writeCsv(path.join(dir, 'corrected.csv'), sample.header, corrected);
      const report = await importFile(db, file);
      expect(report).toMatchObject({ rowsImported: 0, rowsChanged: 1 });
      expect(report.changedFields).toEqual([{ field: 'postcode_full', rows: 1 }]);
      const stored = () =>
        db
          .prepare('SELECT postcode_full AS p, import_id AS i FROM incidents WHERE incident_number = ?')
          .get(sample.rows[at]![NUMBER]);
      expect(stored()).toEqual({ p: 'SE28 0FL', i: report.importId });
      expect(buildGazetteer(db).postcodes?.['SE28 0FL']?.incidents).toBe(1);
      undoImport(db, report.importId);
      expect(stored()).toEqual({ p: 'SE28 0FJ', i: first.importId });
      expect(buildGazetteer(db).postcodes?.['SE28 0FL']).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

describe('migration 005 (postcode_full)', () => {
  it('upgrades a version-4 history in place; re-importing fills the postcodes and undo empties them', async () => {
    const fresh = openDatabase(dbPath, { readonly: true });
    const rows = fresh.prepare('SELECT * FROM incidents ORDER BY incident_number').all() as Record<
      string,
      unknown
    >[];
    fresh.close();
    const v4Path = path.join(dir, 'v4.sqlite');
    const v4 = openDatabase(v4Path, { migrations: [migration001, migration002, migration003, migration004] });
    v4.exec(`INSERT INTO imports (id, file_name, sha256, kind, size_bytes, started_at, finished_at, rows_read,
               rows_imported, rows_duplicate, rows_rejected, report_json)
             VALUES (1, 'incidents-2023-sample.csv', 'abc', 'incidents', 1, 't', 't', 10000, 10000, 0, 0, '{}')`);
    const columns = Object.keys(rows[0]!).filter((c) => c !== 'postcode_full');
    const insert = v4.prepare(
      `INSERT INTO incidents (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    v4.transaction(() => {
      for (const r of rows) insert.run(...columns.map((c) => (c === 'import_id' ? 1 : r[c])));
    })();
    expect(schemaVersion(v4)).toBe(4);
    v4.close();

    const db = openDatabase(v4Path);
    try {
      expect(schemaVersion(db)).toBe(latestVersion());
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const before = db.prepare('SELECT * FROM incidents ORDER BY incident_number').all();
      expect(before).toEqual(rows.map((r) => ({ ...r, import_id: 1, postcode_full: null })));

      // The stored records lacked the full postcode, so the same file now changes exactly those rows.
      const withPostcode = sample.rows.filter((r) => r[POSTCODE]!.trim() !== '').length;
      const report = await importFile(db, sampleFile);
      expect(report).toMatchObject({ rowsImported: 0, rowsChanged: withPostcode });
      expect(report.changedFields).toEqual([{ field: 'postcode_full', rows: withPostcode }]);
      expect(db.prepare('SELECT * FROM incidents ORDER BY incident_number').all()).toEqual(
        rows.map((r) => ({ ...r, import_id: r.postcode_full === null ? 1 : report.importId })),
      );
      // The versions kept by the recreated trigger put every column back where it was.
      undoImport(db, report.importId);
      expect(db.prepare('SELECT * FROM incidents ORDER BY incident_number').all()).toEqual(before);
    } finally {
      db.close();
    }
  });
});
