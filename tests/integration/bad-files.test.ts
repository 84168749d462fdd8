/**
 * The bad-file corpus (tests/fixtures/bad-files.ts) against a history database that already holds the
 * real 2023 sample: every file is either refused by name, leaving the database exactly as it was, or
 * read with its bad rows rejected by reason — each within a bounded time, and the zip bomb and the
 * 10 MB cells within a bounded memory, measured in a process of their own.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../main/core/ingest/csv.js';
import { importFiles, type FileReport } from '../../main/core/ingest/index.js';
import type { LfbKind } from '../../main/core/lfb/columns.js';
import { detectHeader } from '../../main/core/lfb/detect.js';
import { incidentNormaliser } from '../../main/core/lfb/incidents.js';
import type { RejectReason } from '../../main/core/lfb/reasons.js';
import {
  BAD_FILES,
  INJECTION_VALUES,
  PROTO_KEYS,
  WIDE_XLSX_ROWS,
  writeBadFiles,
  type BadFileName,
} from '../fixtures/bad-files.js';
import { cli } from '../fixtures/cli.js';
import { databaseChecksum, integrityCheck, tableCounts } from '../fixtures/db-state.js';
import { real, REPO_ROOT, tempDir } from '../fixtures/lfb-files.js';
import type { ImportMeasure } from '../fixtures/measure-import.js';

/** Per file, worker start-up included: the real 10,000-row sample imports in about a second. */
const MAX_MS_PER_FILE = 10_000;
/** Resident-set growth while importing one hostile file (a bomb inflates to 2 GiB if let). */
const MAX_RSS_GROWTH_BYTES = 300 * 1024 * 1024;
const MEMORY_FILES: readonly BadFileName[] = [
  'zip-bomb.xlsx',
  'zip-bomb-lying-size.xlsx',
  'cell-10mb.csv',
  'cell-10mb.xlsx',
];

type Expectation =
  | { readonly refused: RegExp }
  | {
      readonly kind: LfbKind;
      /** Imported or already present. */
      readonly accepted: number;
      readonly rejected?: Partial<Record<RejectReason, number>>;
    };

const incidents = (accepted: number, rejected: Partial<Record<RejectReason, number>> = {}) =>
  ({ kind: 'incidents', accepted, rejected }) as const;

