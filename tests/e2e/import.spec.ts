import fs from 'node:fs';
import path from 'node:path';
import { dropFiles, expect, fileFrom, LFB_SAMPLE, openScreen, test, guideScreenshot } from './fixtures.js';

test('dropping the real LFB sample imports it and shows the validation report', async ({ app }, testInfo) => {
  await dropFiles(app, [fileFrom(LFB_SAMPLE)]);
  await expect(app.getByRole('button', { name: 'Import', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );

  const report = app.getByRole('article', { name: 'Report for incidents-2023-sample.csv' });
  await expect(report).toBeVisible({ timeout: 30_000 });
  const imported = Number((await report.getByTestId('rows-imported').textContent())?.replace(/,/g, ''));
  // 10,000 rows, of which 9,473 have a first-pump attendance time (see the data's README).
  expect(imported).toBeGreaterThan(9_000);
  await expect(report.getByText('Rows read')).toBeVisible();
  await guideScreenshot(app, 'import-report', testInfo);

  // The Data screen lists the file with its counts and the period covered.
  await openScreen(app, 'Data');
  await expect(app.getByRole('region', { name: 'Imported files' })).toContainText(
    'incidents-2023-sample.csv',
  );
  await expect(app.getByRole('region', { name: 'Data overview' })).toContainText('2023');
  await guideScreenshot(app, 'data', testInfo);

  // The gazetteer now knows the sample's postcode districts: autocomplete, then an answer.
  await openScreen(app, 'Incident');
  const place = app.getByRole('combobox', { name: 'Postcode or ward' });
  await place.fill('E14');
  // Keyboard only: arrow to the suggestion, Enter to take it.
  await expect(app.getByRole('option', { name: /^E14\b/ })).toBeVisible();
  await place.press('ArrowDown');
  await place.press('Enter');
  await expect(place).toHaveValue('E14');
  await expect(app.getByRole('listbox', { name: 'Matching places' })).toHaveCount(0);
  await expect(app.getByTestId('eta')).toBeVisible();
  await expect(app.getByLabel('Deploying station')).not.toHaveValue('');

  // Dropping the same file again finds only duplicates.
  await dropFiles(app, [fileFrom(LFB_SAMPLE)]);
  const again = app
    .getByRole('region', { name: /^Import / })
    .first()
    .getByRole('article', { name: 'Report for incidents-2023-sample.csv' });
  await expect(again.getByTestId('rows-imported')).toHaveText('0', { timeout: 30_000 });
});

test('a file that is not LFB data is refused with a reason, and nothing is stored', async ({
  app,
  dataDir,
}, testInfo) => {
  const bad = path.join(dataDir, 'shopping-list.csv');
  fs.writeFileSync(bad, 'item,quantity\nmilk,2\neggs,12\n');
  await dropFiles(app, [fileFrom(bad)]);
  const report = app.getByRole('article', { name: 'Report for shopping-list.csv' });
  await expect(report.getByRole('alert')).toContainText('Not imported');
  await guideScreenshot(app, 'import-error', testInfo);
  await openScreen(app, 'Data');
  await expect(app.getByRole('region', { name: 'Imported files' })).toContainText('Nothing imported yet');
});
