import fs from 'node:fs';
import path from 'node:path';
import { openMeteoCsv, simulateWeather } from '../../tools/synthetic/weather.js';
import { dropFiles, expect, openScreen, test } from './fixtures.js';

const MS_PER_DAY = 86_400_000;

/** The incident at a grid reference (a fresh install has no gazetteer), a dwelling fire. */
async function fillIncident(app: import('@playwright/test').Page): Promise<void> {
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('531500');
  await app.getByLabel('Northing (metres)').fill('180000');
  await app.getByLabel('Incident type').selectOption('Fire');
  await app.getByLabel('Property category').selectOption('Dwelling');
}

test('typed weather changes the answer and its weather line; without any, the answer says so', async ({
  app,
}) => {
  await fillIncident(app);
  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByText('Weather: none imported for this hour: answered without')).toBeVisible();

  const weather = app.getByLabel('Weather');
  const eta = async () => Number(await answer.getByTestId('eta').getAttribute('data-seconds'));
  await weather.selectOption('dry');
  await expect(answer.getByText('Weather: dry (typed)')).toBeVisible();
  const dry = await eta();

  // Keyboard only: from Dry, the next choices down are light rain, then heavy rain.
  await weather.focus();
  await weather.press('ArrowDown');
  await weather.press('ArrowDown');
  await expect(weather).toHaveValue('heavy-rain');
  await expect(answer.getByText('Weather: heavy rain (typed)')).toBeVisible();
  // The demo model learned from synthetic weather in which rain slows journeys.
  await expect.poll(eta).toBeGreaterThan(dry);
});

test('a dropped weather file is imported, and the answer names the imported hour it used', async ({
  app,
}, testInfo) => {
  // Open-Meteo hours (UTC) from yesterday to tomorrow, so the hour of "now" is among them.
  const today = Math.floor(Date.now() / MS_PER_DAY);
  const hours = simulateWeather('e2e', today - 1, 3).map((h) => ({
    ...h,
    temperatureC: 8,
    precipitationMm: 0.4,
    rainMm: 0.4,
    snowCm: 0,
  }));
  const file = path.join(testInfo.outputDir, 'open-meteo-london.csv');
  fs.mkdirSync(testInfo.outputDir, { recursive: true });
  fs.writeFileSync(file, openMeteoCsv(hours, { timezone: 'GMT' }));
  await dropFiles(app, [
    { name: 'open-meteo-london.csv', bytes: fs.readFileSync(file), mimeType: 'text/csv' },
  ]);
  const report = app.getByRole('article', { name: 'Report for open-meteo-london.csv' });
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.getByTestId('rows-imported')).toHaveText(String(hours.length));

  await openScreen(app, 'Data');
  await expect(app.getByRole('region', { name: 'Imported files' })).toContainText('open-meteo-london.csv');
  // The stored hours, their span, gaps and provider, as the data officer checks them before training.
  await expect(app.getByRole('region', { name: 'Data overview' })).toContainText(
    `Weather: ${hours.length} hours from`,
  );
  await expect(app.getByRole('region', { name: 'Data overview' })).toContainText(
    `no gaps; from Open-Meteo (${hours.length} hours)`,
  );

  await openScreen(app, 'Incident');
  await fillIncident(app);
  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByText(/^Weather: 8 °C, 0\.4 mm rain at \d\d:00 \(imported\)$/)).toBeVisible();
  await app.getByLabel('Weather').selectOption('snow');
  await expect(answer.getByText('Weather: snow (typed)')).toBeVisible();
});
