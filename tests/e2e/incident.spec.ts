import fs from 'node:fs';
import path from 'node:path';
import { EXPORTS, expect, screenshot, test, guideScreenshot } from './fixtures.js';

test('a fresh install answers from the demo model, live, and ranks every station', async ({
  app,
}, testInfo) => {
  await expect(app.getByTestId('model-chip')).toContainText('DEMO MODEL');

  // A fresh database has no gazetteer yet: the dispatcher locates the incident by grid reference.
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('531500');
  await app.getByLabel('Northing (metres)').fill('180000');
  await app.getByLabel('Incident type').selectOption('Fire');
  await app.getByLabel('Stop code').selectOption('Primary Fire');
  await app.getByLabel('Property category').selectOption('Dwelling');

  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByTestId('eta')).toHaveText(/^\d+:\d\d\s*\d+ s$/);
  await expect(answer.getByText('DEMO MODEL')).toBeVisible();
  await expect(answer.getByTestId('p90')).toHaveText(/\d+:\d\d/);
  await expect(answer.getByTestId('target')).toHaveText(
    /^.Target (likely met|uncertain|likely missed) \(\d{1,3} % chance\)$/,
  );
  await expect(answer.getByTestId('target-fact')).toHaveText(/^Estimate \d+:\d\d (is|and)/);
  await expect(answer.getByTestId('late-chance')).toHaveText(
    /^Chance of arriving over 2 min later than estimated: \d{1,3} %$/,
  );
  // The chance of meeting the target, from the model file's own output.
  await expect(answer.getByTestId('within-target')).toHaveText(/^\d{1,3} %$/);

  // ETA ≤ P90, both shown in mm:ss and in seconds.
  const seconds = async (testId: 'eta' | 'p90') =>
    Number(await answer.getByTestId(testId).getAttribute('data-seconds'));
  const eta = await seconds('eta');
  expect(eta).toBeGreaterThan(0);
  expect(await seconds('p90')).toBeGreaterThanOrEqual(eta);
  const clock = `${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}`;
  await expect(answer.getByTestId('eta')).toContainText(`${clock}${eta} s`);

  // The deploying station is prefilled with the ground's station.
  const deploying = app.getByLabel('Deploying station');
  await expect(deploying).not.toHaveValue('');
  const ranking = app.getByRole('region', { name: 'Stations ranked by ETA' });
  const rows = ranking.getByRole('button');
  expect(await rows.count()).toBeGreaterThan(50);
  // Every station's chance within 6 minutes; the farthest say they are beyond the model's experience.
  await expect(rows.first().locator('.ranking-chance')).toHaveText(/^\d{1,3} %$/);
  await expect(rows.last()).toContainText('beyond the model’s experience');
  // …as a compact mark in its own column, with the full sentence as its tooltip.
  const farMark = rows.last().locator('.ranking-far');
  await expect(farMark).toBeVisible();
  await expect(farMark).toHaveAttribute('title', /beyond the model’s experience: .*km away/);
  // Every ⚠ shows in full in its own column, however long the station's name.
  const risks = ranking.locator('.ranking-risk');
  for (let i = 0; i < Math.min(await risks.count(), 5); i += 1) await expect(risks.nth(i)).toBeVisible();
  await guideScreenshot(app, 'incident', testInfo);
  // The far end of the list: compact rows, every mark in its column.
  await rows.last().scrollIntoViewIfNeeded();
  const lastBox = await rows.last().boundingBox();
  const markBox = await farMark.boundingBox();
  expect(markBox && lastBox && markBox.x + markBox.width <= lastBox.x + lastBox.width).toBe(true);
  await screenshot(app, 'incident-ranking-bottom', testInfo);

  // A click on another station makes it the deploying one and the answer follows.
  const third = rows.nth(2);
  const name =
    (await third.locator('.ranking-name').textContent())
      ?.replace('⚠', '')
      .replace('may be underestimated', '')
      .trim() ?? '';
  await third.click();
  await expect(third).toHaveAttribute('aria-pressed', 'true');
  await expect(answer.locator('.answer-station')).toContainText(name);
  await expect(deploying.locator('option:checked')).toHaveText(name);

  // Second pump from further away takes longer than the first.
  const firstPump = await seconds('eta');
  await app.getByLabel('Pump order').selectOption('2');
  await expect.poll(() => seconds('eta')).not.toBe(firstPump);
});

