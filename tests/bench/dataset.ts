/**
 * Training-table throughput from SQLite: `npx tsx tests/bench/dataset.ts [vehicles]` (default
 * 1,000,000) fills a temporary database with generated incidents (three vehicles each, as Mobilisation
 * rows) and times loading the rows, fitting the vocabularies and featurising.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../main/core/db/index.js';
import { buildFeatureColumns } from '../../main/core/features/build.js';
import { fitFeatureSpec } from '../../main/core/features/fit.js';
import { loadTrainingRows } from '../../main/core/training/dataset.js';
import { SCHOOL, STATIONS } from '../unit/features/helpers.js';

const VEHICLES_PER_INCIDENT = 3;

function requiredDefaults(
  db: ReturnType<typeof openDatabase>,
  table: string,
  given: string[],
): Record<string, unknown> {
  const info = db.prepare(`PRAGMA table_info(${table})`).all() as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: unknown;
    pk: number;
  }[];
  const out: Record<string, unknown> = {};
  for (const c of info) {
    if (c.notnull === 1 && c.dflt_value === null && c.pk === 0 && !given.includes(c.name)) {
      out[c.name] = /INT|REAL/i.test(c.type) ? 0 : '';
    }
  }
  return out;
}

function insertSql(table: string, names: string[]): string {
  return `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`;
}

export function benchDataset(vehicles: number): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-bench-'));
  const db = openDatabase(path.join(dir, 'history.sqlite'));
  try {
    db.prepare(
      `INSERT INTO imports (id, file_name, sha256, kind, size_bytes, started_at, finished_at, rows_read,
         rows_imported, rows_duplicate, rows_rejected, report_json) VALUES (1, 'bench', 'x', 'incidents', 0, '', '',
         0, 0, 0, 0, '{}')`,
    ).run();
    for (const s of STATIONS) {
      db.prepare(
        'INSERT INTO stations (code, name, easting, northing, import_id) VALUES (?, ?, ?, ?, 1)',
      ).run(s.code, s.name, s.easting, s.northing);
    }
    const incidentCols = {
      incident_number: '',
      call_at: 0,
      call_date_local: '2023-01-01',
      hour_of_call: 0,
      easting_rounded: 0,
      northing_rounded: 0,
      station_ground: '',
      borough_name: '',
      ward_name: '',
      postcode_district: '',
      incident_group: '',
      property_category: 'Dwelling',
      import_id: 1,
    };
    const mobCols = {
      dedupe_key: '',
      incident_number: '',
      mobilised_at: 0,
      attendance_seconds: 0,
      station_code: '',
      pump_order: 1,
      deployed_from_location: 'Home Station',
      import_id: 1,
    };
    const incExtra = requiredDefaults(db, 'incidents', Object.keys(incidentCols));
    const mobExtra = requiredDefaults(db, 'mobilisations', Object.keys(mobCols));
    const insertIncident = db.prepare(
      insertSql('incidents', [...Object.keys(incidentCols), ...Object.keys(incExtra)]),
    );
    const insertMob = db.prepare(
      insertSql('mobilisations', [...Object.keys(mobCols), ...Object.keys(mobExtra)]),
    );

    let seed = 5;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const started = performance.now();
    const incidents = Math.ceil(vehicles / VEHICLES_PER_INCIDENT);
    db.transaction(() => {
      for (let i = 0; i < incidents; i++) {
        const home = STATIONS[i % STATIONS.length]!;
        const e = Math.round(home.easting + (rnd() - 0.5) * 5000);
        const n = Math.round(home.northing + (rnd() - 0.5) * 5000);
        const number = `B${i}`;
        insertIncident.run({
          ...incidentCols,
          ...incExtra,
          incident_number: number,
          call_at: Date.UTC(2015, 0, 1) + Math.floor(rnd() * 9 * 365 * 86_400_000),
          easting_rounded: e,
          northing_rounded: n,
          station_ground: home.name,
          borough_name: `Borough ${i % 33}`,
          ward_name: `Ward ${i % 650}`,
          postcode_district: `D${i % 280}`,
          incident_group: ['Fire', 'False Alarm', 'Special Service'][i % 3],
        });
        for (let v = 0; v < VEHICLES_PER_INCIDENT; v++) {
          const s = STATIONS[(i + v) % STATIONS.length]!;
          insertMob.run({
            ...mobCols,
            ...mobExtra,
            dedupe_key: String(v),
            incident_number: number,
            attendance_seconds: Math.round(120 + Math.hypot(e - s.easting, n - s.northing) / 6 + rnd() * 60),
            station_code: s.code,
            pump_order: v + 1,
          });
        }
      }
    })();
    const fillMs = performance.now() - started;

    let t = performance.now();
    const rows = loadTrainingRows(db);
    const loadMs = performance.now() - t;
    t = performance.now();
    const spec = fitFeatureSpec(rows.inputs, rows.target, {
      stations: rows.stations,
      schoolHolidays: SCHOOL,
    });
    const fitMs = performance.now() - t;
    t = performance.now();
    buildFeatureColumns(spec, rows.inputs);
    const featuresMs = performance.now() - t;
    return { rows: rows.report.used, fillMs, loadMs, fitMs, featuresMs };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchDataset(Number(process.argv[2] ?? 1_000_000));
  console.log(
    `dataset: ${r.rows!.toLocaleString('en-GB')} rows; load ${r.loadMs!.toFixed(0)} ms, fit ${r.fitMs!.toFixed(0)} ms, ` +
      `featurise ${r.featuresMs!.toFixed(0)} ms (database fill ${r.fillMs!.toFixed(0)} ms)`,
  );
}
