import fs from 'node:fs';
import path from 'node:path';
import { dropFiles, expect, fileFrom, LFB_SAMPLE, openScreen, screenshot, test } from './fixtures.js';

/** The first 200 rows of the real 2023 sample with the attendance-time column renamed, as a spreadsheet edit leaves it. */
function renamedSample(dir: string): string {
  const lines = fs.readFileSync(LFB_SAMPLE, 'utf8').split(/\r?\n/).slice(0, 201);
  lines[0] = lines[0]!.replace('FirstPumpArriving_AttendanceTime', 'FirstPump_AttendanceTime');
  const file = path.join(dir, 'renamed-column.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('a refused file is imported only after confirming, and undone from the Data screen', async ({
  app,
  dataDir,
  core,
}, testInfo) => {
  await dropFiles(app, [fileFrom(renamedSample(dataDir))]);
  const report = app.getByRole('article', { name: 'Report for renamed-column.csv' });
  await expect(report.getByRole('alert')).toContainText(
    'lacks column(s) the model learns from: the attendance time',
    { timeout: 30_000 },
  );
  expect(core.dataSummary().counts.incidents).toBe(0);

  await report.getByRole('button', { name: 'Import anyway…' }).click();
  const confirm = app.getByRole('dialog', { name: 'Import renamed-column.csv anyway?' });
  await expect(confirm).toContainText('the attendance time (FirstPumpArriving_AttendanceTime)');
  await screenshot(app, 'import-anyway', testInfo);
  await confirm.getByRole('button', { name: 'Import as partial' }).click();
  const partial = app
    .getByRole('region', { name: /^Import / })
    .first()
    .getByRole('article', { name: 'Report for renamed-column.csv' });
  await expect(partial.getByTestId('rows-imported')).toHaveText('200', { timeout: 30_000 });
  await expect(partial).toContainText('Imported anyway (a column the model learns from is missing)');
  expect(core.dataSummary().counts.incidents).toBe(200);

  await openScreen(app, 'Data');
  const files = app.getByRole('region', { name: 'Imported files' });
  await expect(files).toContainText('accepted as partial');
  await files.getByRole('button', { name: /^Undo import \d+ \(renamed-column\.csv\)$/ }).click();
  const undo = app.getByRole('dialog', { name: /^Undo import \d+ \(renamed-column\.csv\)\?$/ });
  await expect(undo).toContainText('Removes the 200 incidents it added');
  await screenshot(app, 'undo-import', testInfo);
  await undo.getByRole('button', { name: 'Undo import' }).click();
  await expect(files).toContainText(/Import \d+ undone/);
  await expect(files).toContainText('200 incidents it added removed');
  expect(core.dataSummary().counts.incidents).toBe(0);
  await expect(files.getByRole('button', { name: /^Undo import/ })).toHaveCount(0);
});
