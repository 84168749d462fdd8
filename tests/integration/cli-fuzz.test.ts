/**
 * Every CLI command fed invalid flags and values: unknown flags, missing values, NaN, huge numbers,
 * coordinates outside London, malformed ISO times, unknown model ids, missing files, folders named as
 * files. Each must exit non-zero with one line on stderr naming the problem, no stack trace, and leave
 * the database as it was. Most run in-process through runCli (what bin/pump-eta.mjs calls); two
 * run as a user would, in a child process, to show nothing escapes as an uncaught error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { cli } from '../fixtures/cli.js';
import { databaseChecksum, integrityCheck } from '../fixtures/db-state.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

interface CliCase {
  readonly argv: readonly string[];
  /** What the one stderr line must say. */
  readonly problem: RegExp;
}

let dir: string;
let cleanup: () => void;
let db: string;
let folder: string;
let textFile: string;
let output: string;
const incidentsCsv = real('incidents-2009-first20.csv');
const AT = ['--easting', '530450', '--northing', '179050'];
const LONG = 'x'.repeat(300);

/** Built once the temp paths exist. `DB` in argv is the test database. */
function cases(): CliCase[] {
  const c = (problem: RegExp, ...argv: string[]): CliCase => ({ argv, problem });
  return [
    c(/unknown command 'frobnicate'/, 'frobnicate'),
    c(/unknown command '--db'/, '--db', db),

    c(/import: name at least one file/, 'import'),
    c(/Unknown option '--bogus'/, 'import', '--bogus', incidentsCsv),
    c(/Option '--db <value>' argument missing/, 'import', incidentsCsv, '--db'),
    c(/Option '--json' does not take an argument/, 'import', incidentsCsv, '--json=yes'),
    c(/database .* is a folder, not a file/, 'import', incidentsCsv, '--db', folder),
    c(
      /2 files could not be imported: \/nonexistent\/x\.csv: no such file; .*: not a file/,
      'import',
      '/nonexistent/x.csv',
      folder,
    ),

    c(/Unknown option '--verbose'/, 'stats', '--verbose'),
    c(/Unexpected argument 'extra'/, 'stats', 'extra'),
    c(/database .* is a folder, not a file/, 'stats', '--db', folder),
    c(/is not a Pump ETA database \(not an SQLite file\)/, 'stats', '--db', textFile),

    c(/--out DIR is required/, 'synth'),
    c(/Option '--out <value>' argument missing/, 'synth', '--out'),
    c(/--mobilisations must be a whole number, got 'NaN'/, 'synth', '--out', dir, '--mobilisations', 'NaN'),
    c(/--mobilisations must be between 1 and \d+, got -5/, 'synth', '--out', dir, '--mobilisations=-5'),
    c(/--mobilisations must be a whole number, got '1e99'/, 'synth', '--out', dir, '--mobilisations', '1e99'),
    c(/--mobilisations must be between/, 'synth', '--out', dir, '--mobilisations', '99999999999999999999'),
    c(/--format must be xlsx or csv, got 'pdf'/, 'synth', '--out', dir, '--format', 'pdf'),
    c(/--start-date must be YYYY-MM-DD, got 'yesterday'/, 'synth', '--out', dir, '--start-date', 'yesterday'),
    c(/--months must be between 1 and 1200, got 0/, 'synth', '--out', dir, '--months', '0'),

    c(/--seed must be a whole number, got 'NaN'/, 'train', '--seed', 'NaN'),
    c(/--seed must be between 0 and 2147483647, got -1/, 'train', '--seed=-1'),
    c(/--seed must be a whole number, got '1e99'/, 'train', '--seed', '1e99'),
    c(/--seed must be between 0 and 2147483647, got 99999999999/, 'train', '--seed', '99999999999'),
    c(/--trees must be between 1 and 10000, got 0/, 'train', '--trees', '0'),
    c(/--trees must be a whole number, got 'many'/, 'train', '--trees', 'many'),
    c(/Unknown option '--epochs'/, 'train', '--epochs', '3'),

    c(/evaluate needs --data FILE/, 'evaluate'),
    c(/Option '--data <value>' argument missing/, 'evaluate', '--data'),
    c(/\/nonexistent\/x\.csv: no such file/, 'evaluate', '--data', '/nonexistent/x.csv'),
    c(/No model 'no-such-model'/, 'evaluate', '--model', 'no-such-model', '--data', incidentsCsv),
    c(
      /No model '\/nonexistent\/model\.onnx'/,
      'evaluate',
      '--model',
      '/nonexistent/model.onnx',
      '--data',
      incidentsCsv,
    ),

    c(/say where the incident is/, 'predict'),
    c(/--easting must be a number, got 'abc'/, 'predict', '--easting', 'abc', '--northing', '179050'),
    c(/--easting must be a number, got 'NaN'/, 'predict', '--easting', 'NaN', '--northing', '179050'),
    c(
      /--northing must be a number, got 'Infinity'/,
      'predict',
      '--easting',
      '530450',
      '--northing',
      'Infinity',
    ),
    c(/--easting must be a number, got '1e999'/, 'predict', '--easting', '1e999', '--northing', '179050'),
    c(/--easting must be a number, got ''/, 'predict', '--easting', '', '--northing', '179050'),
    c(/give both --easting and --northing/, 'predict', '--easting', '530450'),
    c(/Option '--northing <value>' argument missing/, 'predict', '--easting', '530450', '--northing'),
    c(
      /--easting must be between 498500 and 567000 \(British National Grid metres, Greater London\), got 0/,
      'predict',
      '--easting',
      '0',
      '--northing',
      '0',
    ),
    c(/--easting must be between .*, got -530450/, 'predict', '--easting=-530450', '--northing', '179050'),
    c(
      /--northing must be between 150800 and 206000 .*, got -0\.1/,
      'predict',
      '--easting',
      '530450',
      '--northing',
      '-0.1',
    ),
    c(
      /--easting must be between .*, got 1000000000000/,
      'predict',
      '--easting',
      '1e12',
      '--northing',
      '1e12',
    ),
    c(/location\.value: postcode district must not be empty/, 'predict', '--postcode', ''),
    c(/location\.value: ward is too long/, 'predict', '--ward', LONG),
    c(/location: unknown ward 'Atlantis'/, 'predict', '--ward', 'Atlantis'),
    c(
      /callTime: callTime 'yesterday' is not a date and time: write it as/,
      'predict',
      ...AT,
      '--time',
      'yesterday',
    ),
    c(
      /callTime: callTime '2024-13-01T00:00:00Z' has no such date/,
      'predict',
      ...AT,
      '--time',
      '2024-13-01T00:00:00Z',
    ),
    c(
      /callTime: callTime '2024-02-30T10:00:00Z' has no such date/,
      'predict',
      ...AT,
      '--time',
      '2024-02-30T10:00:00Z',
    ),
    c(/callTime: 2025-10-26 01:30 happens twice in London/, 'predict', ...AT, '--time', '2025-10-26T01:30'),
    c(/callTime: 2025-03-30 01:30 does not exist in London/, 'predict', ...AT, '--time', '2025-03-30T01:30'),
    c(/callTime: callTime '17:30Z': an offset needs a date too/, 'predict', ...AT, '--time', '17:30Z'),
    c(/--pump-order must be between 1 and 20, got -1/, 'predict', ...AT, '--pump-order', '-1'),
    c(
      /propertyCategory: unknown property category 'Nonsense'\. Known values: Aircraft, Boat, Dwelling, /,
      'predict',
      ...AT,
      '--property-category',
      'Nonsense',
    ),
    c(
      /incidentGroup: the stop code 'AFA' is a False Alarm stop code, but the incident group given is 'Fire': correct one of them/,
      'predict',
      ...AT,
      '--incident-group',
      'Fire',
      '--stop-code',
      'AFA',
    ),
    c(
      /stopCode: unknown stop code 'Primery Fire' — did you mean 'Primary Fire'/,
      'rank',
      ...AT,
      '--stop-code',
      'Primery Fire',
    ),
    c(/--pump-order must be between 1 and 20, got 0/, 'predict', ...AT, '--pump-order', '0'),
    c(/--pump-order must be between 1 and 20, got -1/, 'predict', ...AT, '--pump-order=-1'),
    c(/--pump-order must be between 1 and 20, got 21/, 'predict', ...AT, '--pump-order', '21'),
    c(/--pump-order must be a whole number, got '1\.5'/, 'predict', ...AT, '--pump-order', '1.5'),
    c(/--pump-order must be a whole number, got 'NaN'/, 'predict', ...AT, '--pump-order', 'NaN'),
    c(/--pump-order must be a whole number, got '1e99'/, 'predict', ...AT, '--pump-order', '1e99'),
    c(/station: unknown station 'Atlantis'/, 'predict', ...AT, '--station', 'Atlantis'),
    c(/incident group is too long/, 'predict', ...AT, '--incident-group', LONG),
    c(/Unknown option '--bogus'/, 'predict', ...AT, '--bogus'),
    c(/--model applies to batch prediction/, 'predict', ...AT, '--model', 'abc'),
    c(/batch prediction needs both --input FILE and --output FILE\.csv/, 'predict', '--input', incidentsCsv),
    c(
      /No model 'no-such-model'/,
      'predict',
      '--model',
      'no-such-model',
      '--input',
      incidentsCsv,
      '--output',
      output,
    ),
    c(/\/nonexistent\/x\.csv: no such file/, 'predict', '--input', '/nonexistent/x.csv', '--output', output),
    c(
      /--output: EISDIR: illegal operation on a directory/,
      'predict',
      '--input',
      incidentsCsv,
      '--output',
      folder,
    ),

    c(/say where the incident is/, 'rank'),
    c(/--limit must be between 1 and 1000, got 0/, 'rank', ...AT, '--limit', '0'),
    c(/--limit must be a whole number, got 'NaN'/, 'rank', ...AT, '--limit', 'NaN', '--json'),
    c(/--limit must be between 1 and 1000, got 1001/, 'rank', ...AT, '--limit', '1001'),
    c(/callTime: callTime 'garbage' is not a date and time/, 'rank', ...AT, '--time', 'garbage'),
    c(/--easting must be between .*, got 1000000000000/, 'rank', '--easting', '1e12', '--northing', '0'),
    c(/give --all or --limit N, not both/, 'rank', ...AT, '--all', '--limit', '5'),
    c(/--pump-order must be between 1 and 20, got 0/, 'rank', ...AT, '--pump-order', '0'),
    c(/--pump-order must be a whole number, got '2nd'/, 'rank', ...AT, '--pump-order', '2nd'),
    c(/Unknown option '--station'/, 'rank', ...AT, '--station', 'Lambeth'),

    c(/Unexpected argument 'extra'/, 'models', 'extra'),
    c(/Option '--json' does not take an argument/, 'models', '--json=1'),
    c(/is not a Pump ETA database/, 'models', '--db', textFile),
    c(/No model 'no-such-model'/, 'compare', 'no-such-model'),
    c(/no candidate model to compare/, 'compare'),
    c(/give the model id to promote/, 'promote'),
    c(/No model 'no-such-model'/, 'promote', 'no-such-model'),
    c(/Option '--force' does not take an argument/, 'promote', 'abc', '--force=yes'),
    c(/No model 'no-such-model'/, 'rollback', 'no-such-model'),
    c(/there is no earlier trained model to roll back to: the demo model is in service/, 'rollback'),

    c(/the only subcommand is 'create'/, 'keys'),
    c(/the only subcommand is 'create'/, 'keys', 'delete', '--out', output),
    c(/keys create: give --out FILE/, 'keys', 'create'),
    c(/already exists: a key is never overwritten/, 'keys', 'create', '--out', textFile),
    c(/publish: give --folder DIR/, 'publish'),
    c(/publish: give --key FILE/, 'publish', '--folder', folder),
    c(/is not a PEM private key/, 'publish', '--folder', folder, '--key', textFile),
    c(/give at most one model id/, 'publish', 'a', 'b'),
    c(/sync: give --folder DIR/, 'sync'),
    c(/sync: give --public-key FILE/, 'sync', '--folder', folder),
    c(/Unknown option '--key'/, 'sync', '--folder', folder, '--key', textFile),
    c(/--role must be one of off, publish, follow, got 'boss'/, 'settings', '--role', 'boss'),
    c(/--check-minutes must be between 1 and 60, got 0/, 'settings', '--check-minutes', '0'),
    c(/--retention-days must be a whole number, got 'NaN'/, 'settings', '--retention-days', 'NaN'),
    c(/--publish-on-promote must be true or false, got 'maybe'/, 'settings', '--publish-on-promote', 'maybe'),
    c(
      /^pump-eta settings: Settings not saved: The shared folder .* does not exist.*\(Settings › Fleet\)\.$/,
      'settings',
      '--folder',
      '/nonexistent/share',
    ),
    c(
      /^pump-eta settings: Settings not saved: To follow .*: the public key file is not set \(Settings › Fleet\)\.$/,
      'settings',
      '--role',
      'follow',
      '--folder',
      folder,
    ),
    c(
      /^pump-eta settings: Settings not saved: The public key file .* is not a PEM public key/,
      'settings',
      '--role',
      'follow',
      '--folder',
      folder,
      '--public-key',
      textFile,
    ),
  ];
}