const EXPECTED: Record<BadFileName, Expectation> = {
  'zero-byte.csv': { refused: /^the file is empty$/ },
  'zero-byte.xlsx': { refused: /^the file is empty$/ },
  'truncated.xlsx': { refused: /truncated or damaged/ },
  'truncated-mid-row.csv': incidents(19, { bad_date: 1 }),
  'truncated-in-quote.csv': { refused: /^row 21 has a quoted field that is never closed$/ },
  'zip-bomb.xlsx': { refused: /sheet1\.xml would inflate .* to 2048\.0 MB .*a zip bomb/ },
  'zip-bomb-lying-size.xlsx': { refused: /sheet1\.xml inflates to more than the 48000 bytes .*zip bomb/ },
  'billion-laughs-sheet.xlsx': { refused: /worksheets\/sheet1\.xml declares a DOCTYPE/ },
  'billion-laughs-shared-strings.xlsx': { refused: /sharedStrings\.xml declares a DOCTYPE/ },
  'external-entity-sheet.xlsx': { refused: /worksheets\/sheet1\.xml declares a DOCTYPE/ },
  'external-entity-shared-strings.xlsx': { refused: /sharedStrings\.xml declares a DOCTYPE/ },
  'cell-10mb.csv': { refused: /^row 2 is longer than 4194304 characters/ },
  'cell-10mb.xlsx': { refused: /^row 2 is larger than 4194304 characters of XML$/ },
  'columns-16384.csv': incidents(20),
  'columns-16384.xlsx': incidents(WIDE_XLSX_ROWS),
  'column-beyond-xfd.xlsx': { refused: /^row 1 has a cell beyond column XFD/ },
  'formulas.xlsx': incidents(20),
  'formulas.csv': incidents(20),
  'csv-injection.csv': incidents(16, { bad_number: 4 }),
  'csv-injection-mobilisations.csv': { kind: 'mobilisations', accepted: 20 },
  'utf16le-bom.csv': { refused: /^the file is UTF-16 text: save it as "CSV UTF-8" or \.xlsx$/ },
  'utf16be-bom.csv': { refused: /^the file is UTF-16 text/ },
  'utf16le-no-bom.csv': { refused: /^the file holds binary data, not CSV text or an \.xlsx workbook$/ },
  'latin1-pound.csv': incidents(20),
  'utf8-bom.csv': incidents(20),
  // Every row refused, none stored: the header's kind is taken at its word, the rows do not fit it.
  'swapped-headers-incident-over-mobilisation.csv': incidents(0, { bad_date: 20 }),
  'swapped-headers-mobilisation-over-incident.csv': {
    kind: 'mobilisations',
    accepted: 0,
    rejected: { bad_date: 20 },
  },
  'dates-wrong-century.csv': incidents(16, { bad_date: 4 }),
  'times-negative-absurd.csv': incidents(11, {
    negative_time: 2,
    absurd_time: 4,
    bad_number: 1,
    bad_date: 2,
  }),
  'times-negative-absurd-mobilisations.csv': {
    kind: 'mobilisations',
    accepted: 15,
    rejected: { negative_time: 2, absurd_time: 2, arrival_before_mobilisation: 1 },
  },
  'proto-keys.csv': incidents(20),
  'proto-keys.xlsx': incidents(20),
  'png-renamed.xlsx': { refused: /^the file is a PNG image, not a spreadsheet$/ },
  'header-only.csv': incidents(0),
  'ragged-rows.csv': incidents(19, { bad_date: 1 }),
  'cr-only-line-endings.csv': incidents(20),
};

/** The expected problem, unanchored, to find inside a longer message. */
const refusal = (name: BadFileName) =>
  new RegExp((EXPECTED[name] as { refused: RegExp }).refused.source.replace(/^\^|\$$/g, ''));

const REFUSED = BAD_FILES.filter((n) => 'refused' in EXPECTED[n]);
const READABLE = BAD_FILES.filter((n) => !('refused' in EXPECTED[n]));
const run = promisify(execFile);
type Db = Database.Database;

let dir: string;
let cleanup: () => void;
let files: Record<BadFileName, string>;
/** The real 2023 sample, imported once into a self-contained file (no WAL); each test works on a copy. */
let baseDb: string;
let baseChecksum: string;
let copies = 0;

function copyOfBase(): string {
  const copy = path.join(dir, `history-${++copies}.sqlite`);
  fs.copyFileSync(baseDb, copy);
  return copy;
}

/** Imports in one importFiles call, timing each file from the worker's per-file log line. */
async function importTimed(dbPath: string, names: readonly BadFileName[], acceptPartial = false) {
  const times: number[] = [];
  let last = performance.now();
  const result = await importFiles(
    dbPath,
    names.map((n) => files[n]),
    {
      acceptPartial,
      onLog: () => {
        const now = performance.now();
        times.push(now - last);
        last = now;
      },
    },
  );
  return { result, times };
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-bad-files-'));
  const corpus = path.join(dir, 'corpus');
  fs.mkdirSync(corpus);
  files = writeBadFiles(corpus);
  const seededDb = path.join(dir, 'seeded.sqlite');
  const seeded = await importFiles(seededDb, [real('incidents-2023-sample.csv'), real('stations.csv')]);
  expect(seeded.errors).toEqual([]);
  // importFiles can settle while its worker is still closing the database, with rows in the WAL: a
  // plain file copy could miss them. VACUUM INTO writes a consistent, self-contained snapshot.
  baseDb = path.join(dir, 'base.sqlite');
  const conn = new Database(seededDb, { readonly: true });
  try {
    conn.prepare('VACUUM INTO ?').run(baseDb);
  } finally {
    conn.close();
  }
  baseChecksum = databaseChecksum(baseDb);
  expect(tableCounts(baseDb)).toMatchObject({ incidents: 10_000, stations: 103 });
});
afterAll(() => cleanup());

