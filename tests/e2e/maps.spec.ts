import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { boundariesGeoJson } from '../fixtures/boundaries.js';
import {
  dropFiles,
  EXPORTS,
  expect,
  fileFrom,
  guideScreenshot,
  LFB_SAMPLE,
  openScreen,
  screenshot,
  test,
} from './fixtures.js';

/** Near Soho: several stations within a few kilometres, so the best and the next best differ. */
const POINT = { easting: 529600, northing: 181000 };

async function importSample(app: Page): Promise<void> {
  await dropFiles(app, [fileFrom(LFB_SAMPLE)]);
  const report = app.getByRole('article', { name: 'Report for incidents-2023-sample.csv' });
  await expect(report).toBeVisible({ timeout: 30_000 });
}

async function locate(app: Page, easting: number, northing: number): Promise<void> {
  await openScreen(app, 'Incident');
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill(String(easting));
  await app.getByLabel('Northing (metres)').fill(String(northing));
  await expect(app.getByRole('region', { name: 'Estimated arrival' }).getByTestId('eta')).toBeVisible();
}

test('the incident map draws the history, the stations, the incident and its choices; a click or Enter deploys', async ({
  app,
}, testInfo) => {
  await importSample(app);
  // Two borough-like squares around the point, in WGS84 as the ONS publishes them.
  const boroughs = boundariesGeoJson(
    [
      { name: 'West square', west: 527_000, south: 179_000, side: 2_500 },
      { name: 'East square', west: 529_500, south: 179_000, side: 2_500 },
    ],
    'wgs84',
  );
  await dropFiles(app, [
    { name: 'test-boroughs.geojson', bytes: Buffer.from(boroughs), mimeType: 'application/geo+json' },
  ]);
  await expect(app.getByRole('article', { name: 'Report for test-boroughs.geojson' })).toBeVisible({
    timeout: 30_000,
  });
  await locate(app, POINT.easting, POINT.northing);

  const map = app.getByTestId('incident-map');
  await expect(app.getByTestId('incident-map-caption')).toContainText('Boundaries: test-boroughs');
  await expect(app.getByTestId('incident-map-caption')).toContainText('(2 areas)');
  // The history's incidents as one image, every station a dot, the incident a pin.
  await expect(map.locator('img.map-backdrop')).toHaveCount(1);
  expect(await map.locator('path.map-station').count()).toBeGreaterThan(90);
  await expect(map.getByLabel(`Incident at ${POINT.easting}, ${POINT.northing}`)).toBeVisible();

  // The deploying station and three next best, each with its ETA as the ranking gives it.
  const deploying = app.getByLabel('Deploying station');
  const pins = map.locator('.map-pin-alternative');
  await expect(pins).toHaveCount(3);
  const ranking = app.getByRole('region', { name: 'Stations ranked by ETA' }).getByRole('button');
  await expect(map.locator('.map-pin-deploying')).toHaveCount(1);
  const deployingCode = await map.locator('.map-pin-deploying').getAttribute('data-station');
  const firstRowEta = await ranking.first().locator('.ranking-eta').textContent();
  const fastestPin = (
    await map
      .locator('.map-pin')
      .evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-eta-seconds')).filter((v): v is string => v !== null),
      )
  ).map(Number);
  expect(fastestPin.length).toBe(4);
  expect(firstRowEta).toMatch(/^\d+:\d\d$/);
  await map.scrollIntoViewIfNeeded();
  await guideScreenshot(app, 'incident-map', testInfo);

  // Keyboard: Tab reaches a labelled station, Enter deploys it.
  const second = pins.first();
  const secondCode = (await second.getAttribute('data-station')) ?? '';
  expect(secondCode).not.toBe(deployingCode);
  await map.focus();
  await app.keyboard.press('Tab');
  await expect(second).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(deploying).toHaveValue(secondCode);
  await expect(map.locator('.map-pin-deploying')).toHaveAttribute('data-station', secondCode);

  // A click on any station's dot deploys it, as picking it in the ranking does.
  const labelled = new Set(
    await map
      .locator('.map-pin[data-station]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-station'))),
  );
  const dots = map.locator('path.map-station');
  let clicked = '';
  for (let i = 0; i < (await dots.count()) && !clicked; i += 1) {
    const cls = (await dots.nth(i).getAttribute('class')) ?? '';
    const code = /map-station-(\S+)/.exec(cls)?.[1] ?? '';
    if (!code || labelled.has(code) || !(await dots.nth(i).isVisible())) continue;
    // A dot under a label cannot be clicked: a trial click checks nothing else is on top.
    const clear = await dots
      .nth(i)
      .click({ trial: true, timeout: 1_000 })
      .then(() => true)
      .catch(() => false);
    if (!clear) continue;
    await dots.nth(i).click();
    clicked = code;
  }
  expect(clicked).not.toBe('');
  await expect(deploying).toHaveValue(clicked);
  await expect(map.locator('.map-pin-deploying')).toHaveAttribute('data-station', clicked);
});

