import { expect, guideScreenshot, screenshot, test } from './fixtures.js';

/**
 * The incident form takes times and places the way dispatchers write them, exactly as the CLI does
 * (both reach the same core): London wall-clock call times, the autumn hour refused in words, full
 * postcodes, ward names in any spelling, near misses answered with "did you mean".
 */

test('the call time is London time; the hour that happens twice is refused in words', async ({
  app,
}, testInfo) => {
  const place = app.getByRole('combobox', { name: 'Postcode or ward' });
  await place.fill('SE1');
  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByTestId('eta')).toBeVisible();

  const callTime = app.getByLabel('Call time');
  await callTime.fill('2025-07-14T17:30');
  await expect(app.getByText('London time')).toBeVisible();
  await expect(answer.getByTestId('eta')).toBeVisible();
  await guideScreenshot(app, 'incident-call-time', testInfo);

  // 01:30 on the last Sunday of October happens twice in London: no guess, a sentence.
  await callTime.fill('2025-10-26T01:30');
  const alert = app.getByRole('alert');
  await expect(alert).toContainText('happens twice in London');
  await expect(alert).toContainText('+01:00 for the first (BST)');
  await expect(app.getByTestId('eta')).toHaveCount(0);

  await app.getByRole('button', { name: 'Now' }).click();
  await expect(app.getByTestId('eta')).toBeVisible();
});

test('places as people write them: a full postcode, a ward in any spelling, a near miss', async ({
  app,
}, testInfo) => {
  const place = app.getByRole('combobox', { name: 'Postcode or ward' });
  const foot = app.locator('.answer-foot');

  await place.fill('SE1 7PB');
  await expect(foot).toContainText(
    'placed at postcode district SE1 (the history has no incidents at SE1 7PB',
  );

  await place.fill('lambeth-north');
  await expect(foot).toContainText('placed at ward LAMBETH NORTH');
  await guideScreenshot(app, 'incident-ward', testInfo);

  await place.fill('Lambeth Nroth');
  await expect(app.getByRole('alert')).toContainText("did you mean 'LAMBETH NORTH'");
  await expect(app.getByTestId('eta')).toHaveCount(0);
  await screenshot(app, 'incident-did-you-mean', testInfo);
});

test('the ranking and the deploying station follow the place; the DEMO label is on the answer', async ({
  app,
}, testInfo) => {
  const place = app.getByRole('combobox', { name: 'Postcode or ward' });
  await place.fill('SE1');
  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  await expect(answer.getByText('DEMO MODEL')).toBeVisible();
  const ranking = app.getByRole('region', { name: 'Stations ranked by ETA' });
  await expect(ranking.getByRole('button').first()).toBeVisible();
  const deploying = app.getByLabel('Deploying station');
  await deploying.selectOption({ label: 'Lambeth' });
  await expect(answer.locator('.answer-station')).toContainText('Lambeth');
  await guideScreenshot(app, 'incident-ranking', testInfo);
});