test('the autumn hour that happens twice is settled by a choice beside the call time', async ({
  app,
}, testInfo) => {
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('531500');
  await app.getByLabel('Northing (metres)').fill('180000');
  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByTestId('eta')).toBeVisible();

  // 01:30 on the night the clocks go back: the real core refuses to guess which one.
  await app.getByLabel('Call time — now').fill('2025-10-26T01:30');
  await expect(app.getByRole('alert')).toContainText('happens twice in London');
  const choice = app.getByRole('group', { name: /Which 01:30\?/ });
  const bst = choice.getByRole('button', { name: '01:30 BST (first)' });
  const gmt = choice.getByRole('button', { name: '01:30 GMT (second)' });
  await expect(bst).toBeVisible();
  await expect(gmt).toBeVisible();
  await screenshot(app, 'incident-autumn-hour', testInfo);

  await gmt.click();
  await expect(gmt).toHaveAttribute('aria-pressed', 'true');
  await expect(answer.getByTestId('eta')).toBeVisible();
  await expect(app.getByRole('alert')).toHaveCount(0);
  await expect(app.getByText('London time, GMT')).toBeVisible();
  await bst.click();
  await expect(bst).toHaveAttribute('aria-pressed', 'true');
  await expect(answer.getByTestId('eta')).toBeVisible();
  await expect(app.getByRole('alert')).toHaveCount(0);
  await screenshot(app, 'incident-autumn-hour-chosen', testInfo);

  // Any other time needs no choice.
  await app.getByLabel('Call time', { exact: true }).fill('2025-10-27T09:00');
  await expect(choice).toHaveCount(0);
  await expect(answer.getByTestId('eta')).toBeVisible();
});

test('a postcode being typed gets the prompt, not an unknown-ward error', async ({ app }) => {
  const place = app.getByRole('combobox', { name: 'Postcode or ward' });
  await place.pressSequentially('se1 7', { delay: 60 });
  await expect(app.getByText(/Finish the postcode/)).toBeVisible();
  // Well past the debounce, still no error.
  await app.waitForTimeout(1_000);
  await expect(app.getByText(/unknown ward/)).toHaveCount(0);
  await expect(app.getByRole('alert')).toHaveCount(0);
});

test('an incident outside London gets a clear refusal, never a made-up number', async ({ app }) => {
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('100000');
  await app.getByLabel('Northing (metres)').fill('100000');
  await expect(app.getByRole('alert')).toContainText(/London|outside/i);
  await expect(app.getByTestId('eta')).toHaveCount(0);
});

test('the About dialog names the model in service and the database', async ({ app, dataDir }, testInfo) => {
  await app.getByRole('button', { name: 'About' }).click();
  const dialog = app.getByRole('dialog', { name: 'About Pump ETA' });
  await expect(dialog).toContainText('DEMO MODEL');
  await expect(dialog).toContainText(dataDir);
  await expect(dialog).toContainText('kept 90 days');
  await screenshot(app, 'about', testInfo);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the light theme is one click away and is remembered', async ({ app }, testInfo) => {
  const html = app.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await app.getByRole('button', { name: 'Switch to the light theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await app.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await screenshot(app, 'incident-light', testInfo);
});

test('About exports the prediction log of a period for an audit, as CSV', async ({ app, dataDir }) => {
  // One answer to log: the incident at coordinates.
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('530450');
  await app.getByLabel('Northing (metres)').fill('179050');
  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByTestId('eta')).toHaveText(/^\d+:\d\d\s*\d+ s$/);
  await app.getByRole('button', { name: 'About' }).click();
  const dialog = app.getByRole('dialog', { name: 'About Pump ETA' });
  await expect(dialog).toContainText('deleted after 90 days');
  await dialog.getByRole('button', { name: 'Export for audit…' }).click();
  const status = dialog.getByTestId('audit-saved');
  await expect(status).toContainText(' written to ');
  const today = await dialog.getByLabel('From').inputValue();
  const file = path.join(dataDir, EXPORTS, `pump-eta-audit-${today}-to-${today}.csv`);
  await expect(status).toContainText(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('answered_at_utc,answered_at_london,model_id,kind,input,output');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).some((line) => line.includes('530450'))).toBe(true);
  await expect(status).toContainText(`${lines.length - 1} answer(s)`);
});