/**
 * Two run as a user runs them (each child boots the TypeScript sources, seconds on a busy machine): a
 * refusal at parsing, and a refusal after the work that ended the process with a stack trace before.
 */
const CHILD_CASES = (): CliCase[] => [
  {
    argv: ['predict', '--db', db, '--easting', 'abc', '--northing', '1'],
    problem: /--easting must be a number/,
  },
  {
    argv: ['predict', '--db', db, '--input', incidentsCsv, '--output', '/nonexistent/dir/out.csv'],
    problem: /--output: ENOENT: no such file or directory, open '\/nonexistent\/dir\/out\.csv'/,
  },
];

/** What is wrong with a refused command's outcome, or null if it is as it must be. */
function checkRefusal(c: CliCase, code: number, stdout: string, stderr: string): string | null {
  const where = `pump-eta ${c.argv.map((a) => (a.length > 40 ? `${a.slice(0, 10)}…` : a)).join(' ')}`;
  const lines = stderr.split('\n');
  if (code === 0) return `${where}: exit 0`;
  if (stdout !== '') return `${where}: wrote to stdout: ${stdout.slice(0, 200)}`;
  if (lines.length !== 2 || lines[1] !== '') return `${where}: not one stderr line: ${stderr.slice(0, 500)}`;
  if (/^\s+at |node:internal|\[object /m.test(stderr)) return `${where}: a stack trace: ${stderr}`;
  if (!/^pump-eta[ :]/.test(lines[0]!) || !c.problem.test(lines[0]!)) {
    return `${where}: expected ${c.problem}, got: ${lines[0]}`;
  }
  // Said in words, once: no command name twice ("audit: audit:"), no setting's key ("fleet.folder:").
  if (/^pump-eta (\S+): \1:/.test(lines[0]!) || /\bfleet\.\w+:/.test(lines[0]!)) {
    return `${where}: internal names or a doubled prefix in: ${lines[0]}`;
  }
  return null;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-cli-fuzz-'));
  db = path.join(dir, 'history.sqlite');
  folder = path.join(dir, 'a-folder');
  fs.mkdirSync(folder);
  textFile = path.join(dir, 'notes.txt');
  fs.writeFileSync(textFile, 'not a database\n');
  output = path.join(dir, 'out.csv');
  const seeded = await importFiles(db, [
    incidentsCsv,
    real('mobilisations-2009-first20.csv'),
    real('stations.csv'),
  ]);
  expect(seeded.errors).toEqual([]);
  // The first command to open the database installs the demo model; later ones only read it.
  let err = '';
  const code = await runCli(['models', '--db', db], { stdout: () => {}, stderr: (t) => (err += t), env: {} });
  expect(err).toBe('');
  expect(code).toBe(0);
});
afterAll(() => cleanup());

