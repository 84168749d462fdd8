import { likelyPumps } from '../../contract/index.js';
import { PUMPS_SUMMARY } from '../fixtures/pumps-summary.js';
import { expect, test } from './fixtures.js';

test('the answer says how many pumps the incident will need, with the distribution as a bar list', async ({
  app,
}) => {
  await app.getByText('Coordinates', { exact: true }).click();
  await app.getByLabel('Easting (metres)').fill('531500');
  await app.getByLabel('Northing (metres)').fill('180000');
  await app.getByLabel('Incident type').selectOption('Fire');
  await app.getByLabel('Stop code').selectOption('Primary Fire');
  await app.getByLabel('Property category').selectOption('Dwelling');

  const answer = app.getByRole('region', { name: 'Estimated arrival' });
  const pumps = answer.getByRole('region', { name: 'Pumps needed' });
  await expect(pumps.getByTestId('pumps-summary')).toHaveText(PUMPS_SUMMARY);
  const list = pumps.getByRole('list', { name: 'Chance of each number of pumps' });
  const bars = list.getByRole('listitem');
  await expect(bars).toHaveCount(5);
  await expect(bars.first()).toContainText(/^1 pump\s*\d{1,3} %$/);
  await expect(bars.last()).toContainText(/^5\+ pumps\s*\d{1,3} %$/);

  // The bars are the model's distribution: they sum to 1, the highlighted ones are the counts the
  // summary names (by the headline rule), and "4 or more" is the last two bars together.
  const probabilities: number[] = [];
  const highlighted: number[] = [];
  for (let k = 0; k < 5; k += 1) {
    probabilities.push(Number(await bars.nth(k).getAttribute('data-probability')));
    if ((await bars.nth(k).getAttribute('data-likely')) === 'true') highlighted.push(k + 1);
  }
  expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  const likely = likelyPumps(probabilities);
  expect(highlighted).toEqual(Array.from({ length: likely.to - likely.from + 1 }, (_, i) => likely.from + i));
  const summary = (await pumps.getByTestId('pumps-summary').textContent()) ?? '';
  const many = Math.round((probabilities[3]! + probabilities[4]!) * 100);
  if (!summary.startsWith('4 or more'))
    expect(summary).toContain(many < 1 ? 'under 1 %' : `${many} % chance of 4 or more`);

  // A different call (a secondary fire outdoors) changes the distribution.
  const before = probabilities.join(',');
  await app.getByLabel('Stop code').selectOption('Secondary Fire');
  await app.getByLabel('Property category').selectOption('Outdoor');
  await expect
    .poll(async () => {
      const now: string[] = [];
      for (let k = 0; k < 5; k += 1) now.push((await bars.nth(k).getAttribute('data-probability')) ?? '');
      return now.join(',');
    })
    .not.toBe(before);
});
