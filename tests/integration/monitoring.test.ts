import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorReport } from '../../contract/index.js';
import { openDatabase } from '../../main/core/db/index.js';
import { cli, cliJson } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';
import {
  copyHistory,
  filesOf,
  importThroughCore,
  NEW_STATION,
  newerFiles,
  openTestCore,
  REPLACED_STATION,
  SLOWED_STATION,
  SLOWER_BY_SECONDS,
  trainedHistory,
} from '../fixtures/monitoring.js';

/**
 * The monitor on generated data with a known change after the champion's training window: a station
 * 60 s slower and a station replaced by a new one are found and retraining is recommended; the same
 * months without the change recommend nothing. Real components throughout: the importer, the training
 * worker, the monitoring worker with its own onnxruntime session, a SQLite file.
 */
let dir: string;
let cleanup: () => void;
let base: string;
const reports: { shifted?: MonitorReport; steady?: MonitorReport } = {};
const logs: { shifted?: string[] } = {};

async function importNewer(name: 'shifted' | 'steady'): Promise<MonitorReport> {
  const dbPath = copyHistory(base, path.join(dir, name));
  const files = await newerFiles(path.join(dir, `${name}-files`), name === 'shifted');
  const core = await openTestCore(dbPath);
  try {
    const { events } = await importThroughCore(core, filesOf(files));
    if (name === 'shifted') logs.shifted = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    return await core.monitor();
  } finally {
    await core.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-monitoring-'));
  base = await trainedHistory(path.join(dir, 'base'));
  reports.shifted = await importNewer('shifted');
  reports.steady = await importNewer('steady');
}, 900_000);
afterAll(() => cleanup());