describe('CLI fuzzing', () => {
  it('refuses every invalid command line with one clear stderr line and a non-zero exit', async () => {
    const all = cases();
    const before = databaseChecksum(db);
    // Nothing may resolve to the user's own database: every path the CLI could default to is here.
    const env = { PUMP_ETA_DB: db, PUMP_ETA_HOME: dir };
    const failures: string[] = [];
    for (const c of all) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(c.argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
      const failure = checkRefusal(c, code, stdout, stderr);
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
    console.info(`CLI fuzzing: ${all.length} invalid command lines in-process`);
    expect(databaseChecksum(db)).toBe(before);
    expect(integrityCheck(db)).toBe('ok');
    expect(fs.existsSync(output)).toBe(false);
    // synth refused every time before writing anything.
    const left = fs.readdirSync(dir).filter((f) => !/-(wal|shm)$/.test(f));
    expect(left.sort()).toEqual(['a-folder', 'history.sqlite', 'models', 'notes.txt']);
  });

  it('does the same as a user runs it, with no stack trace (child processes)', async () => {
    const before = databaseChecksum(db);
    const children = CHILD_CASES();
    const runs = await Promise.all(children.map((c) => cli(c.argv)));
    const failures = runs.map((r, i) => checkRefusal(children[i]!, r.code, r.stdout, r.stderr));
    expect(failures.filter((f) => f !== null)).toEqual([]);
    console.info(`CLI fuzzing: ${children.length} invalid command lines as child processes`);
    expect(databaseChecksum(db)).toBe(before);
  });
});
