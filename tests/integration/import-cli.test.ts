import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvToXlsx, readCsv, real, REPO_ROOT, tempDir } from '../fixtures/lfb-files.js';

const run = promisify(execFile);

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/pump-eta.mjs', ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('pump-eta-cli-'));
  db = path.join(dir, 'history.sqlite');
});
afterAll(() => cleanup());

const stats = async () => {
  const r = await cli('stats', '--db', db, '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('pump-eta import / stats', () => {
  it('imports the 2023 sample (10,000 rows), then reports all 10,000 as unchanged', async () => {
    const sample = path.relative(REPO_ROOT, real('incidents-2023-sample.csv'));
    const first = await cli('import', sample, '--db', db, '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { files: Record<string, unknown>[]; errors: unknown[] };
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({
      file: sample,
      kind: 'incidents',
      rowsRead: 10_000,
      rowsImported: 10_000,
      rowsDuplicate: 0,
      rowsRejected: 0,
      rejected: {},
      examples: [],
    });
    expect(first.stdout.trim().split('\n')).toHaveLength(1);

    const again = await cli('import', sample, '--db', db);
    expect(again.code).toBe(0);
    // read, new, changed, unchanged, rejected
    expect(again.stdout).toMatch(/incidents\s+10,000\s+0\s+0\s+10,000\s+0/);

    expect(await stats()).toMatchObject({
      incidents: { count: 10_000, firstDate: '2023-01-01', lastDate: '2023-12-31' },
      imports: { count: 2 },
    });
  });

  it('refuses a truncated .xlsx, a PNG renamed .xlsx and a CSV without IncidentNumber, changing nothing', async () => {
    const whole = await csvToXlsx(real('incidents-2009-first20.csv'), path.join(dir, 'whole.xlsx'));
    const truncated = path.join(dir, 'truncated.xlsx');
    fs.writeFileSync(truncated, fs.readFileSync(whole).subarray(0, 5000));
    const png = path.join(dir, 'photo.xlsx');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
    const noNumber = path.join(dir, 'no-number.csv');
    const { header, rows } = readCsv(real('incidents-2009-first20.csv'));
    fs.writeFileSync(noNumber, [header, ...rows].map((r) => r.slice(1).join(',')).join('\n'));

    const cases: [string, RegExp][] = [
      [truncated, /truncated\.xlsx: the \.xlsx file is truncated or damaged/],
      [png, /photo\.xlsx: the file is a PNG image, not a spreadsheet/],
      [
        noNumber,
        /no-number\.csv: looks like an LFB Incident file but lacks the required column\(s\): IncidentNumber/,
      ],
    ];
    let before = await stats();
    for (const [file, message] of cases) {
      const r = await cli('import', file, '--db', db);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      const after = await stats();
      expect(after).toEqual(before);
      before = after;
    }
  });

  it('imports the readable files of a mixed call but exits non-zero', async () => {
    const png = path.join(dir, 'another-photo.xlsx');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    const r = await cli('import', real('stations.csv'), png, '--db', db, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      files: { kind: string; rowsImported: number }[];
      errors: { file: string }[];
    };
    expect(out.files.map((f) => [f.kind, f.rowsImported])).toEqual([['stations', 103]]);
    expect(out.errors.map((e) => e.file)).toEqual([png]);
    expect(r.stderr).toMatch(/^pump-eta import: .*another-photo\.xlsx: the file is a PNG image/);
  });

  it('explains its usage', async () => {
    const r = await cli('import', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name at least one file/);
  });
});