describe('monitoring the model in service', () => {
  it('before newer data arrives, says there is nothing newer and does not recommend retraining', async () => {
    const core = await openTestCore(base);
    try {
      const report = await core.monitor();
      expect(report.isDemo).toBe(false);
      expect(report.state).toBe('no-new-data');
      expect(report.months).toEqual([]);
      expect(report.advice.retrain).toBe(false);
      expect(report.advice.sentence).toMatch(/No vehicles newer than the training window/);
    } finally {
      await core.close();
    }
  });

  it('scores the champion on the imported months after its window, after the import', () => {
    const r = reports.shifted!;
    expect(r.state).toBe('ready');
    expect(
      logs.shifted!.some((m) => /scored on [\d,]+ vehicles newer than its training window/.test(m)),
    ).toBe(true);
    expect(r.months.map((m) => m.month)).toEqual(expect.arrayContaining(['2019-01', '2019-02']));
    for (const m of r.months) {
      expect(m.month > r.scoredAfter!.slice(0, 7) || m.month === r.scoredAfter!.slice(0, 7)).toBe(true);
      expect(m.maeLow).toBeLessThan(m.mae);
      expect(m.maeHigh).toBeGreaterThan(m.mae);
      expect(m.p90Coverage).toBeGreaterThan(0.5);
      expect(m.withinTargetBrier).toBeGreaterThan(0);
      expect(m.withinTargetBrier).toBeLessThan(0.25);
    }
    expect(r.holdout!.low).toBeLessThan(r.holdout!.mae);
    expect(r.vehicles).toBeGreaterThan(8_000);
  });

  it('finds the slowed station, the new one and recommends retraining', () => {
    const r = reports.shifted!;
    const slowed = r.stations.find((s) => s.code === SLOWED_STATION.code);
    expect(slowed?.shifted).toBe(true);
    // Estimates now fall short by about the injected 60 s (bias = estimate − actual).
    expect(slowed!.biasShift).toBeLessThan(-SLOWER_BY_SECONDS * 0.7);
    expect(slowed!.biasShift).toBeGreaterThan(-SLOWER_BY_SECONDS * 1.3);
    expect(r.stations[0]!.code).toBe(SLOWED_STATION.code);
    expect(r.stations.filter((s) => s.shifted).map((s) => s.code)).toEqual([SLOWED_STATION.code]);
    const stationsNew = r.newCategories.filter((c) => c.feature === 'station');
    expect(stationsNew.map((c) => c.category)).toEqual([NEW_STATION.code]);
    expect(stationsNew[0]!.firstMonth).toBe('2019-01');
    // The new station's ground and wards are new names too.
    expect(r.newCategories.some((c) => c.feature === 'ward' && c.category.startsWith('NEWTOWN'))).toBe(true);
    // Its vehicles cannot be placed by the model: counted apart, not scored.
    expect(r.unscored).toBeGreaterThan(50);
    expect(r.advice.retrain).toBe(true);
    expect(r.advice.sentence).toMatch(/1 station opened since/);
    expect(r.advice.sentence).toMatch(new RegExp(`${SLOWED_STATION.name} slower by \\d+ s`));
    expect(r.advice.sentence).toMatch(/retraining is recommended\.$/);
    const station = r.drift.find((d) => d.feature === 'station')!;
    expect(station.movers.map((m) => m.category)).toContain(REPLACED_STATION.code.toUpperCase());
  });

  it('with no shift finds nothing and does not recommend retraining', () => {
    const r = reports.steady!;
    expect(r.state).toBe('ready');
    expect(r.stations.filter((s) => s.shifted)).toEqual([]);
    expect(r.newCategories.filter((c) => c.feature === 'station')).toEqual([]);
    expect(r.advice.reasons).toEqual([]);
    expect(r.advice.retrain).toBe(false);
    expect(r.advice.sentence).toMatch(/no need to retrain yet\.$/);
    // Calendar features move with the season and are marked so; nothing else drifts far.
    expect(r.drift.filter((d) => d.level === 'major' && !d.seasonal)).toEqual([]);
    expect(r.drift.find((d) => d.feature === 'month')?.seasonal).toBe(true);
  });

  it('pump-eta monitor shows the same report, as JSON and as text', async () => {
    const dbPath = path.join(dir, 'shifted', 'history.sqlite');
    const json = await cliJson<MonitorReport>(['monitor', '--db', dbPath]);
    expect(json).toEqual(reports.shifted);
    const text = await cli(['monitor', '--db', dbPath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(reports.shifted!.advice.sentence);
    expect(text.stdout).toMatch(new RegExp(`${SLOWED_STATION.name} \\(${SLOWED_STATION.code}\\).*SHIFTED`));
    expect(text.stdout).toMatch(/^2019-01 +[\d,]+ +\d+\.\d \(/m);
    expect(text.stdout).toMatch(new RegExp(`station +${NEW_STATION.code} +[\\d,]+ vehicles since 2019-01`));
    expect(text.stdout).toContain("Retrain with 'pump-eta train'");
    const steady = await cli(['monitor', '--db', path.join(dir, 'steady', 'history.sqlite')]);
    expect(steady.stdout).toMatch(/no need to retrain yet\.\n/);
    expect(steady.stdout).not.toContain('SHIFTED');
    const missing = await cli(['monitor', '--db', path.join(dir, 'nowhere.sqlite')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nowhere\.sqlite/);
  });

  it('pump-eta monitor after a command-line import (no core, no rescore) shows the new months', async () => {
    const dbPath = copyHistory(base, path.join(dir, 'by-cli'));
    const before = await cliJson<MonitorReport>(['monitor', '--db', dbPath]);
    expect(before.state).toBe('no-new-data');
    const files = await newerFiles(path.join(dir, 'by-cli-files'), true);
    const imported = await cli(['import', ...filesOf(files), '--db', dbPath]);
    expect(imported.code, imported.stderr).toBe(0);
    const after = await cliJson<MonitorReport>(['monitor', '--db', dbPath]);
    expect(after.vehicles).toBe(reports.shifted!.vehicles);
    expect(after.advice.retrain).toBe(true);
  });

  it('an undo removes the scores of the removed rows', async () => {
    const dbPath = path.join(dir, 'shifted', 'history.sqlite');
    const core = await openTestCore(dbPath);
    try {
      const db = openDatabase(dbPath, { readonly: true });
      const lastImport = db
        .prepare("SELECT max(id) FROM imports WHERE kind = 'mobilisations'")
        .pluck()
        .get() as number;
      db.close();
      await core.undoImport(lastImport);
      const r = await core.monitor();
      // The newer months' vehicles are gone with their Mobilisation file; what remains is the
      // Incident file's first and second pumps.
      expect(r.vehicles).toBeLessThan(reports.shifted!.vehicles);
    } finally {
      await core.close();
    }
  });
});
