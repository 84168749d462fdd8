import {
  dropFiles,
  expect,
  fileFrom,
  guideScreenshot,
  LFB_SAMPLE,
  LFB_STATIONS,
  openScreen,
  screenshot,
  test,
} from './fixtures.js';

test('retrain with live progress, compare with the champion, promote, then roll back', async ({
  app,
  bridge,
}, testInfo) => {
  test.setTimeout(150_000);
  // The stations file (callsigns, positions) and the 2023 Incident sample, dropped together.
  await dropFiles(app, [fileFrom(LFB_STATIONS), fileFrom(LFB_SAMPLE)]);
  await expect(app.getByRole('article', { name: 'Report for incidents-2023-sample.csv' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(app.getByRole('article', { name: 'Report for stations.csv' })).toBeVisible();

  // The menu's View → Models, as Electron's menu would send it.
  bridge.sendMenu({ type: 'navigate', view: 'models' });
  await expect(app.getByRole('button', { name: 'Models', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const history = app.getByRole('region', { name: 'Models' });
  await expect(history.locator('tbody tr')).toHaveCount(1);
  await expect(history).toContainText('Champion');
  await expect(history).toContainText('DEMO MODEL');

  // Retrain: live progress, tree k of n.
  const retrain = app.getByRole('region', { name: 'Retrain' });
  await retrain.getByRole('button', { name: 'Retrain on imported data' }).click();
  await expect(retrain.getByRole('progressbar')).toBeVisible();
  await expect(retrain.getByText(/tree \d+ of \d+/)).toBeVisible({ timeout: 60_000 });
  await expect(retrain.getByText(/validation loss/)).toBeVisible();
  await guideScreenshot(app, 'models-training', testInfo);

  // Model → Retrain from the menu while one runs is refused, plainly.
  bridge.sendMenu({ type: 'command', command: 'retrain' });
  await expect(retrain.getByRole('alert')).toContainText(/already running/i);

  const trained = retrain.getByRole('status').filter({ hasText: /New model \w+ trained/ });
  await expect(trained).toBeVisible({ timeout: 120_000 });
  // The result says in one line how much weather the model learned from.
  await expect(trained).toContainText('Weather: ');
  const candidateId = /New model (\w+) trained/.exec((await trained.textContent()) ?? '')?.[1] ?? '';
  expect(candidateId).not.toBe('');
  await expect(history.locator('tbody tr')).toHaveCount(2);

  // Compare: both scored on the same newest holdout rows; metrics side by side, per-station changes, charts.
  await trained.getByRole('button', { name: 'Compare now' }).click();
  const comparison = app.getByRole('region', { name: 'Comparison with the champion' });
  await expect(comparison).toBeVisible({ timeout: 60_000 });
  await expect(comparison.getByRole('row', { name: /Mean absolute error/ })).toBeVisible();
  await expect(
    comparison
      .getByRole('img', { name: /Scatter of \d+ holdout rows/ })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await expect(
    comparison
      .getByRole('img', { name: /change in mean absolute error per station/ })
      .locator('svg')
      .first(),
  ).toBeVisible();
  await guideScreenshot(app, 'models-compare', testInfo);
  await comparison.getByRole('img', { name: /Scatter/ }).scrollIntoViewIfNeeded();
  await screenshot(app, 'models-compare-charts', testInfo);

  // Promote, through the confirmation; the demo model may be hard to beat on its own terms, so the
  // data officer forces it when the policy refuses (and the app records it).
  await comparison.getByRole('button', { name: 'Promote…' }).click();
  const dialog = app.getByRole('dialog', { name: `Promote model ${candidateId}?` });
  await expect(dialog).toBeVisible();
  await guideScreenshot(app, 'models-promote-dialog', testInfo);
  const policyAllows =
    (await comparison.getByText('The promotion policy allows this challenger').count()) > 0;
  if (!policyAllows) await dialog.getByLabel(/Promote even if the policy refuses/).check();
  await dialog.getByRole('button', { name: policyAllows ? 'Promote' : 'Force promotion' }).click();
  await expect(app.getByText(`Model ${candidateId} is now the champion`, { exact: false })).toBeVisible({
    timeout: 30_000,
  });
  await expect(app.getByTestId('model-chip')).toContainText(candidateId);
  await expect(app.getByTestId('model-chip')).not.toContainText('DEMO MODEL');

  // The dispatcher's answer now comes from the new champion.
  await openScreen(app, 'Incident');
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('538350');
  await app.getByLabel('Northing (metres)').fill('179450');
  await expect(app.getByRole('region', { name: 'Estimated arrival' })).toContainText(`Model ${candidateId}`);

  // Model → Rollback… never puts the demo model back by itself: it says so and changes nothing.
  bridge.sendMenu({ type: 'command', command: 'rollback' });
  await expect(app.getByText(/There is no earlier trained model to roll back to/)).toBeVisible();
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByTestId('model-chip')).toContainText(candidateId);

  // On purpose, from the demo model's own row: a confirmation that warns, then the demo model serves.
  await app
    .getByRole('row')
    .filter({ hasText: 'DEMO' })
    .getByRole('button', { name: 'Roll back to this…' })
    .click();
  const rollback = app.getByRole('dialog', { name: /Roll back to/ });
  await expect(rollback).toBeVisible();
  await expect(rollback).toContainText('This is the DEMO model');
  await rollback.getByRole('button', { name: 'Roll back to the demo model' }).click();
  await expect(app.getByText(/Rolled back: model \w+ is the champion again/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(app.getByTestId('model-chip')).toContainText('DEMO MODEL');
  await guideScreenshot(app, 'models', testInfo);
});