test('the cover map computes, states the share out of reach, and loses a cell’s best station when it is taken out', async ({
  app,
  dataDir,
}, testInfo) => {
  await importSample(app);
  await openScreen(app, 'Cover');
  const share = app.getByTestId('cover-share');
  await expect(share).toHaveText(
    /^\d{1,3}\.\d % of the history’s incidents lie where no station reaches within 6 min/,
    {
      timeout: 30_000,
    },
  );
  const shareBefore = Number(await share.getAttribute('data-share'));

  // Read the test point's cell: its best station and ETA.
  const readout = app.getByRole('region', { name: 'Read a place' });
  await readout.getByLabel('Easting').fill(String(POINT.easting));
  await readout.getByLabel('Northing').fill(String(POINT.northing));
  await readout.getByRole('button', { name: 'Read' }).click();
  const cell = app.getByTestId('cover-cell');
  await expect(cell).toHaveText(/Best \d+:\d\d \(\d+ s\) from /);
  const bestStation = (await cell.getAttribute('data-station')) ?? '';
  const bestSeconds = Number(await cell.getAttribute('data-seconds'));
  expect(bestStation).not.toBe('');
  expect(bestSeconds).toBeGreaterThan(0);
  await expect(app.locator('img.map-cover-image')).toHaveCount(1);
  await guideScreenshot(app, 'cover', testInfo);

  // Take that station out: the cover is recomputed and the cell's best is another station, no sooner.
  await app.getByLabel('Stations unavailable').selectOption([bestStation]);
  await expect(app.getByText(/^Unavailable: /)).toBeVisible();
  await expect(cell).not.toHaveAttribute('data-station', bestStation, { timeout: 30_000 });
  await expect(cell).toHaveText(/Best \d+:\d\d \(\d+ s\) from /);
  const afterSeconds = Number(await cell.getAttribute('data-seconds'));
  expect(afterSeconds).toBeGreaterThanOrEqual(bestSeconds);
  expect(Number(await share.getAttribute('data-share'))).toBeGreaterThanOrEqual(shareBefore);
  await screenshot(app, 'cover-station-out', testInfo);

  // Exports, written by the core as the command line writes them: the grid as CSV, the map as PNG.
  const saved = app.getByTestId('cover-saved');
  await app.getByRole('button', { name: 'Export CSV' }).click();
  await expect(saved).toHaveText(/^Saved .*cover-\d{4}-\d\d-\d\d-\d{4}-\d+m-without-[A-Z]\d+\.csv$/, {
    timeout: 30_000,
  });
  const csvFile = ((await saved.textContent()) ?? '').replace(/^Saved /, '');
  expect(path.dirname(csvFile)).toBe(path.join(dataDir, EXPORTS));
  const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('easting,northing,best_eta_s,station_code,station_name,within_target');
  expect(lines.length).toBeGreaterThan(1000);
  // The station taken out is nobody's best.
  expect(lines.slice(1).some((line) => line.split(',')[3] === bestStation)).toBe(false);

  await app.getByRole('button', { name: 'Export PNG' }).click();
  await expect(saved).toHaveText(/\.png$/, { timeout: 30_000 });
  const bytes = fs.readFileSync(((await saved.textContent()) ?? '').replace(/^Saved /, ''));
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.readUInt32BE(16)).toBeGreaterThan(500);
});