describe('the bad-file corpus', () => {
  it('has an expected outcome for every file, generated small where it claims to be', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...BAD_FILES].sort());
    expect(REFUSED.length + READABLE.length).toBe(BAD_FILES.length);
    // The bomb is small on disk: the harm is in what it inflates to.
    expect(fs.statSync(files['zip-bomb.xlsx']).size).toBeLessThan(4 * 1024 * 1024);
    expect(fs.statSync(files['cell-10mb.csv']).size).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('refuses each unreadable or hostile file by name and problem, changing nothing', async () => {
    const db = copyOfBase();
    const { result, times } = await importTimed(db, REFUSED);
    expect(result.files).toEqual([]);
    expect(result.errors.map((e) => e.file)).toEqual(REFUSED.map((n) => files[n]));
    for (const [i, name] of REFUSED.entries()) {
      const error = result.errors[i]!;
      const expected = EXPECTED[name] as { refused: RegExp };
      expect(error.message, name).toBe(`${files[name]}: ${error.problem}`);
      expect(error.problem, name).toMatch(expected.refused);
      expect(error.problem, name).not.toMatch(/\n|\s+at\s/);
    }
    expect(times).toHaveLength(REFUSED.length);
    for (const [i, ms] of times.entries()) expect(ms, REFUSED[i]).toBeLessThan(MAX_MS_PER_FILE);
    expect(databaseChecksum(db)).toBe(baseChecksum);
    expect(integrityCheck(db)).toBe('ok');
  });

  it('refuses damaged files with more than 5 % of their rows rejected, unless accepted as partial', async () => {
    const db = copyOfBase();
    const { result } = await importTimed(db, READABLE);
    const overShare = READABLE.filter((n) => {
      const e = EXPECTED[n] as Exclude<Expectation, { refused: RegExp }>;
      const rejected = Object.values(e.rejected ?? {}).reduce((a, b) => a + b, 0);
      return rejected / (rejected + e.accepted) > 0.05;
    });
    expect(overShare.length).toBeGreaterThan(3);
    expect(result.errors.map((e) => e.file).sort()).toEqual(overShare.map((n) => files[n]).sort());
    for (const e of result.errors) {
      expect(e.acceptable, e.file).toBe('rejected_share');
      expect(e.problem, e.file).toMatch(
        /^\d+ of \d+ rows \([\d.]+ %\) were rejected, more than 5 % \(e\.g\. row \d+: /,
      );
    }
    expect(result.files.map((f) => f.file).sort()).toEqual(
      READABLE.filter((n) => !overShare.includes(n))
        .map((n) => files[n])
        .sort(),
    );
  });

  it('reads damaged but usable files, rejecting bad rows by reason and storing only good ones', async () => {
    const db = copyOfBase();
    const before = tableCounts(db);
    const { result, times } = await importTimed(db, READABLE, true);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    const reports = new Map<BadFileName, FileReport>(READABLE.map((n, i) => [n, result.files[i]!]));
    for (const name of READABLE) {
      const report = reports.get(name)!;
      const expected = EXPECTED[name] as Exclude<Expectation, { refused: RegExp }>;
      const rejected = expected.rejected ?? {};
      const rejectedTotal = Object.values(rejected).reduce((a, b) => a + b, 0);
      expect(report.file, name).toBe(files[name]);
      expect(report.kind, name).toBe(expected.kind);
      // Accepted rows are new, corrections of a stored record (the files share incident numbers),
      // or already stored unchanged.
      expect(report.rowsImported + report.rowsChanged + report.rowsDuplicate, name).toBe(expected.accepted);
      expect(report.rejected, name).toEqual(rejected);
      expect(report.rowsRead, name).toBe(expected.accepted + rejectedTotal);
      // Each rejection reason shows where and why, with the value cut short.
      for (const example of report.examples) {
        expect(example.row, name).toBeGreaterThan(1);
        expect(example.message, name).toMatch(/\w/);
        expect(example.value.length, name).toBeLessThanOrEqual(200);
      }
    }
    for (const [i, ms] of times.entries()) expect(ms, READABLE[i]).toBeLessThan(MAX_MS_PER_FILE);

    const after = tableCounts(db);
    const imported = (kind: LfbKind) =>
      [...reports.values()].filter((r) => r.kind === kind).reduce((n, r) => n + r.rowsImported, 0);
    expect(after.incidents).toBe(before.incidents! + imported('incidents'));
    expect(after.mobilisations).toBe(before.mobilisations! + imported('mobilisations'));
    expect(after.imports).toBe(before.imports! + READABLE.length);
    expect(integrityCheck(db)).toBe('ok');

    expect(reports.get('columns-16384.xlsx')!.notes[0]).toMatch(/^16351 column\(s\) not stored/);
    expect(reports.get('cr-only-line-endings.csv')!.notes).toEqual(reports.get('utf8-bom.csv')!.notes);
    expect(reports.get('truncated-mid-row.csv')!.examples).toEqual([
      expect.objectContaining({ reason: 'bad_date', row: 21, value: '01 Ja (blank)' }),
    ]);
    expect(reports.get('header-only.csv')!.rowsRead).toBe(0);
  });

  it('stores what a formula showed and text as text; prototype keys are plain keys', async () => {
    // One database each: the files share the 2009 incident numbers, and a repeat is not stored again.
    const names = ['formulas.xlsx', 'formulas.csv', 'latin1-pound.csv', 'proto-keys.csv'] as const;
    const dbs = await Promise.all(
      names.map(async (name) => {
        const db = copyOfBase();
        expect((await importFiles(db, [files[name]])).errors).toEqual([]);
        return new Database(db, { readonly: true });
      }),
    );
    const [xlsx, csv, latin, proto] = dbs as [Db, Db, Db, Db];
    try {
      const groupOf = (db: Db, incident: string) =>
        (
          db.prepare(`SELECT incident_group AS g FROM incidents WHERE incident_number = ?`).get(incident) as
            { g: string | null } | undefined
        )?.g;
      // The workbook's formula cells: their cached results, never the formula; an error value is blank.
      expect(groupOf(xlsx, '235138081')).toBe('Click');
      expect(groupOf(xlsx, '1091')).toBeNull();
      expect(groupOf(xlsx, "=cmd|' /C calc'!A0")).toBeDefined();
      // The CSV's formulas are text as typed: data, never evaluated (the CSV export must escape them).
      const typed = csv
        .prepare(
          `SELECT incident_group AS g FROM incidents WHERE incident_number IN (SELECT incident_number
                    FROM incidents ORDER BY import_id DESC LIMIT 20)`,
        )
        .all() as { g: string | null }[];
      for (const v of INJECTION_VALUES) expect(typed.map((r) => r.g)).toContain(v);
      // Latin-1: the header still maps (£ is not part of the key); the bytes become U+FFFD.
      expect(
        latin
          .prepare(
            `SELECT station_ground AS s, notional_cost AS c FROM incidents WHERE incident_number = '235138081'`,
          )
          .get(),
      ).toEqual({ s: 'Caf\uFFFD Royal \uFFFD', c: 255 });
      const keys = proto
        .prepare(`SELECT incident_number AS n FROM incidents WHERE incident_number IN (?, ?, ?) ORDER BY 1`)
        .all(...PROTO_KEYS) as { n: string }[];
      expect(keys.map((r) => r.n)).toEqual([...PROTO_KEYS].sort());
    } finally {
      for (const db of dbs) db.close();
    }
  });

  it('reads __proto__, constructor and prototype as keys and headers without touching Object.prototype', () => {
    const rows: string[][] = [];
    const tokenizer = new CsvTokenizer((cells) => rows.push(cells));
    tokenizer.push(fs.readFileSync(files['proto-keys.csv'], 'utf8'));
    tokenizer.end();
    const detection = detectHeader(rows[0]!);
    if (detection.status !== 'match' || detection.header.kind !== 'incidents') throw new Error('no header');
    const normalise = incidentNormaliser(detection.header.columns);
    const normalised = rows.slice(1, 4).map((r) => normalise(r) as { incident_number: string });
    expect(normalised.map((r) => r.incident_number)).toEqual([...PROTO_KEYS]);
    for (const r of normalised) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(detection.header.notes[0]).toMatch(/__proto__, constructor, prototype/);
  });

  it.concurrent(
    'stays within time and memory bounds on the zip bombs and 10 MB cells (own process)',
    async ({ expect }) => {
      const db = copyOfBase();
      const { stdout } = await run(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          'tests/fixtures/measure-import.ts',
          db,
          ...MEMORY_FILES.map((n) => files[n]),
        ],
        { cwd: REPO_ROOT, maxBuffer: 1024 * 1024 },
      );
      const measures = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ImportMeasure);
      expect(measures.map((m) => m.file)).toEqual(MEMORY_FILES.map((n) => files[n]));
      for (const [i, m] of measures.entries()) {
        const name = MEMORY_FILES[i]!;
        expect(m.errors, name).toHaveLength(1);
        expect(m.errors[0], name).toMatch(refusal(name));
        expect(m.rowsImported, name).toBe(0);
        expect(m.ms, name).toBeLessThan(MAX_MS_PER_FILE);
        expect(m.rssGrowthBytes, name).toBeLessThan(MAX_RSS_GROWTH_BYTES);
      }
      console.info(
        'bad files, own process:',
        measures
          .map(
            (m, i) =>
              `${MEMORY_FILES[i]} ${m.ms.toFixed(0)} ms +${(m.rssGrowthBytes / 2 ** 20).toFixed(0)} MB`,
          )
          .join('; '),
      );
      expect(databaseChecksum(db)).toBe(baseChecksum);
    },
  );
});

