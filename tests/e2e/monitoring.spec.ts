import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { filesOf, NEW_STATION, newerFiles, SLOWED_STATION, trainedHistory } from '../fixtures/monitoring.js';
import { dropFiles, expect, fileFrom, guideScreenshot, openScreen, test } from './fixtures.js';

/**
 * The Monitoring view with real data through the bridge: a champion trained on a year of generated
 * calls; two newer months with a known shift (a station 60 s slower, a new station) dropped on the
 * window; the view then shows the months since training against the holdout, the shifted station, the
 * new one, and recommends retraining, with Retrain beside the advice starting the real training job.
 */
let prepared = '';
let newer: string[] = [];
let scratch = '';

test.beforeAll(async () => {
  test.setTimeout(600_000);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-e2e-monitoring-'));
  prepared = path.dirname(await trainedHistory(path.join(scratch, 'base')));
  newer = filesOf(await newerFiles(path.join(scratch, 'newer'), true));
});
test.afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The test's data folder starts as a copy of the trained history (database and model files). */
const withHistory = test.extend({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-e2e-'));
    fs.cpSync(prepared, dir, { recursive: true });
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

withHistory(
  'after newer files are imported, the view finds the shift and recommends retraining',
  async ({ app, bridge }, testInfo) => {
    test.setTimeout(240_000);
    await openScreen(app, 'Monitoring');
    const advice = app.getByRole('region', { name: 'Advice' });
    await expect(advice).toContainText(/No vehicles newer than the training window/, { timeout: 60_000 });
    await expect(advice.getByRole('status').first()).not.toContainText('retraining is recommended');

    await dropFiles(app, newer.map(fileFrom));
    const report = app.getByRole('article', { name: /Report for synthetic-mobilisations\.csv/ });
    await expect(report).toBeVisible({ timeout: 120_000 });

    // View → Monitoring, as Electron's menu sends it.
    bridge.sendMenu({ type: 'navigate', view: 'monitoring' });
    await expect(app.getByRole('button', { name: 'Monitoring', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(advice.getByText(/retraining is recommended\./)).toBeVisible({ timeout: 60_000 });
    await expect(advice).toContainText('1 station opened since');
    await expect(advice).toContainText(new RegExp(`${SLOWED_STATION.name} slower by \\d+ s`));

    const chart = app.getByRole('img', {
      name: /MAE by month: 2019-01 [\d.]+ s, 2019-02 [\d.]+ s.*holdout [\d.]+ s/,
    });
    await expect(chart).toBeVisible();
    await expect(chart.locator('.recharts-line').first()).toBeVisible();
    const months = app.getByRole('table', { name: 'Each month since training' });
    await expect(months.getByRole('row', { name: /^2019-01/ })).toBeVisible();

    const stations = app.getByRole('table', { name: /Stations since training/ });
    await expect(
      stations.getByRole('row', { name: new RegExp(`${SLOWED_STATION.name} \\(${SLOWED_STATION.code}\\)`) }),
    ).toContainText('slower than expected');
    const fresh = app.getByRole('table', { name: 'Values the model never saw in its training window' });
    await expect(fresh.getByRole('row', { name: new RegExp(`station ${NEW_STATION.code}`) })).toBeVisible();
    const drift = app.getByRole('table', { name: /Inputs in 2019-02 against the training window/ });
    await expect(drift.getByRole('row', { name: /^month .*major \(seasonal\)/ })).toBeVisible();
    await guideScreenshot(app, 'monitoring', testInfo);

    // Retrain beside the advice starts the same job as the Models screen.
    await advice.getByRole('button', { name: 'Retrain' }).click();
    await expect(advice.getByText(/A retrain is running/)).toBeVisible();
    await openScreen(app, 'Models');
    await expect(app.getByRole('region', { name: 'Retrain' }).getByRole('progressbar')).toBeVisible();
  },
);

test('with the demo model in service, the view says there is nothing to watch', async ({ app }) => {
  await openScreen(app, 'Monitoring');
  const advice = app.getByRole('region', { name: 'Advice' });
  await expect(advice).toContainText('The demo model is in service');
  await expect(app.getByRole('table')).toHaveCount(0);
});
