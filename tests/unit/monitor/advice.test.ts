import { describe, expect, it } from 'vitest';
import type { MonitorMonth, MonitorStation } from '../../../contract/index.js';
import { advise, decidingMonth, MIN_MONTH_VEHICLES } from '../../../main/core/monitor/advice.js';
import { monthOf, emptySums } from '../../../main/core/monitor/sums.js';

/** A month of `n` vehicles whose absolute errors average `mae` with the given spread. */
function month(name: string, n: number, mae: number, sd = 60): MonitorMonth {
  const rmse = Math.sqrt(sd * sd + mae * mae);
  return monthOf(name, {
    ...emptySums(),
    vehicles: n,
    absSum: mae * n,
    sqSum: rmse * rmse * n,
    errSum: -10 * n,
  });
}

const holdout = { mae: 70, low: 68.8, high: 71.2, rows: 10_000 };
const none = { stations: [] as MonitorStation[], drift: [], newCategories: [] };

describe('the advice', () => {
  it('never recommends on too few vehicles, and says so', () => {
    const a = advise({ holdout, months: [month('2024-01', 120, 200)], vehicles: 120, ...none });
    expect(a.retrain).toBe(false);
    expect(a.sentence).toMatch(/too few to judge; no need to retrain yet/);
  });

  it('recommends when the newest month is worse beyond chance and the floor', () => {
    const a = advise({ holdout, months: [month('2024-11', 12_300, 79)], vehicles: 12_300, ...none });
    expect(a.retrain).toBe(true);
    expect(a.sentence).toBe(
      "MAE on November 2024's 12,300 vehicles is 9 s worse than at training; retraining is recommended.",
    );
  });

  it('does not recommend a change within the floor or within chance', () => {
    expect(
      advise({ holdout, months: [month('2024-11', 12_300, 73)], vehicles: 12_300, ...none }).retrain,
    ).toBe(false);
    // 9 s worse, but on 600 vehicles with a wide spread: within chance.
    expect(
      advise({ holdout, months: [month('2024-11', 600, 79, 150)], vehicles: 600, ...none }).retrain,
    ).toBe(false);
  });

  it('names new stations, shifted stations and major non-seasonal drift', () => {
    const a = advise({
      holdout,
      months: [month('2024-11', 5_000, 70)],
      vehicles: 5_000,
      stations: [
        {
          code: 'A24',
          name: 'Soho',
          vehicles: 300,
          mae: 110,
          bias: -70,
          holdoutMae: 70,
          holdoutBias: -10,
          biasShift: -58,
          shifted: true,
        },
      ],
      drift: [
        { feature: 'month', psi: 5, level: 'major', seasonal: true, notInTrainingWindow: false, movers: [] },
        { feature: 'ward', psi: 0.4, level: 'major', seasonal: false, notInTrainingWindow: false, movers: [] },
      ],
      newCategories: [
        { feature: 'station', category: 'Z99', vehicles: 400, firstMonth: '2024-10' },
        { feature: 'station', category: 'Z98', vehicles: 3, firstMonth: '2024-11' },
      ],
    });
    expect(a.retrain).toBe(true);
    expect(a.sentence).toMatch(/1 station opened since/);
    expect(a.sentence).toMatch(/Soho slower by 58 s/);
    expect(a.sentence).toMatch(/major drift in ward;/);
    expect(a.sentence).not.toMatch(/month/);
    expect(a.reasons).toHaveLength(3);
  });

  it('reads the newest month that is not partly imported', () => {
    const months = [month('2024-09', 6_000, 70), month('2024-10', 6_200, 70), month('2024-11', 900, 70)];
    expect(900).toBeGreaterThanOrEqual(MIN_MONTH_VEHICLES);
    expect(decidingMonth(months)?.month).toBe('2024-10');
  });
});