describe('the corpus through the CLI', () => {
  it.concurrent(
    'pump-eta import names each refused file on one stderr line, exits 1 and changes nothing',
    async ({ expect }) => {
      const db = copyOfBase();
      const names: BadFileName[] = [
        'png-renamed.xlsx',
        'zip-bomb.xlsx',
        'external-entity-sheet.xlsx',
        'utf16le-bom.csv',
      ];
      const r = await cli(['import', ...names.map((n) => files[n]), '--db', db]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^pump-eta import: 4 files could not be imported: /);
      for (const n of names) {
        expect(lines[0]).toContain(`${files[n]}: `);
        expect(lines[0]).toMatch(refusal(n));
      }
      expect(databaseChecksum(db)).toBe(baseChecksum);
    },
  );

  it.concurrent(
    'pump-eta predict --output never writes a value that a spreadsheet would run as a formula',
    async ({ expect }) => {
      const db = copyOfBase();
      const output = path.join(dir, 'predictions.csv');
      const r = await cli(['predict', '--db', db, '--input', files['csv-injection.csv'], '--output', output]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = parse(fs.readFileSync(output), { relax_column_count: true }) as string[][];
      const fields = lines.slice(1).flat();
      expect(lines.length).toBeGreaterThan(10);
      for (const field of fields) {
        // A negative number we computed is a number; any other text starting like a formula is not allowed.
        if (/^-?\d+(\.\d+)?$/.test(field)) continue;
        expect(field).not.toMatch(/^[=+\-@\t\r]/);
      }
      const incidentNumbers = new Set(lines.slice(1).map((l) => l[0]!));
      for (const v of INJECTION_VALUES.filter((x) => x !== '+cmd'))
        expect(incidentNumbers).toContain(`'${v}`);
    },
  );
});
