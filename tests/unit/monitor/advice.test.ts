import { describe, expect, it } from 'vitest';
import type { MonitorMonth, MonitorStation } from '../../../contract/index.js';
import {
  advise,
  decidingMonth,
  growingOptimism,
  MIN_BIAS_GROWTH_SECONDS,
  MIN_MONTH_VEHICLES,
} from '../../../main/core/monitor/advice.js';
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
        {
          feature: 'ward',
          psi: 0.4,
          level: 'major',
          seasonal: false,
          notInTrainingWindow: false,
          movers: [],
        },
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

  it('says an input gone missing is a file to import, and never counts it as drift', () => {
    // January's weather not imported yet, and a month's Mobilisation file imported after its incidents:
    // every value missing where the training window had them.
    const gone = (feature: string, before: number) => ({
      feature,
      psi: 18.4,
      level: 'major' as const,
      seasonal: false,
      notInTrainingWindow: false,
      movers: [{ category: '(missing)', before, after: 1 }],
    });
    const a = advise({
      holdout,
      months: [month('2025-01', 1_225, 70)],
      vehicles: 1_225,
      stations: [],
      drift: [gone('snow_cm', 0), gone('rain_mm', 0.02), gone('deployed_from_home', 0)],
      newCategories: [],
    });
    expect(a.retrain).toBe(false);
    expect(a.reasons).toHaveLength(0);
    expect(a.sentence).toMatch(/no weather imported for January 2025 yet: import its weather file/);
    expect(a.sentence).toMatch(
      /deployed_from_home missing for January 2025's vehicles but present at training/,
    );
    expect(a.sentence).not.toMatch(/major drift/);
    expect(a.sentence).toMatch(/no need to retrain yet\.$/);
    // Mostly missing at training already, or only partly missing now: drift as before.
    const partly = advise({
      holdout,
      months: [month('2025-01', 1_225, 70)],
      vehicles: 1_225,
      stations: [],
      drift: [
        { ...gone('rain_mm', 0.96), feature: 'rain_mm' },
        { ...gone('ward', 0.1), movers: [{ category: '(missing)', before: 0.1, after: 0.6 }] },
      ],
      newCategories: [],
    });
    expect(partly.retrain).toBe(true);
    expect(partly.sentence).toMatch(/major drift in rain_mm, ward;/);
  });

  it('reads the newest month that is not partly imported', () => {
    const months = [month('2024-09', 6_000, 70), month('2024-10', 6_200, 70), month('2024-11', 900, 70)];
    expect(900).toBeGreaterThanOrEqual(MIN_MONTH_VEHICLES);
    expect(decidingMonth(months)?.month).toBe('2024-10');
  });
});

/** A month whose errors (estimate − actual) have this mean and spread, and absolute errors this mean. */
function biased(name: string, n: number, bias: number, sd = 60, mae = 70): MonitorMonth {
  return monthOf(name, {
    ...emptySums(),
    vehicles: n,
    absSum: mae * n,
    sqSum: (sd * sd + bias * bias) * n,
    errSum: bias * n,
  });
}

describe('a growing optimistic bias', () => {
  const three = (b1: number, b2: number, b3: number, n = 5_000, sd = 60) => [
    biased('2024-09', n, b1, sd),
    biased('2024-10', n, b2, sd),
    biased('2024-11', n, b3, sd),
  ];

  it('recommends retraining when the estimates get earlier month after month', () => {
    const months = three(-20, -35, -50);
    const a = advise({ holdout, months, vehicles: 15_000, ...none });
    expect(a.retrain).toBe(true);
    expect(a.sentence).toBe(
      "MAE on November 2024's 5,000 vehicles is as at training; estimates more optimistic month after " +
        'month (bias −20 s, −35 s, −50 s); retraining is recommended.',
    );
    expect(a.reasons).toEqual([
      'a growing optimistic bias: -20.0 s in September 2024, -35.0 s in October 2024, -50.0 s in November 2024 ' +
        `(estimate − actual; 30.0 s more optimistic, beyond both the ${MIN_BIAS_GROWTH_SECONDS} s floor and chance)`,
    ]);
  });

  it('reads the months up to the deciding one: a partly imported newest month is left out', () => {
    const months = [...three(-20, -35, -50), biased('2024-12', 900, 0)];
    expect(growingOptimism(months, decidingMonth(months)!)?.map((m) => m.month)).toEqual([
      '2024-09',
      '2024-10',
      '2024-11',
    ]);
    expect(advise({ holdout, months, vehicles: 15_900, ...none }).retrain).toBe(true);
  });

  it('does not fire on a bias that wobbles, grows too little, is not optimistic, or moves within chance', () => {
    const fires = (months: MonitorMonth[]) => growingOptimism(months, decidingMonth(months)!) !== null;
    expect(fires(three(-20, -35, -50))).toBe(true);
    // Not every month earlier than the one before.
    expect(fires(three(-20, -50, -35))).toBe(false);
    // 10 s in all: under the floor.
    expect(fires(three(-20, -25, -30))).toBe(false);
    // Falling, but still late estimates (pessimistic) at the end.
    expect(fires(three(40, 25, 5))).toBe(false);
    // Only two judged months.
    expect(fires(three(-20, -35, -50).slice(1))).toBe(false);
    // 30 s on 600 vehicles a month with a 300 s spread: within chance.
    expect(fires(three(-20, -35, -50, 600, 300))).toBe(false);
    for (const months of [three(-20, -50, -35), three(-20, -25, -30), three(40, 25, 5)]) {
      expect(advise({ holdout, months, vehicles: 15_000, ...none }).retrain).toBe(false);
    }
  });
});
